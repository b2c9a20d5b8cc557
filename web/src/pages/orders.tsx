import { api } from "../api/client";
import { ok } from "../api/errors";
import { currentSession } from "../api/session";
import { optionText } from "../cart";
import { Link, useLocation } from "../router";
import { OrderReturns } from "./returns";
import { ReviewForm } from "./review-form";
import { cents, Columns, ErrorMessage, formatTime, idOf, Loading, Money, Notice, orderState, useAction, useLoad, useTitle } from "../ui";

export function OrdersPage() {
  useTitle("Your orders");
  const orders = useLoad(() => ok(api.GET("/v1/orders", { params: { query: { page_size: 50 } } })), []);
  if (!currentSession()) return <LoginFirst />;
  return (
    <section aria-labelledby="orders-heading">
      <h1 id="orders-heading">Your orders</h1>
      {orders.loading && <Loading what="your orders" />}
      <ErrorMessage error={orders.error} />
      {orders.data && !orders.data.orders?.length && <p>No orders yet.</p>}
      <ul class="order-list">
        {(orders.data?.orders ?? []).map((order) => (
          <li key={order.name} class="card">
            <Link href={`/orders/${idOf(order.name)}`}>Order {order.number || idOf(order.name).slice(0, 8)}</Link> · {formatTime(order.create_time)} ·{" "}
            <span class={`state state-${orderState(order.state)}`}>{orderState(order.state)}</span> · <Money value={order.total} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function LoginFirst() {
  return (
    <p>
      <Link href={`/login?next=${encodeURIComponent(location.pathname)}`}>Log in</Link> to see your orders.
    </p>
  );
}

export function OrderPage({ id }: { id: string }) {
  const { query } = useLocation();
  const order = useLoad(() => ok(api.GET("/v1/orders/{order}", { params: { path: { order: id } } })), [id]);
  const cancel = useAction();
  useTitle(`Order ${order.data?.order?.number || id.slice(0, 8)}`);
  if (!currentSession()) return <LoginFirst />;
  if (order.error) return <ErrorMessage error={order.error} />;
  const found = order.data?.order;
  if (!found) return <Loading what="the order" />;
  const address = found.shipping_address;
  return (
    <article aria-labelledby="order-heading">
      {query.get("placed") && found.state === "STATE_CONFIRMED" && (
        <Notice kind="success">Thank you! Your order is confirmed; a confirmation is on its way to your inbox.</Notice>
      )}
      <h1 id="order-heading">Order {found.number || id.slice(0, 8)}</h1>
      <p>
        Placed {formatTime(found.create_time)} ·{" "}
        <span class={`state state-${orderState(found.state)}`} data-testid="order-state">
          {orderState(found.state)}
        </span>
        {found.cancel_reason && <> ({found.cancel_reason.toLowerCase().replace(/_/g, " ")})</>}
      </p>
      {found.prices_changed && <p class="message info">Some prices changed between your cart and checkout; the order shows what you paid.</p>}
      <section aria-labelledby="tracking-heading" class="card">
        <h2 id="tracking-heading">Delivery</h2>
        {found.tracking_number ? (
          <p data-testid="tracking">
            Shipped with {found.carrier}, tracking number <strong>{found.tracking_number}</strong>
            {(found.state === "STATE_DELIVERED" || found.state === "STATE_PARTIALLY_REFUNDED") && " · delivered"}
          </p>
        ) : (
          <p>{found.state === "STATE_CONFIRMED" ? "Being prepared; you will get a tracking number when it ships." : "Not shipped."}</p>
        )}
        {found.tracking_number && <TrackingHistory id={id} />}
        {address && (
          <address>
            {address.recipient}
            <br />
            {address.line1}
            {address.line2 && `, ${address.line2}`}
            <br />
            {address.postal_code} {address.city} {address.region} {address.country_code}
          </address>
        )}
      </section>
      <table class="lines">
        <caption class="visually-hidden">What you ordered</caption>
        <Columns names={["Product", "Quantity", "Price", "Total"]} />
        <tbody>
          {(found.lines ?? []).map((line) => (
            <tr key={line.variant || line.product}>
              <td>
                <Link href={`/products/${idOf(line.product)}`}>{line.display_name}</Link>
                {line.option_values?.length ? <span class="muted options"> {optionText(line)}</span> : null}
                {(found.state === "STATE_DELIVERED" || found.state === "STATE_PARTIALLY_REFUNDED") && (
                  <div>
                    <ReviewForm product={line.product ?? ""} productName={line.display_name ?? ""} />
                  </div>
                )}
              </td>
              <td>{line.quantity}</td>
              <td>
                <Money value={line.unit_price} />
              </td>
              <td>
                <Money value={line.line_total} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl class="totals">
        <div>
          <dt>Items</dt>
          <dd>
            <Money value={found.items_total} />
          </dd>
        </div>
        {cents(found.discount) > 0 && (
          <div>
            <dt>Discount{found.coupon_code && ` (coupon ${found.coupon_code})`}</dt>
            <dd data-testid="order-discount">
              −<Money value={found.discount} />
            </dd>
          </div>
        )}
        <div>
          <dt>Shipping</dt>
          <dd>
            <Money value={found.shipping} />
          </dd>
        </div>
        <div>
          <dt>Tax</dt>
          <dd>
            <Money value={found.tax} />
          </dd>
        </div>
        <div class="grand">
          <dt>Total</dt>
          <dd data-testid="order-total">
            <Money value={found.total} />
          </dd>
        </div>
        {cents(found.refunded) > 0 && (
          <div>
            <dt>Refunded</dt>
            <dd data-testid="order-refunded">
              <Money value={found.refunded} />
            </dd>
          </div>
        )}
      </dl>
      <OrderReturns order={found} onChange={order.reload} />
      {found.card_last4 && <p class="muted">Paid with the card ending {found.card_last4}.</p>}
      {found.state === "STATE_CONFIRMED" && (
        <button
          type="button"
          disabled={cancel.busy}
          onClick={() =>
            cancel.run(async () => {
              await ok(api.POST("/v1/orders/{order}:cancel", { params: { path: { order: id } }, body: {} }));
              order.reload();
            })
          }
        >
          Cancel this order
        </button>
      )}
      <ErrorMessage error={cancel.error} />
    </article>
  );
}

/** The parcel's steps, newest first: the shop's own and what the carrier reported. */
function TrackingHistory({ id }: { id: string }) {
  const shipment = useLoad(() => ok(api.GET("/v1/orders/{order}/shipment", { params: { path: { order: id } } })), [id]);
  const steps = [...(shipment.data?.shipment?.tracking_events ?? [])].reverse();
  if (shipment.error) return <ErrorMessage error={shipment.error} />;
  return (
    <ol class="tracking" aria-label="Where your parcel is" data-testid="tracking-history">
      {steps.map((step, index) => (
        <li key={index}>
          <time dateTime={step.event_time}>{formatTime(step.event_time)}</time> {step.description}
          {step.location && <span class="muted"> · {step.location}</span>}
        </li>
      ))}
    </ol>
  );
}
