import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import type { V1Product, V1ProductVariant } from "../api/schema";
import { currentSession } from "../api/session";
import { addToCart } from "../cart";
import { Gallery } from "../gallery";
import { Link, useLocation } from "../router";
import { ErrorMessage, formatTime, idOf, Loading, Money, Notice, Stars, useAction, useLoad, useTitle } from "../ui";

export function ProductPage({ id }: { id: string }) {
  const product = useLoad(() => ok(api.GET("/v1/products/{product}", { params: { path: { product: id } } })), [id]);
  const found = product.data?.product;
  useTitle(found?.display_name ?? "Product");
  if (product.error) return <ErrorMessage error={product.error} />;
  if (!found) return <Loading what="the product" />;
  return (
    <>
      <ProductDetail product={found} />
      <BoughtTogether id={id} />
      <Reviews id={id} />
    </>
  );
}

type Stock = Record<string, { in_stock: boolean; available: number }>;

/** Stock of every variant of the product, by SKU (one call). */
function useStock(skus: string[]): Stock | undefined {
  const key = skus.join(",");
  const loaded = useLoad(() => ok(api.GET("/v1/availability", { params: { query: { skus } } })), [key]);
  if (!loaded.data) return undefined;
  return Object.fromEntries(
    (loaded.data.availabilities ?? []).map((a) => [a.sku ?? "", { in_stock: !!a.in_stock, available: Number(a.available ?? 0) }]),
  );
}

const valueOf = (variant: V1ProductVariant, option: string) => variant.option_values?.find((v) => v.option === option)?.value;

