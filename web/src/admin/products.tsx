import { useEffect, useState } from "preact/hooks";
import { api, latest, requestId } from "../api/client";
import { ok } from "../api/errors";
import type { V1Product } from "../api/schema";
import { Link, navigate } from "../router";
import { ProductImages } from "./images";
import { price } from "./money";
import { ProductVariants } from "./variants";
import { Columns, ErrorMessage, Field, idOf, Loading, Money, Notice, Pager, useAction, useLoad, usePages } from "../ui";

type Draft = { sku: string; display_name: string; description: string; category: string; price: string };

function toDraft(product: V1Product): Draft {
  const units = Number(product.price?.units ?? 0) + (product.price?.nanos ?? 0) / 1e9;
  return {
    sku: product.sku ?? "",
    display_name: product.display_name ?? "",
    description: product.description ?? "",
    category: product.category ?? "",
    price: units.toFixed(2),
  };
}

function useCategories() {
  return useLoad(() => ok(api.GET("/v1/categories", { params: { query: { page_size: 100 } } })), []);
}

function ProductFields({ draft, set, error, creating }: { draft: Draft; set: (d: Draft) => void; error?: import("../api/errors").ApiError; creating: boolean }) {
  const categories = useCategories();
  const field = (key: keyof Draft) => (event: { currentTarget: { value: string } }) =>
    set({ ...draft, [key]: event.currentTarget.value });
  const prefix = creating ? "product." : "product.";
  return (
    <div class="grid-2">
      <Field label="Name" name="display_name" field={`${prefix}display_name`} value={draft.display_name} onInput={field("display_name")} error={error} required />
      <Field label="SKU" name="sku" field={`${prefix}sku`} value={draft.sku} onInput={field("sku")} error={error} required disabled={!creating} hint="Upper-case letters, digits and dashes" />
      <Field label="Price (USD)" name="price" field={`${prefix}price`} value={draft.price} onInput={field("price")} error={error} inputMode="decimal" required />
      <div class="field">
        <label for="field-category">Category</label>
        <select id="field-category" value={draft.category} onChange={field("category")} required>
          <option value="">Choose…</option>
          {/* Until the list arrives, the product's own category is an option: the form is valid (and can be saved) at once. */}
          {!categories.data && draft.category && <option value={draft.category}>{draft.category.replace("categories/", "")}</option>}
          {(categories.data?.categories ?? []).map((c) => (
            <option key={c.name} value={c.name}>
              {c.display_name}
            </option>
          ))}
        </select>
      </div>
      <div class="field wide">
        <label for="field-description">Description</label>
        <textarea id="field-description" rows={3} value={draft.description} onInput={field("description")} />
      </div>
    </div>
  );
}

