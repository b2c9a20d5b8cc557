import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import type { V1Product } from "../api/schema";
import { currentSession } from "../api/session";
import { addToCart } from "../cart";
import { Link } from "../router";
import { ErrorMessage, formatTime, idOf, Loading, Money, Notice, Stars, useAction, useLoad, useTitle } from "../ui";

export function ProductPage({ id }: { id: string }) {
  const product = useLoad(() => ok(api.GET("/v1/products/{product}", { params: { path: { product: id } } })), [id]);
  const found = product.data?.product;
  useTitle(found?.display_name ?? "Product");
  if (product.error) return <ErrorMessage error={product.error} />;
  if (!found) return <Loading what="the product" />;
  return (
    <>
      <article class="product" aria-labelledby="product-title">
        <div class="product-art" aria-hidden="true">
          {(found.display_name ?? "?").charAt(0)}
        </div>
        <div>
          <h1 id="product-title">{found.display_name}</h1>
          <p class="price">
            <Money value={found.price} />
          </p>
          <Availability sku={found.sku ?? ""} />
          <p>{found.description}</p>
          {found.attributes && Object.keys(found.attributes).length > 0 && (
            <dl class="attributes">
              {Object.entries(found.attributes).map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
          {found.state === "STATE_ARCHIVED" ? <p class="message info">No longer sold.</p> : <AddToCart product={found} />}
          {found.state !== "STATE_ARCHIVED" && currentSession() && <SaveForLater product={found.name ?? ""} />}
          <p class="muted">SKU {found.sku}</p>
        </div>
      </article>
      <BoughtTogether id={id} />
      <Reviews id={id} />
    </>
  );
}

function Availability({ sku }: { sku: string }) {
  const availability = useLoad(() => ok(api.GET("/v1/availability", { params: { query: { skus: [sku] } } })), [sku]);
  const known = availability.data?.availabilities?.[0];
  if (!known) return null;
  const units = Number(known.available ?? 0);
  return (
    <p class={known.in_stock ? "stock in" : "stock out"} data-testid="availability">
      {known.in_stock ? (units < 5 ? `Only ${units} left` : "In stock") : "Out of stock"}
    </p>
  );
}

function AddToCart({ product }: { product: V1Product }) {
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
          await addToCart(product.name ?? "", quantity);
          setAdded(true);
        });
      }}
    >
      <label for="quantity">Quantity</label>
      <input id="quantity" type="number" min={1} max={99} value={quantity} onInput={(e) => setQuantity(Number(e.currentTarget.value))} />
      <button type="submit" class="primary" disabled={action.busy}>
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

/** Puts the product on the shopper's wishlist: they are mailed when it gets cheaper or is back in stock. */
function SaveForLater({ product }: { product: string }) {
  const [saved, setSaved] = useState(false);
  const action = useAction();
  return (
    <div class="save-for-later">
      <button
        type="button"
        disabled={action.busy || saved}
        onClick={() =>
          action.run(async () => {
            await ok(api.POST("/v1/users/me/wishlistItems", { body: { product } }));
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
  const items = recommended.data?.recommendations ?? [];
  if (!items.length) return null;
  return (
    <section aria-labelledby="together-heading">
      <h2 id="together-heading">Customers also bought</h2>
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
            <p>{review.body}</p>
            <p class="muted">{formatTime(review.create_time)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
