import { useState } from "preact/hooks";
import { api, requestId } from "../api/client";
import { ok } from "../api/errors";
import type { V1Address } from "../api/schema";
import { currentSession } from "../api/session";
import { loadCart, optionText } from "../cart";
import { Link, navigate } from "../router";
import { cents, ErrorMessage, Field, idOf, Loading, Money, useAction, useLoad, useTitle } from "../ui";

const EMPTY_ADDRESS: V1Address = { recipient: "", line1: "", line2: "", city: "", postal_code: "", region: "", country_code: "US" };

export function CheckoutPage() {
  useTitle("Checkout");
  const session = currentSession();
  const cart = useLoad(loadCart, []);
  const saved = useLoad(
    async () =>
      session ? ((await ok(api.GET("/v1/users/{user}/addresses", { params: { path: { user: "me" } } }))).saved_addresses ?? []) : [],
    [],
  );
  const [choice, setChoice] = useState<string>("");
  const [address, setAddress] = useState<V1Address>({ ...EMPTY_ADDRESS, recipient: session?.user.display_name ?? "" });
  const [card, setCard] = useState({ number: "", exp: "", cvc: "" });
  // One request id per attempt the shopper makes: a retry after a network error is the same checkout.
  const [attempt, setAttempt] = useState(requestId());
  const action = useAction();
  const countries = useLoad(async () => (await ok(api.GET("/v1/shipping/countries"))).countries ?? [], []);
  const addresses = saved.data ?? [];
  const using = choice || addresses.find((a) => a.default)?.name || "new";
  // The order as checkout would place it now: every line, discount, shipping, tax and the total, before paying.
  // Shipping and tax depend on the country only, so a new address is previewed as soon as its country is set.
  const destination =
    using === "new"
      ? { shipping_address: { recipient: "-", line1: "-", city: "-", postal_code: "--", country_code: address.country_code } }
      : { saved_address: using };
  const preview = useLoad(
    async () =>
      session && !saved.loading && cart.data?.items?.length
        ? (await ok(api.POST("/v1/orders:preview", { body: destination }))).order
        : undefined,
    [using, address.country_code, cart.data?.update_time, saved.loading],
  );
  if (!session) {
    return (
      <p>
        <Link href="/login?next=/checkout">Log in</Link> to check out.
      </p>
    );
  }
  if (cart.error) return <ErrorMessage error={cart.error} />;
  if (!cart.data || saved.loading) return <Loading what="your cart" />;
  if (!cart.data.items?.length) {
    return (
      <p>
        Your cart is empty. <Link href="/search">Keep shopping</Link>.
      </p>
    );
  }
  const set = (key: keyof V1Address) => (event: { currentTarget: { value: string } }) =>
    setAddress({ ...address, [key]: event.currentTarget.value });
  const submit = (event: Event) => {
    event.preventDefault();
    action.run(async () => {
      const [month, year] = card.exp.split("/").map((part) => Number(part.trim()));
      const placed = await ok(
        api.POST("/v1/orders:checkout", {
          body: {
            request_id: attempt,
            ...(using === "new" ? { shipping_address: address } : { saved_address: using }),
            card: {
              number: card.number.replace(/\s+/g, ""),
              exp_month: month || 0,
              exp_year: year ? (year < 100 ? 2000 + year : year) : 0,
              cvc: card.cvc,
            },
          },
        }),
      ).catch((error) => {
        setAttempt(requestId()); // the service answered: a new attempt is a new checkout
        throw error;
      });
      await loadCart();
      navigate(`/orders/${idOf(placed.order?.name)}?placed=1`);
    });
  };
  const error = action.error;
  return (
    <form class="checkout" onSubmit={submit} aria-labelledby="checkout-heading" noValidate>
      <h1 id="checkout-heading">Checkout</h1>
      <section aria-labelledby="ship-heading" class="card">
        <h2 id="ship-heading">Ship to</h2>
        {addresses.length > 0 && (
          <fieldset>
            <legend>Your addresses</legend>
            {addresses.map((saved) => (
              <label class="radio" key={saved.name}>
                <input type="radio" name="address" value={saved.name} checked={using === saved.name} onChange={() => setChoice(saved.name ?? "")} />
                <strong>{saved.label}</strong> {saved.address?.line1}, {saved.address?.city}
              </label>
            ))}
            <label class="radio">
              <input type="radio" name="address" value="new" checked={using === "new"} onChange={() => setChoice("new")} />A new address
            </label>
          </fieldset>
        )}
        {using === "new" && (
          <div class="grid-2">
            <Field label="Full name" name="recipient" field="shipping_address.recipient" error={error} value={address.recipient} onInput={set("recipient")} autocomplete="name" required />
            <Field label="Address" name="line1" field="shipping_address.line1" error={error} value={address.line1} onInput={set("line1")} autocomplete="address-line1" required />
            <Field label="Apartment, suite (optional)" name="line2" field="shipping_address.line2" error={error} value={address.line2} onInput={set("line2")} autocomplete="address-line2" />
            <Field label="City" name="city" field="shipping_address.city" error={error} value={address.city} onInput={set("city")} autocomplete="address-level2" required />
            <Field label="Postal code" name="postal_code" field="shipping_address.postal_code" error={error} value={address.postal_code} onInput={set("postal_code")} autocomplete="postal-code" required />
            <Field label="State or region" name="region" field="shipping_address.region" error={error} value={address.region} onInput={set("region")} autocomplete="address-level1" />
            <div class="field">
              <label for="field-country">Country</label>
              <select id="field-country" name="country_code" autocomplete="country" value={address.country_code} onChange={set("country_code")} required>
                {(countries.data ?? [{ country_code: "US", display_name: "United States" }]).map((country) => (
                  <option key={country.country_code} value={country.country_code}>
                    {country.display_name}
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
      </section>
      <section aria-labelledby="pay-heading" class="card">
        <h2 id="pay-heading">Pay</h2>
        <p class="muted">
          This is a sandbox: use 4242 4242 4242 4242 with any future date. 4000 0000 0000 0002 is declined.
        </p>
        <div class="grid-3">
          <Field label="Card number" name="card-number" field="card.number" error={error} inputMode="numeric" autocomplete="cc-number" value={card.number} onInput={(e) => setCard({ ...card, number: e.currentTarget.value })} required />
          <Field label="Expiry (MM/YY)" name="card-exp" field="card.exp_year" error={error} autocomplete="cc-exp" placeholder="12/31" value={card.exp} onInput={(e) => setCard({ ...card, exp: e.currentTarget.value })} required />
          <Field label="CVC" name="card-cvc" field="card.cvc" error={error} inputMode="numeric" autocomplete="cc-csc" value={card.cvc} onInput={(e) => setCard({ ...card, cvc: e.currentTarget.value })} required />
        </div>
      </section>
      <section aria-labelledby="review-heading" class="card">
        <h2 id="review-heading">Your order</h2>
        <ul>
          {(preview.data?.lines ?? cart.data.items ?? []).map((item) => (
            <li key={item.variant || item.product}>
              {item.quantity} × {item.display_name}
              {item.option_values?.length ? ` (${optionText(item)})` : ""} <Money value={item.unit_price} />
            </li>
          ))}
        </ul>
        {preview.data ? (
          <dl class="totals" data-testid="checkout-preview">
            <div>
              <dt>Items</dt>
              <dd>
                <Money value={preview.data.items_total} />
              </dd>
            </div>
            {cents(preview.data.discount) > 0 && (
              <div>
                <dt>Discount{preview.data.coupon_code ? ` (${preview.data.coupon_code})` : ""}</dt>
                <dd>
                  −<Money value={preview.data.discount} />
                </dd>
              </div>
            )}
            <div>
              <dt>Shipping</dt>
              <dd data-testid="preview-shipping">
                <Money value={preview.data.shipping} />
              </dd>
            </div>
            <div>
              <dt>Tax</dt>
              <dd data-testid="preview-tax">
                <Money value={preview.data.tax} />
              </dd>
            </div>
            <div class="total">
              <dt>Total</dt>
              <dd data-testid="preview-total">
                <Money value={preview.data.total} />
              </dd>
            </div>
          </dl>
        ) : preview.error ? (
          <ErrorMessage error={preview.error} />
        ) : (
          <Loading what="shipping and tax" />
        )}
      </section>
      {error && (
        <div class="message error" role="alert" data-testid="checkout-error">
          <p>{checkoutProblem(error.reason, error.message)}</p>
          {error.reason === "EMAIL_NOT_VERIFIED" && (
            <p>
              <Link href="/verify?next=/checkout">Confirm your email address</Link>
            </p>
          )}
          {error.reason === "OUT_OF_STOCK" && (
            <p>
              <Link href="/cart">Change your cart</Link>
            </p>
          )}
        </div>
      )}
      <button type="submit" class="primary large" disabled={action.busy}>
        {action.busy ? "Placing your order…" : "Place order"}
      </button>
    </form>
  );
}

function checkoutProblem(reason: string, message: string): string {
  switch (reason) {
    case "PAYMENT_DECLINED": {
      // The provider's code is in brackets: CARD_DECLINED, INSUFFICIENT_FUNDS, EXPIRED_CARD...
      const code = /\(([A-Z_]+)\)/.exec(message)?.[1];
      const why = code && code !== "CARD_DECLINED" ? ` (${code.toLowerCase().replace(/_/g, " ")})` : "";
      return `Your card was declined${why}, and nothing was charged. Try another card.`;
    }
    case "OUT_OF_STOCK":
      return `Some items are no longer in stock in the quantity you want, and nothing was charged (${message}).`;
    case "PAYMENT_UNAVAILABLE":
      return "We could not reach the payment provider, and nothing was charged. Please try again in a moment.";
    case "COUPON_USED_UP":
    case "COUPON_EXPIRED":
    case "COUPON_CUSTOMER_LIMIT":
    case "COUPON_MIN_SPEND":
    case "COUPON_UNKNOWN":
    case "COUPON_NOT_APPLICABLE":
      return `${message[0].toUpperCase()}${message.slice(1)}; nothing was charged. Remove the coupon in your cart to order without it.`;
    case "EMAIL_NOT_VERIFIED":
      return "Confirm your email address before your first order.";
    default:
      return message;
  }
}
