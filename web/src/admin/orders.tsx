import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import type { V1Order } from "../api/schema";
import { AdminReturns } from "./returns";
import { ErrorMessage, formatTime, idOf, Loading, Money, orderState, Pager, useAction, useLoad, usePages } from "../ui";

export function OrdersAdmin() {
  const pages = usePages();
  const orders = useLoad(() => ok(api.GET("/v1/orders", { params: { query: { page_size: 20, page_token: pages.token } } })), [
    pages.depth,
  ]);
  return (
    <section aria-labelledby="admin-orders-heading">
      <h1 id="admin-orders-heading">Orders</h1>
      {orders.loading && <Loading what="orders" />}
      <ErrorMessage error={orders.error} />
      <ul class="order-list">
        {(orders.data?.orders ?? []).map((order) => (
          <AdminOrder key={order.name} initial={order} />
        ))}
      </ul>
      <Pager back={pages.back} forward={pages.forward(orders.data?.next_page_token)} labels={["Newer orders", "Older orders"]} />
    </section>
  );
}

function AdminOrder({ initial }: { initial: V1Order }) {
  const [order, setOrder] = useState(initial);
  const [carrier, setCarrier] = useState("UPS");
  const [tracking, setTracking] = useState("");
  const action = useAction();
  const id = idOf(order.name);
  const path = { order: id };
  const act = (call: () => Promise<{ order?: V1Order }>) =>
    action.run(async () => {
      const changed = await call();
      if (changed.order) setOrder(changed.order);
    });
  return (
    <li class="card" aria-labelledby={`order-${id}`} data-testid="admin-order" data-order={order.name}>
      <h2 id={`order-${id}`} class="order-title">
        Order {order.number || id.slice(0, 8)} · <span class={`state state-${orderState(order.state)}`}>{orderState(order.state)}</span> ·{" "}
        <Money value={order.total} />
      </h2>
      <p class="muted">
        {formatTime(order.create_time)} · {order.shipping_address?.recipient}, {order.shipping_address?.city} ·{" "}
        {(order.lines ?? []).map((line) => `${line.quantity} × ${line.display_name}`).join(", ")}
      </p>
      {order.tracking_number && (
        <p>
          {order.carrier} {order.tracking_number}
        </p>
      )}
      {order.state === "STATE_CONFIRMED" && (
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            act(() => ok(api.POST("/v1/orders/{order}:ship", { params: { path }, body: { carrier, tracking_number: tracking } })));
          }}
        >
          <div class="field">
            <label for={`carrier-${id}`}>Carrier</label>
            <select id={`carrier-${id}`} value={carrier} onChange={(e) => setCarrier(e.currentTarget.value)}>
              {["UPS", "FedEx", "DHL", "USPS"].map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={`tracking-${id}`}>Tracking number</label>
            <input id={`tracking-${id}`} required value={tracking} onInput={(e) => setTracking(e.currentTarget.value)} />
          </div>
          <button type="submit" class="primary" disabled={action.busy}>
            Ship
          </button>
        </form>
      )}
      {order.state === "STATE_SHIPPED" && (
        <button type="button" class="primary" disabled={action.busy} onClick={() => act(() => ok(api.POST("/v1/orders/{order}:deliver", { params: { path }, body: {} })))}>
          Mark delivered
        </button>
      )}
      {["STATE_SHIPPED", "STATE_DELIVERED", "STATE_PARTIALLY_REFUNDED"].includes(order.state ?? "") && (
        <>
          {" "}
          <button type="button" disabled={action.busy} onClick={() => act(() => ok(api.POST("/v1/orders/{order}:refund", { params: { path }, body: {} })))}>
            Refund
          </button>
        </>
      )}
      <AdminReturns order={order} onChange={() => act(() => ok(api.GET("/v1/orders/{order}", { params: { path } })))} />
      <ErrorMessage error={action.error} />
    </li>
  );
}
