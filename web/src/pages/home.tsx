import { api } from "../api/client";
import { ok } from "../api/errors";
import { Link } from "../router";
import { ErrorMessage, idOf, Loading, useLoad, useTitle } from "../ui";

export function HomePage() {
  useTitle("");
  const categories = useLoad(() => ok(api.GET("/v1/categories", { params: { query: { page_size: 50 } } })), []);
  const best = useLoad(() => ok(api.GET("/v1/bestSellers", { params: { query: { page_size: 8 } } })), []);
  return (
    <>
      <section class="hero">
        <h1>Good coffee, good tea, good tools</h1>
        <p>Things made to be used every day, in the sizes and colours you need. Returns within 30 days of delivery.</p>
      </section>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">Shop by category</h2>
        {categories.loading && !categories.data && <Loading what="categories" />}
        <ErrorMessage error={categories.error} />
        <ul class="tiles">
          {(categories.data?.categories ?? []).map((category) => (
            <li key={category.name}>
              <Link class="tile" href={`/search?category=${encodeURIComponent(category.name ?? "")}`}>
                <strong>{category.display_name}</strong>
                <span>{category.description}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="best-heading">
        <h2 id="best-heading">Best sellers</h2>
        {best.loading && !best.data && <Loading what="best sellers" />}
        <ErrorMessage error={best.error} />
        {best.data && !best.data.recommendations?.length && <p>Nothing sold yet: be the first.</p>}
        <ol class="best-sellers">
          {(best.data?.recommendations ?? []).map((item) => (
            <li key={item.product}>
              <Link href={`/products/${idOf(item.product)}`}>{item.display_name}</Link>
              <span class="muted"> · {item.score} sold</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
