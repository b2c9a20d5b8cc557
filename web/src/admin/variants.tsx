// A product's options and variants in the admin console: the options as "Size: S, M, L" lines, the matrix
// generated from them, and each variant's price, weight, package size and barcode edited in its row.
import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import type { V1Product, V1ProductVariant } from "../api/schema";
import { ErrorMessage, formatMoney, idOf, Notice, useAction } from "../ui";
import { price } from "./money";

/** "Size: S, M, L" per line ⇄ the product's options. */
function optionsText(product: V1Product): string {
  return (product.options ?? []).map((o) => `${o.name}: ${(o.values ?? []).join(", ")}`).join("\n");
}

function parseOptions(text: string) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, values = ""] = line.split(":");
      return { name: name.trim(), values: values.split(",").map((v) => v.trim()).filter(Boolean) };
    });
}

const label = (variant: V1ProductVariant) => (variant.option_values ?? []).map((v) => v.value).join(" / ") || "The product";

export function ProductVariants({ product, reload }: { product: V1Product; reload: () => Promise<void> }) {
  const [options, setOptions] = useState(optionsText(product));
  const [said, setSaid] = useState("");
  const action = useAction();
  const productId = idOf(product.name);
  const saveOptions = (event: Event) => {
    event.preventDefault();
    setSaid("");
    action.run(async () => {
      await ok(
        api.PATCH("/v1/products/{product}", {
          params: { path: { product: productId }, query: { update_mask: "options" } },
          body: { options: parseOptions(options), etag: product.etag },
        }),
      );
      await reload();
      setSaid("Options saved.");
    });
  };
  const generate = () =>
    action.run(async () => {
      setSaid("");
      const made = await ok(api.POST("/v1/products/{product}:generateVariants", { params: { path: { product: productId } }, body: {} }));
      await reload();
      setSaid(`${made.product?.variants?.length ?? 0} variants: every combination of the options exists.`);
    });
  return (
    <section class="card" aria-labelledby="variants-heading">
      <h2 id="variants-heading">Options and variants</h2>
      <form onSubmit={saveOptions}>
        <div class="field wide">
          <label for="field-options">Options</label>
          <textarea
            id="field-options"
            rows={3}
            value={options}
            placeholder={"Size: S, M, L\nColour: Black, Sand"}
            aria-describedby="field-options-hint"
            onInput={(e) => setOptions(e.currentTarget.value)}
          />
          <small id="field-options-hint" class="hint">
            One option a line, its values after a colon, separated by commas (at most three options).
          </small>
        </div>
        <button type="submit" disabled={action.busy}>
          Save options
        </button>{" "}
        <button type="button" disabled={action.busy || !(product.options ?? []).length} onClick={generate}>
          Generate the missing variants
        </button>
      </form>
      <ErrorMessage error={action.error} />
      {said && <Notice kind="success">{said}</Notice>}
      {/* Wider than a phone: the table scrolls sideways in its own box (focusable, so keyboards scroll it too). */}
      <div class="table-scroll" tabIndex={0} role="group" aria-label="Variants">
      <table class="lines variants">
        <caption>Each variant is bought on its own SKU; a price left empty is the product's ({formatMoney(product.price)}).</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">SKU</th>
            <th scope="col">Price (USD)</th>
            <th scope="col">Weight (g)</th>
            <th scope="col">Package L × W × H (mm)</th>
            <th scope="col">Barcode</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {(product.variants ?? []).map((variant) => (
            <VariantRow key={`${variant.name}-${variant.etag}`} variant={variant} reload={reload} />
          ))}
        </tbody>
      </table>
      </div>
    </section>
  );
}

function VariantRow({ variant, reload }: { variant: V1ProductVariant; reload: () => Promise<void> }) {
  const units = (variant.own_price && variant.price ? Number(variant.price.units ?? 0) + (variant.price.nanos ?? 0) / 1e9 : undefined)?.toFixed(2);
  const [draft, setDraft] = useState({
    price: units ?? "",
    weight: String(variant.weight_grams ?? 0),
    length: String(variant.dimensions?.length_mm ?? 0),
    width: String(variant.dimensions?.width_mm ?? 0),
    height: String(variant.dimensions?.height_mm ?? 0),
    barcode: variant.barcode ?? "",
  });
  const action = useAction();
  const [productId, , variantId] = (variant.name ?? "").replace("products/", "").split("/");
  const name = label(variant);
  const input = (key: keyof typeof draft, title: string, mode: "decimal" | "numeric" | "text" = "numeric") => (
    <input
      aria-label={`${title} of ${name}`}
      inputMode={mode}
      size={key === "barcode" ? 14 : 6}
      value={draft[key]}
      disabled={variant.state === "STATE_ARCHIVED"}
      onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
    />
  );
  const path = { product: productId, variant: variantId };
  const save = () =>
    action.run(async () => {
      await ok(
        api.PATCH("/v1/products/{product}/variants/{variant}", {
          params: { path, query: { update_mask: "price,weight_grams,dimensions,barcode" } },
          body: {
            ...(draft.price.trim() ? { price: price(draft.price) } : {}),
            weight_grams: draft.weight || "0",
            dimensions: { length_mm: Number(draft.length) || 0, width_mm: Number(draft.width) || 0, height_mm: Number(draft.height) || 0 },
            barcode: draft.barcode.trim(),
            etag: variant.etag,
          },
        }),
      );
      await reload();
    });
  const archive = () =>
    action.run(async () => {
      await ok(api.POST("/v1/products/{product}/variants/{variant}:archive", { params: { path }, body: { etag: variant.etag } }));
      await reload();
    });
  return (
    <tr data-testid="variant-row">
      <th scope="row">{name}</th>
      <td>{variant.sku}</td>
      <td>{input("price", "Price", "decimal")}</td>
      <td>{input("weight", "Weight")}</td>
      <td>
        {input("length", "Length")} × {input("width", "Width")} × {input("height", "Height")}
      </td>
      <td>{input("barcode", "Barcode", "text")}</td>
      <td>
        {variant.state === "STATE_ARCHIVED" ? (
          "archived"
        ) : (
          <>
            <button type="button" disabled={action.busy} onClick={save}>
              Save {name}
            </button>{" "}
            <button type="button" disabled={action.busy} onClick={archive}>
              Archive {name}
            </button>
          </>
        )}
        <ErrorMessage error={action.error} />
      </td>
    </tr>
  );
}
