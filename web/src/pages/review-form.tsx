import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import { ErrorMessage, Notice, useAction } from "../ui";

/** A delivered order's product, reviewed by its buyer (the service checks the delivery again). */
export function ReviewForm({ product, productName }: { product: string; productName: string }) {
  const [open, setOpen] = useState(false);
  const [rating, setRating] = useState(5);
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [sent, setSent] = useState(false);
  const action = useAction();
  const id = product.replace(/\W/g, "-");
  if (sent) return <Notice kind="success">Thank you! Your review of {productName} shows on its page once a moderator approves it.</Notice>;
  if (!open) {
    return (
      <button type="button" class="link-button" onClick={() => setOpen(true)}>
        Review {productName}
      </button>
    );
  }
  return (
    <form
      class="card"
      aria-label={`Your review of ${productName}`}
      onSubmit={(event) => {
        event.preventDefault();
        action.run(async () => {
          await ok(api.POST("/v1/products/{product}/reviews", { params: { path: { product: product.split("/")[1] } }, body: { rating, title, body } }));
          setSent(true);
        });
      }}
    >
      <div class="field">
        <label for={`${id}-rating`}>Rating</label>
        <select id={`${id}-rating`} value={rating} onChange={(e) => setRating(Number(e.currentTarget.value))}>
          {[5, 4, 3, 2, 1].map((stars) => (
            <option key={stars} value={stars}>
              {stars} {stars === 1 ? "star" : "stars"}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${id}-title`}>Title</label>
        <input id={`${id}-title`} required maxLength={120} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        {action.error?.fields["review.title"] && <small class="field-error">{action.error.fields["review.title"]}</small>}
      </div>
      <div class="field">
        <label for={`${id}-body`}>Your review</label>
        <textarea id={`${id}-body`} required rows={4} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        {action.error?.fields["review.body"] && <small class="field-error">{action.error.fields["review.body"]}</small>}
      </div>
      <button type="submit" class="primary" disabled={action.busy}>
        Send review
      </button>
      <ErrorMessage error={action.error} />
    </form>
  );
}