export function ProductsAdmin() {
  const pages = usePages();
  const products = useLoad(
    () =>
      ok(
        api.GET("/v1/products", {
          params: { query: { page_size: 25, order_by: "create_time desc", page_token: pages.token } },
          ...latest,
        }),
      ),
    [pages.depth],
  );
  const [draft, setDraft] = useState<Draft>({ sku: "", display_name: "", description: "", category: "", price: "" });
  const create = useAction();
  return (
    <section aria-labelledby="products-heading">
      <h1 id="products-heading">Products</h1>
      <form
        class="card"
        aria-labelledby="new-product-heading"
        onSubmit={(event) => {
          event.preventDefault();
          create.run(async () => {
            const created = await ok(
              api.POST("/v1/products", {
                params: { query: { request_id: requestId() } },
                body: { ...draft, price: price(draft.price) },
              }),
            );
            navigate(`/admin/products/${idOf(created.product?.name)}?created=1`);
          });
        }}
      >
        <h2 id="new-product-heading">New product</h2>
        <ProductFields draft={draft} set={setDraft} error={create.error} creating />
        <ErrorMessage error={create.error} />
        <button type="submit" class="primary" disabled={create.busy}>
          Create product
        </button>
      </form>
      {products.loading && <Loading what="products" />}
      <ErrorMessage error={products.error} />
      <table class="lines">
        <caption>Newest first</caption>
        <Columns names={["Product", "SKU", "Price", "State"]} />
        <tbody>
          {(products.data?.products ?? []).map((product) => (
            <tr key={product.name}>
              <td>
                <Link href={`/admin/products/${idOf(product.name)}`}>{product.display_name}</Link>
              </td>
              <td>{product.sku}</td>
              <td>
                <Money value={product.price} />
              </td>
              <td>{product.state === "STATE_ARCHIVED" ? "archived" : "for sale"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager back={pages.back} forward={pages.forward(products.data?.next_page_token)} labels={["Previous page", "Next page"]} />
    </section>
  );
}

export function ProductEditor({ id }: { id: string }) {
  const loaded = useLoad(() => ok(api.GET("/v1/products/{product}", { params: { path: { product: id } }, ...latest })), [id]);
  const [product, setProduct] = useState<V1Product>();
  const [draft, setDraft] = useState<Draft>();
  const [saved, setSaved] = useState("");
  const save = useAction();
  useEffect(() => {
    if (loaded.data?.product) {
      setProduct(loaded.data.product);
      setDraft(toDraft(loaded.data.product));
    }
  }, [loaded.data]);
  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (!product || !draft) return <Loading what="the product" />;
  const conflict = save.error?.status === 409;
  const reload = async () => {
    save.clear();
    setSaved("");
    loaded.reload();
  };
  // After a picture changed: the product anew (a new etag too), keeping what is being typed above.
  const refresh = async () => {
    const fresh = await ok(api.GET("/v1/products/{product}", { params: { path: { product: id } }, ...latest }));
    if (fresh.product) setProduct(fresh.product);
  };
  const submit = (event: Event) => {
    event.preventDefault();
    setSaved("");
    save.run(async () => {
      const updated = await ok(
        api.PATCH("/v1/products/{product}", {
          params: { path: { product: id }, query: { update_mask: "display_name,description,category,price" } },
          body: {
            display_name: draft.display_name,
            description: draft.description,
            category: draft.category,
            price: price(draft.price),
            etag: product.etag,
          },
        }),
      );
      setProduct(updated.product);
      setSaved("Saved.");
    });
  };
  const archive = () =>
    save.run(async () => {
      const archived = await ok(
        api.POST("/v1/products/{product}:archive", { params: { path: { product: id } }, body: { etag: product.etag } }),
      );
      setProduct(archived.product);
      setSaved("Archived: it is no longer sold, and orders keep it.");
    });
  return (
    <section aria-labelledby="edit-heading">
      <p>
        <Link href="/admin/products">All products</Link> · <Link href={`/products/${id}`}>See it in the shop</Link>
      </p>
      <h1 id="edit-heading">{product.display_name}</h1>
      {new URLSearchParams(location.search).get("created") && !saved && <Notice kind="success">Created. Add stock on the Stock page.</Notice>}
      <form class="card" onSubmit={submit}>
        <ProductFields draft={draft} set={setDraft} error={save.error} creating={false} />
        {conflict ? (
          <div class="message error" role="alert" data-testid="conflict">
            <p>Someone changed this product after you opened it, so your changes were not saved.</p>
            <button type="button" onClick={reload}>
              Load their version
            </button>
          </div>
        ) : (
          <ErrorMessage error={save.error} />
        )}
        {saved && <Notice kind="success">{saved}</Notice>}
        <button type="submit" class="primary" disabled={save.busy}>
          Save changes
        </button>{" "}
        {product.state !== "STATE_ARCHIVED" && (
          <button type="button" disabled={save.busy} onClick={archive}>
            Archive
          </button>
        )}
      </form>
      <ProductVariants product={product} reload={refresh} />
      <ProductImages product={product} reload={refresh} />
    </section>
  );
}