function ProductDetail({ product }: { product: V1Product }) {
  const active = (product.variants ?? []).filter((v) => v.state === "STATE_ACTIVE");
  const options = product.options ?? [];
  const stock = useStock(active.map((v) => v.sku ?? ""));
  const [chosen, setChosen] = useState<Record<string, string>>({});
  // Until the shopper chooses: the variant the link names (?variant=<id>, as wishlist mails link), else the first
  // in stock (or the first).
  const linked = useLocation().query.get("variant");
  const initial =
    active.find((v) => linked && v.name?.endsWith(`/variants/${linked}`)) ??
    active.find((v) => stock?.[v.sku ?? ""]?.in_stock) ??
    active[0];
  useEffect(() => setChosen({}), [product.name]);
  const choice: Record<string, string> = Object.fromEntries(
    options.map((o) => [o.name ?? "", chosen[o.name ?? ""] ?? (initial ? valueOf(initial, o.name ?? "") : undefined) ?? ""]),
  );
  const matching = (values: Record<string, string>) =>
    active.find((v) => options.every((o) => valueOf(v, o.name ?? "") === values[o.name ?? ""]));
  const variant = options.length ? matching(choice) : active[0];
  const units = variant ? stock?.[variant.sku ?? ""] : undefined;
  return (
    <article class="product" aria-labelledby="product-title">
      <Gallery product={product} variant={variant?.name} />
      <div>
        <h1 id="product-title">{product.display_name}</h1>
        <p class="price" data-testid="price">
          <Money value={variant?.price ?? product.price} />
        </p>
        {options.length > 0 && active.length > 1 && (
          <div class="variant-picker">
            {options.map((option) => (
              <fieldset key={option.name}>
                <legend>{option.name}</legend>
                {(option.values ?? []).map((value) => {
                  const other = matching({ ...choice, [option.name ?? ""]: value });
                  const soldOut = other && stock && !stock[other.sku ?? ""]?.in_stock;
                  const id = `option-${option.name}-${value}`.replace(/[^A-Za-z0-9-]/g, "-");
                  return (
                    <span class="choice" key={value}>
                      <input
                        type="radio"
                        id={id}
                        name={option.name}
                        value={value}
                        checked={choice[option.name ?? ""] === value}
                        onChange={() => setChosen({ ...choice, [option.name ?? ""]: value })}
                      />
                      <label for={id} class={other ? (soldOut ? "sold-out" : "") : "unavailable"}>
                        {value}
                        {!other ? <span class="note"> (not made)</span> : soldOut ? <span class="note"> (sold out)</span> : null}
                      </label>
                    </span>
                  );
                })}
              </fieldset>
            ))}
          </div>
        )}
        {variant ? (
          units && (
            <p class={units.in_stock ? "stock in" : "stock out"} data-testid="availability">
              {units.in_stock ? (units.available < 5 ? `Only ${units.available} left` : "In stock") : "Out of stock"}
            </p>
          )
        ) : (
          <p class="stock out" data-testid="availability">
            This combination is not made
          </p>
        )}
        <p>{product.description}</p>
        {product.attributes && Object.keys(product.attributes).length > 0 && (
          <dl class="attributes">
            {Object.entries(product.attributes).map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
        {product.state === "STATE_ARCHIVED" ? (
          <p class="message info">No longer sold.</p>
        ) : (
          <AddToCart product={product} variant={active.length > 1 ? variant?.name ?? "" : ""} sellable={!!variant && units?.in_stock !== false} />
        )}
        {product.state !== "STATE_ARCHIVED" && currentSession() && (
          <SaveForLater key={variant?.name} product={product.name ?? ""} variant={active.length > 1 ? variant?.name ?? "" : ""} />
        )}
        <p class="muted">SKU {variant?.sku ?? product.sku}</p>
      </div>
    </article>
  );
}

/** Adds the chosen variant; refused (the button off) for one that is sold out or not made. */
function AddToCart({ product, variant, sellable }: { product: V1Product; variant: string; sellable: boolean }) {
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);
  const action = useAction();
  return (
    <form
      class="add-to-cart"
      onSubmit={(event) => {
        event.preventDefault();
        setAdded(false);
        action.run(async () => {
          await addToCart(product.name ?? "", quantity, variant);
          setAdded(true);
        });
      }}
    >
      <label for="quantity">Quantity</label>
      <input id="quantity" type="number" min={1} max={99} value={quantity} onInput={(e) => setQuantity(Number(e.currentTarget.value))} />
      <button type="submit" class="primary" disabled={action.busy || !sellable}>
        Add to cart
      </button>
      {added && (
        <Notice kind="success">
          Added. <Link href="/cart">View your cart</Link>
        </Notice>
      )}
      <ErrorMessage error={action.error} />
    </form>
  );
}

/** Puts the chosen variant (or the product, when it has one) on the shopper's wishlist: they are mailed when it
 * gets cheaper or is back in stock. */
function SaveForLater({ product, variant }: { product: string; variant: string }) {
  const [saved, setSaved] = useState(false);
  const action = useAction();
  return (
    <div class="save-for-later">
      <button
        type="button"
        disabled={action.busy || saved}
        onClick={() =>
          action.run(async () => {
            await ok(api.POST("/v1/users/me/wishlistItems", { body: { product, variant } }));
            setSaved(true);
          })
        }
      >
        {saved ? "On your wishlist" : "Save to wishlist"}
      </button>
      {saved && (
        <Notice kind="success">
          Saved. We will mail you when it gets cheaper or is back in stock; see <Link href="/account">your account</Link>.
        </Notice>
      )}
      <ErrorMessage error={action.error} />
    </div>
  );
}

function BoughtTogether({ id }: { id: string }) {
  const recommended = useLoad(
    () => ok(api.GET("/v1/products/{product}/recommendations", { params: { path: { product: id }, query: { page_size: 4 } } })),
    [id],
  );
  // "Customers also bought" only for what was bought in the same orders; the best sellers the service adds when
  // there is too little history are said to be what they are.
  const all = recommended.data?.recommendations ?? [];
  const together = all.filter((r) => r.reason === "REASON_BOUGHT_TOGETHER");
  const items = together.length ? together : all;
  if (!items.length) return null;
  return (
    <section aria-labelledby="together-heading" data-testid="recommendations">
      <h2 id="together-heading">{together.length ? "Customers also bought" : "Popular in the shop"}</h2>
      <ul class="inline-list">
        {items.map((item) => (
          <li key={item.product}>
            <Link href={`/products/${idOf(item.product)}`}>{item.display_name}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Reviews({ id }: { id: string }) {
  const reviews = useLoad(
    () => ok(api.GET("/v1/products/{product}/reviews", { params: { path: { product: id }, query: { page_size: 20 } } })),
    [id],
  );
  const summary = reviews.data?.rating_summary;
  return (
    <section aria-labelledby="reviews-heading" class="reviews">
      <h2 id="reviews-heading">Reviews</h2>
      {summary && summary.review_count ? (
        <p data-testid="rating-summary">
          <Stars rating={summary.average_rating ?? 0} /> {(summary.average_rating ?? 0).toFixed(1)} out of 5 from{" "}
          {summary.review_count} {summary.review_count === 1 ? "review" : "reviews"}
        </p>
      ) : (
        reviews.data && <p>No reviews yet.</p>
      )}
      <ErrorMessage error={reviews.error} />
      <ul class="review-list">
        {(reviews.data?.reviews ?? []).map((review) => (
          <li key={review.name}>
            <h3>
              <Stars rating={review.rating} /> {review.title}
            </h3>
            {(review.purchased_option_values ?? []).length > 0 && (
              <p class="muted" data-testid="review-purchase">
                Bought: {(review.purchased_option_values ?? []).map((v) => `${v.option} ${v.value}`).join(", ")}
              </p>
            )}
            <p>{review.body}</p>
            <p class="muted">{formatTime(review.create_time)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
