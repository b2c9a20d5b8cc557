import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import type { V1Order, V1OrderReturn } from "../api/schema";
import { ErrorMessage, idOf, Money, orderState, useAction, useLoad } from "../ui";

/** An order's returns with what the shop does next: approve or reject a request, receive an approved one. */
export function AdminReturns({ order, onChange }: { order: V1Order; onChange: () => void }) {
  const id = idOf(order.name);
  const returns = useLoad(() => ok(api.GET("/v1/orders/{order}/returns", { params: { path: { order: id } } })), [id, order.etag]);
  const found = returns.data?.order_returns ?? [];
  if (!found.length) return null;
  return (
    <ul class="returns" aria-label={`Returns of order ${id.slice(0, 8)}`}>
      {found.map((r) => (
        <AdminReturn key={`${r.name}-${r.etag}`} orderReturn={r} onChange={() => (returns.reload(), onChange())} />
      ))}
    </ul>
  );
}

function AdminReturn({ orderReturn, onChange }: { orderReturn: V1OrderReturn; onChange: () => void }) {
  const action = useAction();
  const [reason, setReason] = useState("");
  const [, orderId, , returnId] = (orderReturn.name ?? "").split("/");
  const path = { order: orderId, return: returnId };
  const act = (call: () => Promise<unknown>) =>
    action.run(async () => {
      await call();
      onChange();
    });
  const open = orderReturn.state === "STATE_REQUESTED" || orderReturn.state === "STATE_APPROVED";
  return (
    <li data-testid="admin-return">
      Return {returnId.slice(0, 8)}: {(orderReturn.lines ?? []).map((l) => `${l.quantity} × ${l.display_name}`).join(", ")} ·{" "}
      <span class={`state state-${orderState(orderReturn.state)}`}>{orderState(orderReturn.state)}</span> · refund{" "}
      <Money value={orderReturn.refund_total} />
      {orderReturn.reason && <> · “{orderReturn.reason}”</>}{" "}
      {orderReturn.state === "STATE_REQUESTED" && (
        <button type="button" disabled={action.busy} onClick={() => act(() => ok(api.POST("/v1/orders/{order}/returns/{return}:approve", { params: { path }, body: {} })))}>
          Approve
        </button>
      )}
      {orderReturn.state === "STATE_APPROVED" && (
        <button type="button" class="primary" disabled={action.busy} onClick={() => act(() => ok(api.POST("/v1/orders/{order}/returns/{return}:receive", { params: { path }, body: {} })))}>
          Received: restock and refund
        </button>
      )}
      {open && (
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            act(() => ok(api.POST("/v1/orders/{order}/returns/{return}:reject", { params: { path }, body: { reason } })));
          }}
        >
          <label for={`reject-${returnId}`}>Reason to reject</label>
          <input id={`reject-${returnId}`} required maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          <button type="submit" disabled={action.busy}>
            Reject
          </button>
        </form>
      )}
      <ErrorMessage error={action.error} />
    </li>
  );
}
