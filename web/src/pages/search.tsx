import { api } from "../api/client";
import { ok } from "../api/errors";
import { Link, navigate, useLocation } from "../router";
import { cents, ErrorMessage, formatMoney, idOf, Loading, Money, useLoad, useTitle } from "../ui";

export function SearchPage() {
  const { query } = useLocation();
  const text = query.get("q") ?? "";
  const category = query.get("category") ?? "";
  const inStock = query.get("in_stock") === "true";
  const minUnits = query.get("min") ?? "";
  const maxUnits = query.get("max") ?? "";
  const pageToken = query.get("page") ?? "";
  // Facet filters, each "<facet key>=<value>" (?f=Colour%3DBlack&f=Size%3DM).
  const chosen = query.getAll("f");
  useTitle(text ? `“${text}”` : "Search");
  const results = useLoad(
    () =>
      ok(
        api.GET("/v1/products:search", {
          params: {
            query: {
              query: text || undefined,
              category: category || undefined,
              in_stock_only: inStock || undefined,
              "min_price.currency_code": minUnits ? "USD" : undefined,
              "min_price.units": minUnits || undefined,
              "max_price.currency_code": maxUnits ? "USD" : undefined,
              "max_price.units": maxUnits || undefined,
              page_size: 24,
              page_token: pageToken || undefined,
              facet_filters: chosen.length ? chosen : undefined,
            },
          },
        }),
      ),
    [text, category, inStock, minUnits, maxUnits, pageToken, chosen.join("&")],
  );
  /** The search with one facet value added or taken away. */
  const toggled = (filter: string) => {
    const next = new URLSearchParams(location.search);
    next.delete("page");
    next.delete("f");
    const kept = chosen.includes(filter) ? chosen.filter((f) => f !== filter) : [...chosen, filter];
    for (const f of kept) next.append("f", f);
    return `/search?${next}`;
  };
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(location.search);
    next.delete("page");
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    return `/search?${next}`;
  };
  const categories = useLoad(() => ok(api.GET("/v1/categories", { params: { query: { page_size: 100 } } })), []);
  const categoryName = (name: string | undefined) =>
    categories.data?.categories?.find((c) => c.name === name)?.display_name ?? idOf(name).replace(/-/g, " ");
  const data = results.data;
  return (
    <div class="search-layout">
      <aside aria-labelledby="filters-heading" class="filters">
        <h2 id="filters-heading">Filter</h2>
        <fieldset>
          <legend>Category</legend>
          <ul>
            {category && (
              <li>
                <Link href={withParams({ category: null })}>All categories</Link>
              </li>
            )}
            {(data?.category_facets ?? []).map((facet) => (
              <li key={facet.category}>
                <Link href={withParams({ category: facet.category ?? "" })} aria-current={facet.category === category ? "true" : undefined}>
                  {categoryName(facet.category)} ({facet.count})
                </Link>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset>
          <legend>Price</legend>
          <ul>
            {(minUnits || maxUnits) && (
              <li>
                <Link href={withParams({ min: null, max: null })}>Any price</Link>
              </li>
            )}
            {(data?.price_facets ?? []).map((facet) => (
              <li key={`${facet.min_price?.units}-${facet.max_price?.units}`}>
                <Link href={withParams({ min: facet.min_price?.units ?? null, max: facet.max_price?.units ?? null })}>
                  {facet.max_price ? `${formatMoney(facet.min_price)} – ${formatMoney(facet.max_price)}` : `${formatMoney(facet.min_price)} and up`} (
                  {facet.count})
                </Link>
              </li>
            ))}
          </ul>
        </fieldset>
        {(data?.attribute_facets ?? []).map((facet) => (
          <fieldset key={facet.key} data-testid={`facet-${facet.key}`}>
            <legend>
              {facet.display_name}
              {facet.unit ? ` (${facet.unit})` : ""}
            </legend>
            <ul>
              {(facet.values ?? []).map((value) => {
                const filter = `${facet.key}=${value.value}`;
                return (
                  <li key={value.value}>
                    <label class="checkbox">
                      <input type="checkbox" checked={chosen.includes(filter)} onChange={() => navigate(toggled(filter))} />
                      {value.value} ({value.count})
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        ))}
        <label class="checkbox">
          <input type="checkbox" checked={inStock} onChange={(event) => navigate(withParams({ in_stock: event.currentTarget.checked ? "true" : null }))} />
          In stock only {data?.in_stock_count !== undefined && `(${data.in_stock_count})`}
        </label>
      </aside>
      <section aria-labelledby="results-heading" class="results">
        <h1 id="results-heading">{text ? `Results for “${text}”` : category ? categoryName(category) : "All products"}</h1>
        {results.loading && <Loading what="results" />}
        <ErrorMessage error={results.error} />
        {data && <p class="muted">{data.total_size ?? 0} {data.total_size === 1 ? "product" : "products"}</p>}
        {data && !data.results?.length && <p>Nothing matches. Try fewer words or another category.</p>}
        <ul class="product-grid">
          {(data?.results ?? []).map((result) => (
            <li key={result.product} class="product-card">
              <Link href={`/products/${idOf(result.product)}`}>
                <strong>{result.display_name}</strong>
              </Link>
              <span>
                {result.max_price && cents(result.max_price) > cents(result.price) ? "From " : ""}
                <Money value={result.price} />
              </span>
              <span class={result.in_stock ? "stock in" : "stock out"}>{result.in_stock ? "In stock" : "Out of stock"}</span>
            </li>
          ))}
        </ul>
        {data?.next_page_token && (
          <p>
            <Link href={`${withParams({})}&page=${encodeURIComponent(data.next_page_token)}`}>More results</Link>
          </p>
        )}
      </section>
    </div>
  );
}
