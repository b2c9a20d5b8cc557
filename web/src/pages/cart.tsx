import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import type { V1Cart, V1Product } from "../api/schema";
import { currentSession } from "../api/session";
import { type CartLine, lineKey, loadCart, optionText, setCoupon, setCurrency, setQuantity } from "../cart";
import { Link, navigate } from "../router";
import { cents, ErrorMessage, formatMoney, idOf, Loading, Money, useAction, useLoad, useTitle } from "../ui";

/** Today's product of each cart line, to tell the shopper about prices that moved since they added it. */
async function currentProducts(cart: V1Cart): Promise<Record<string, V1Product>> {
  const names = [...new Set((cart.items ?? []).map((item) => item.product ?? ""))];
  if (!names.length) return {};
  const found = await ok(api.GET("/v1/products:batchGet", { params: { query: { names } } }));
  return Object.fromEntries((found.products ?? []).map((product) => [product.name, product]));
}

export function CartPage() {
  useTitle("Your cart");
  const loaded = useLoad(loadCart, []);
  const [cart, setCart] = useState<V1Cart>();
  const [products, setProducts] = useState<Record<string, V1Product>>({});
  const action = useAction();
  useEffect(() => setCart(loaded.data), [loaded.data]);
  useEffect(() => {
    if (cart) currentProducts(cart).then(setProducts, () => setProducts({}));
  }, [cart]);
  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (!cart) return <Loading what="your cart" />;
  const items = cart.items ?? [];
  const change = (item: CartLine, quantity: number) =>
    action.run(async () => setCart(await setQuantity(item.product ?? "", quantity, item.variant ?? "")));
  const variantOf = (item: CartLine) => products[item.product ?? ""]?.variants?.find((v) => v.name === item.variant);
  const moved = items.filter((item) => {
    const now = variantOf(item)?.price ?? products[item.product ?? ""]?.price;
    return now && cents(now) !== cents(item.unit_price);
  });
  const archived = items.filter(
    (item) => products[item.product ?? ""]?.state === "STATE_ARCHIVED" || variantOf(item)?.state === "STATE_ARCHIVED",
  );
  return (
    <section aria-labelledby="cart-heading">
      <h1 id="cart-heading">Your cart</h1>
      {!items.length && (
        <p>
          Your cart is empty. <Link href="/search">Find something you like</Link>.
        </p>
      )}
      {moved.length > 0 && (
        <div class="message info" role="status" data-testid="price-changes">
          {moved.map((item) => (
            <p key={item.product}>
              The price of {item.display_name} changed from {formatMoney(item.unit_price)} to{" "}
              {formatMoney(products[item.product ?? ""].price)} since you added it; checkout charges the new price.
            </p>
          ))}
        </div>
      )}
      {archived.length > 0 && (
        <p class="message error" role="alert">
          {archived.map((item) => item.display_name).join(", ")} {archived.length === 1 ? "is" : "are"} no longer sold: remove{" "}
          {archived.length === 1 ? "it" : "them"} to check out.
        </p>
      )}
      <ErrorMessage error={action.error} />
      {items.length > 0 && (
        <table class="lines">
          <caption class="visually-hidden">Items in your cart</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Price</th>
              <th scope="col">Quantity</th>
              <th scope="col">
                <span class="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={lineKey(item)}>
                <td>
                  <Link href={`/products/${idOf(item.product)}`}>{item.display_name}</Link>
                  {item.option_values?.length ? <span class="muted options"> {optionText(item)}</span> : null}
                </td>
                <td>
                  <Money value={item.unit_price} />
                </td>
                <td>
                  <label class="visually-hidden" for={`qty-${idOf(lineKey(item))}`}>
                    Quantity of {item.display_name} {optionText(item)}
                  </label>
                  <input
                    id={`qty-${idOf(lineKey(item))}`}
                    class="quantity"
                    type="number"
                    min={0}
                    max={99}
                    value={item.quantity}
                    disabled={action.busy}
                    onChange={(e) => change(item, Number(e.currentTarget.value))}
                  />
                </td>
                <td>
                  <button type="button" class="link-button" disabled={action.busy} onClick={() => change(item, 0)}>
                    Remove<span class="visually-hidden"> {item.display_name} {optionText(item)}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {items.length > 0 && (
        <div class="summary">
          <p>
            Subtotal ({cart.total_quantity} {cart.total_quantity === "1" ? "item" : "items"}):{" "}
            <strong data-testid="cart-subtotal">
              <Money value={cart.subtotal} />
            </strong>
          </p>
          {(cart.discounts ?? []).map((discount) => (
            <p key={discount.promotion} data-testid="cart-discount">
              {discount.display_name}
              {discount.coupon_code && ` (${discount.coupon_code})`}: −<Money value={discount.amount} />
            </p>
          ))}
          {cents(cart.discount) > 0 && (
            <p>
              Total: <strong data-testid="cart-total"><Money value={cart.total} /></strong>
            </p>
          )}
          <CouponForm cart={cart} onChange={setCart} />
          <CurrencyChoice cart={cart} onChange={setCart} />
          <p class="muted">Shipping and tax are added at checkout.</p>
          <button
            type="button"
            class="primary"
            disabled={archived.length > 0}
            onClick={() => navigate(currentSession() ? "/checkout" : "/login?next=/checkout")}
          >
            {currentSession() ? "Check out" : "Log in to check out"}
          </button>
        </div>
      )}
    </section>
  );
}

/** One coupon per cart: enter a code (refused with why), see why a kept one takes nothing off now, or remove it. */
function CouponForm({ cart, onChange }: { cart: V1Cart; onChange: (cart: V1Cart) => void }) {
  const [code, setCode] = useState("");
  const action = useAction();
  const apply = (value: string) =>
    action.run(async () => {
      onChange(await setCoupon(value));
      setCode("");
    });
  if (cart.coupon_code)
    return (
      <div class="coupon">
        <p>
          Coupon <strong data-testid="cart-coupon">{cart.coupon_code}</strong>{" "}
          <button type="button" class="link-button" disabled={action.busy} onClick={() => apply("")}>
            Remove coupon
          </button>
        </p>
        {cart.coupon_problem && (
          <p class="message error" role="alert">
            {cart.coupon_problem}; it takes nothing off now.
          </p>
        )}
        <ErrorMessage error={action.error} />
      </div>
    );
  return (
    <form
      class="inline-form coupon"
      onSubmit={(event) => {
        event.preventDefault();
        apply(code.trim());
      }}
    >
      <label for="coupon-code">Coupon code</label>
      <input id="coupon-code" value={code} maxLength={32} onInput={(e) => setCode(e.currentTarget.value)} />
      <button type="submit" disabled={action.busy || code.trim().length < 3}>
        Apply
      </button>
      <ErrorMessage error={action.error} />
    </form>
  );
}

/** The currency the cart (and the order) is in: one the shop sells in, its prices converted at the shop's rates. */
function CurrencyChoice({ cart, onChange }: { cart: V1Cart; onChange: (cart: V1Cart) => void }) {
  const currencies = useLoad(() => ok(api.GET("/v1/currencies")), []);
  const action = useAction();
  const current = cart.subtotal?.currency_code ?? "";
  const sold = currencies.data?.currencies ?? [];
  if (sold.length < 2) return null;
  return (
    <div class="field currency">
      <label for="cart-currency">Pay in</label>
      <select
        id="cart-currency"
        value={current}
        disabled={action.busy}
        onChange={(e) => {
          const chosen = e.currentTarget.value;
          action.run(async () => onChange(await setCurrency(chosen)));
        }}
      >
        {sold.map((currency) => (
          <option key={currency.currency_code} value={currency.currency_code}>
            {currency.currency_code}
          </option>
        ))}
      </select>
      <ErrorMessage error={action.error} />
    </div>
  );
}
