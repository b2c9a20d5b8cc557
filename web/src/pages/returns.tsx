import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import type { V1Order, V1OrderReturn } from "../api/schema";
import { optionText } from "../cart";
import { ErrorMessage, formatTime, idOf, Money, Notice, orderState, useAction, useLoad } from "../ui";

const RETURNABLE = new Set(["STATE_DELIVERED", "STATE_PARTIALLY_REFUNDED"]);

/** The order's returns, and (while it can be returned) a form to send units back. */
export function OrderReturns({ order, onChange }: { order: V1Order; onChange: () => void }) {
  const id = idOf(order.name);
  const returns = useLoad(() => ok(api.GET("/v1/orders/{order}/returns", { params: { path: { order: id } } })), [id, order.etag]);
  const found = returns.data?.order_returns ?? [];
  if (!RETURNABLE.has(order.state ?? "") && !found.length) return null;
  return (
    <section aria-labelledby="returns-heading" class="card">
      <h2 id="returns-heading">Returns</h2>
      <ErrorMessage error={returns.error} />
      {found.length > 0 && (
        <ul data-testid="returns">
          {found.map((r) => (
            <ReturnSummary key={r.name} orderReturn={r} />
          ))}
        </ul>
      )}
      {RETURNABLE.has(order.state ?? "") && <ReturnForm order={order} taken={found} onDone={() => (returns.reload(), onChange())} />}
    </section>
  );
}

function ReturnSummary({ orderReturn }: { orderReturn: V1OrderReturn }) {
  return (
    <li>
      {formatTime(orderReturn.create_time)} · {(orderReturn.lines ?? []).map((l) => `${l.quantity} × ${l.display_name}`).join(", ")} ·{" "}
      <span class={`state state-${orderState(orderReturn.state)}`}>{orderState(orderReturn.state)}</span> · refund <Money value={orderReturn.refund_total} />
      {orderReturn.reject_reason && <> ({orderReturn.reject_reason})</>}
    </li>
  );
}

/** What tells an order's lines apart: the variant (the product, on a line from before variants). */
const keyOf = (line: { product?: string; variant?: string }) => line.variant || line.product || "";

/** Units still free to return, by line: ordered minus those in returns that are not rejected. */
function left(order: V1Order, taken: V1OrderReturn[]): Map<string, number> {
  const free = new Map<string, number>();
  for (const line of order.lines ?? []) free.set(keyOf(line), (free.get(keyOf(line)) ?? 0) + Number(line.quantity ?? 0));
  for (const r of taken) {
    if (r.state === "STATE_REJECTED") continue;
    for (const line of r.lines ?? []) free.set(keyOf(line), (free.get(keyOf(line)) ?? 0) - Number(line.quantity ?? 0));
  }
  return free;
}

function ReturnForm({ order, taken, onDone }: { order: V1Order; taken: V1OrderReturn[]; onDone: () => void }) {
  const free = left(order, taken);
  const [wanted, setWanted] = useState<Record<string, number>>({});
  const [reason, setReason] = useState("");
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [sent, setSent] = useState(false);
  const action = useAction();
  const lines = (order.lines ?? []).filter((line) => (free.get(keyOf(line)) ?? 0) > 0);
  const byKey = new Map((order.lines ?? []).map((line) => [keyOf(line), line]));
  if (!lines.length) return <p class="muted">Every unit of this order is in a return.</p>;
  const chosen = Object.entries(wanted).filter(([, quantity]) => quantity > 0);
  return (
    <form
      aria-label="Return items"
      onSubmit={(event) => {
        event.preventDefault();
        action.run(async () => {
          await ok(
            api.POST("/v1/orders/{order}/returns", {
              params: { path: { order: idOf(order.name) } },
              body: {
                request_id: requestId,
                reason,
                lines: chosen.map(([key, quantity]) => ({
                  product: byKey.get(key)?.product ?? "",
                  variant: byKey.get(key)?.variant ?? "",
                  quantity: String(quantity),
                })),
              },
            }),
          );
          setWanted({});
          setReason("");
          setRequestId(crypto.randomUUID());
          setSent(true);
          onDone();
        });
      }}
    >
      {sent && <Notice kind="success">Your return request is in; we will mail you when it is approved.</Notice>}
      <p>Send back units within 30 days of delivery; you get their price and tax back once they arrive.</p>
      {lines.map((line) => {
        const fieldId = `return-${idOf(keyOf(line))}`;
        return (
          <div class="field" key={keyOf(line)}>
            <label for={fieldId}>
              {line.display_name}
              {line.option_values?.length ? ` (${optionText(line)})` : ""}
            </label>
            <select
              id={fieldId}
              value={wanted[keyOf(line)] ?? 0}
              onChange={(e) => setWanted({ ...wanted, [keyOf(line)]: Number(e.currentTarget.value) })}
            >
              {Array.from({ length: (free.get(keyOf(line)) ?? 0) + 1 }, (_, n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <div class="field">
        <label for="return-reason">Why (optional)</label>
        <textarea id="return-reason" maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <button type="submit" class="primary" disabled={action.busy || !chosen.length}>
        Request a return
      </button>
      <ErrorMessage error={action.error} />
    </form>
  );
}
