// The shopper's cart: `carts/me` once logged in, their anonymous cart before. Pages that change it announce it
// so the header's count follows.
import { api } from "./api/client";
import { ok } from "./api/errors";
import type { V1Cart, V1LoginResponse } from "./api/schema";
import { anonymousCart, currentSession, forgetAnonymousCart, startSession } from "./api/session";

/** One line of a cart: one variant of a product. */
export type CartLine = NonNullable<V1Cart["items"]>[number];

/** What tells a cart's lines apart: the variant (the product, on a line from before variants). */
export const lineKey = (line: CartLine): string => line.variant || line.product || "";

/** "Size M, Colour Black": the options of the variant a cart or order line is. */
export function optionText(line: { option_values?: { option?: string; value?: string }[] }): string {
  return (line.option_values ?? []).map((v) => `${v.option} ${v.value}`).join(", ");
}

const listeners = new Set<(cart: V1Cart) => void>();

export function onCartChange(listener: (cart: V1Cart) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function announce(cart: V1Cart | undefined): V1Cart {
  const known = cart ?? {};
  for (const listener of listeners) listener(known);
  return known;
}

/** The cart's id in its resource name (`me` or `anonymous-<uuid>`). */
export function cartId(): string {
  return currentSession() ? "me" : anonymousCart().replace("carts/", "");
}

export async function loadCart(): Promise<V1Cart> {
  const found = await ok(api.GET("/v1/carts/{cart}", { params: { path: { cart: cartId() } } }));
  return announce(found.cart);
}

/** Adds units of a product's variant (`products/{p}/variants/{v}`; "" for a product with one). */
export async function addToCart(product: string, quantity: number, variant = ""): Promise<V1Cart> {
  const body = { product, variant, quantity: String(quantity) };
  const added = await ok(api.POST("/v1/carts/{cart}:addItem", { params: { path: { cart: cartId() } }, body }));
  return announce(added.cart);
}

/** Sets the units of a cart line (its product and variant; 0 removes it). */
export async function setQuantity(product: string, quantity: number, variant = ""): Promise<V1Cart> {
  const path = { cart: cartId() };
  if (quantity <= 0) {
    const removed = await ok(api.POST("/v1/carts/{cart}:removeItem", { params: { path }, body: { product, variant } }));
    return announce(removed.cart);
  }
  const body = { product, variant, quantity: String(quantity) };
  const updated = await ok(api.POST("/v1/carts/{cart}:updateItem", { params: { path }, body }));
  return announce(updated.cart);
}

/** Prices the cart in another currency the shop sells in; checkout charges in it. */
export async function setCurrency(currency: string): Promise<V1Cart> {
  const path = { cart: cartId() };
  const changed = await ok(api.POST("/v1/carts/{cart}:setCurrency", { params: { path }, body: { currency_code: currency } }));
  return announce(changed.cart);
}

/** Keeps a coupon code on the cart (refused with why when it cannot be used now); "" takes it off. */
export async function setCoupon(code: string): Promise<V1Cart> {
  const path = { cart: cartId() };
  if (!code) return announce((await ok(api.POST("/v1/carts/{cart}:removeCoupon", { params: { path }, body: {} }))).cart);
  const applied = await ok(api.POST("/v1/carts/{cart}:applyCoupon", { params: { path }, body: { coupon_code: code } }));
  return announce(applied.cart);
}

/** Logs in, then moves what the visitor put in their anonymous cart into their own. */
export async function logIn(email: string, password: string): Promise<V1LoginResponse> {
  const session = await ok(api.POST("/v1/sessions", { body: { email, password } }));
  const anonymous = anonymousCart();
  startSession(session);
  const merged = await ok(
    api.POST("/v1/carts/{cart}:merge", { params: { path: { cart: "me" } }, body: { anonymous_cart: anonymous } }),
  );
  forgetAnonymousCart();
  announce(merged.cart);
  return session;
}
