import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import type { ModerateReviewRequestDecision, V1Review } from "../api/schema";
import { Link } from "../router";
import { ErrorMessage, formatTime, Loading, Notice, Stars, useAction, useLoad } from "../ui";

export function ReviewQueue() {
  const pending = useLoad(() => ok(api.GET("/v1/pendingReviews", { params: { query: { page_size: 50 } } })), []);
  return (
    <section aria-labelledby="queue-heading">
      <h1 id="queue-heading">Reviews waiting for moderation</h1>
      {pending.loading && <Loading what="reviews" />}
      <ErrorMessage error={pending.error} />
      {pending.data && !pending.data.reviews?.length && <p>Nothing to moderate.</p>}
      <ul class="order-list">
        {(pending.data?.reviews ?? []).map((review) => (
          <PendingReview key={review.name} review={review} />
        ))}
      </ul>
    </section>
  );
}

function PendingReview({ review }: { review: V1Review }) {
  const [reason, setReason] = useState("");
  const [decided, setDecided] = useState("");
  const action = useAction();
  const [, productId, , reviewId] = (review.name ?? "").split("/");
  const moderate = (decision: ModerateReviewRequestDecision) =>
    action.run(async () => {
      await ok(
        api.POST("/v1/products/{product}/reviews/{review}:moderate", {
          params: { path: { product: productId, review: reviewId } },
          body: { decision, reason: decision === "DECISION_REJECT" ? reason : "" },
        }),
      );
      setDecided(decision === "DECISION_APPROVE" ? "Approved: it shows on the product page." : "Rejected.");
    });
  const id = reviewId;
  return (
    <li class="card" aria-labelledby={`review-${id}`} data-testid="pending-review">
      <h2 id={`review-${id}`} class="order-title">
        <Stars rating={review.rating} /> {review.title}
      </h2>
      <p>{review.body}</p>
      <p class="muted">
        {formatTime(review.create_time)} · on <Link href={`/products/${productId}`}>this product</Link>
      </p>
      {decided ? (
        <Notice kind="success">{decided}</Notice>
      ) : (
        <div class="inline-form">
          <button type="button" class="primary" disabled={action.busy} onClick={() => moderate("DECISION_APPROVE")}>
            Approve
          </button>
          <div class="field">
            <label for={`reason-${id}`}>Reason to reject</label>
            <input id={`reason-${id}`} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </div>
          <button type="button" disabled={action.busy} onClick={() => moderate("DECISION_REJECT")}>
            Reject
          </button>
        </div>
      )}
      <ErrorMessage error={action.error} />
    </li>
  );
}
