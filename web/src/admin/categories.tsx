// Categories in the admin console: which attributes their products have (text, number with a unit, yes/no, or a
// choice), which are required, and which shoppers filter search by.
import { useEffect, useState } from "preact/hooks";
import { api, latest } from "../api/client";
import { ok } from "../api/errors";
import type { V1AttributeDefinition, V1Category } from "../api/schema";
import { ErrorMessage, idOf, Loading, Notice, useAction, useLoad } from "../ui";

type Type = NonNullable<V1AttributeDefinition["type"]>;
const TYPES: [Type, string][] = [
  ["TYPE_TEXT", "Text"],
  ["TYPE_NUMBER", "Number"],
  ["TYPE_BOOLEAN", "Yes / no"],
  ["TYPE_CHOICE", "Choice"],
];

type Row = { key: string; display_name: string; type: Type; unit: string; choices: string; filterable: boolean; required: boolean };

const toRow = (a: V1AttributeDefinition): Row => ({
  key: a.key ?? "",
  display_name: a.display_name ?? "",
  type: a.type ?? "TYPE_TEXT",
  unit: a.unit ?? "",
  choices: (a.choices ?? []).join(", "),
  filterable: !!a.filterable,
  required: !!a.required,
});

const fromRow = (r: Row): V1AttributeDefinition => ({
  key: r.key.trim(),
  display_name: r.display_name.trim(),
  type: r.type,
  unit: r.type === "TYPE_NUMBER" ? r.unit.trim() : "",
  choices: r.type === "TYPE_CHOICE" ? r.choices.split(",").map((c) => c.trim()).filter(Boolean) : [],
  filterable: r.filterable,
  required: r.required,
});

export function CategoriesAdmin() {
  const categories = useLoad(() => ok(api.GET("/v1/categories", { params: { query: { page_size: 100 } }, ...latest })), []);
  const [chosen, setChosen] = useState("");
  const category = (categories.data?.categories ?? []).find((c) => c.name === chosen);
  return (
    <section aria-labelledby="categories-heading">
      <h1 id="categories-heading">Categories</h1>
      {categories.loading && !categories.data && <Loading what="categories" />}
      <ErrorMessage error={categories.error} />
      <label for="category-choice">Category </label>
      <select id="category-choice" class="inline-select" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
        <option value="">Choose…</option>
        {(categories.data?.categories ?? []).map((c) => (
          <option key={c.name} value={c.name}>
            {c.display_name}
          </option>
        ))}
      </select>
      {category && <AttributesEditor key={category.name} category={category} saved={categories.reload} />}
    </section>
  );
}

function AttributesEditor({ category, saved }: { category: V1Category; saved: () => void }) {
  const [rows, setRows] = useState<Row[]>((category.attributes ?? []).map(toRow));
  const [said, setSaid] = useState("");
  const action = useAction();
  useEffect(() => setSaid(""), [rows]);
  const set = (n: number, change: Partial<Row>) => setRows(rows.map((row, i) => (i === n ? { ...row, ...change } : row)));
  const submit = (event: Event) => {
    event.preventDefault();
    action.run(async () => {
      await ok(
        api.PATCH("/v1/categories/{category}", {
          params: { path: { category: idOf(category.name) }, query: { update_mask: "attributes" } },
          body: { attributes: rows.map(fromRow) },
        }),
      );
      saved();
      setSaid("Saved: products of the category are checked against these from now on.");
    });
  };
  return (
    <form class="card" onSubmit={submit} aria-label={`Attributes of ${category.display_name}`}>
      <h2>Attributes of {category.display_name}</h2>
      {!rows.length && <p>None declared: its products' attributes are free-form.</p>}
      <div class="table-scroll" tabIndex={0} role="group" aria-label="Attributes">
      <table class="lines attributes">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Shown as</th>
            <th scope="col">Type</th>
            <th scope="col">Unit or choices</th>
            <th scope="col">Required</th>
            <th scope="col">Filter in search</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, n) => {
            const who = row.display_name || row.key || `attribute ${n + 1}`;
            return (
              <tr key={n} data-testid="attribute-row">
                <td>
                  <input aria-label={`Key of ${who}`} size={12} value={row.key} onInput={(e) => set(n, { key: e.currentTarget.value })} required />
                </td>
                <td>
                  <input aria-label={`Name of ${who}`} size={14} value={row.display_name} onInput={(e) => set(n, { display_name: e.currentTarget.value })} required />
                </td>
                <td>
                  <select aria-label={`Type of ${who}`} value={row.type} onChange={(e) => set(n, { type: e.currentTarget.value as Type })}>
                    {TYPES.map(([value, text]) => (
                      <option key={value} value={value}>
                        {text}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {row.type === "TYPE_NUMBER" && (
                    <input aria-label={`Unit of ${who}`} size={6} placeholder="g, cm, W" value={row.unit} onInput={(e) => set(n, { unit: e.currentTarget.value })} />
                  )}
                  {row.type === "TYPE_CHOICE" && (
                    <input aria-label={`Choices of ${who}`} size={24} placeholder="Cotton, Linen" value={row.choices} onInput={(e) => set(n, { choices: e.currentTarget.value })} required />
                  )}
                </td>
                <td>
                  <input type="checkbox" aria-label={`${who} is required`} checked={row.required} onChange={(e) => set(n, { required: e.currentTarget.checked })} />
                </td>
                <td>
                  <input type="checkbox" aria-label={`Filter search by ${who}`} checked={row.filterable} onChange={(e) => set(n, { filterable: e.currentTarget.checked })} />
                </td>
                <td>
                  <button type="button" onClick={() => setRows(rows.filter((_, i) => i !== n))}>
                    Remove {who}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
      <button
        type="button"
        onClick={() => setRows([...rows, { key: "", display_name: "", type: "TYPE_TEXT", unit: "", choices: "", filterable: false, required: false }])}
      >
        Add an attribute
      </button>{" "}
      <button type="submit" class="primary" disabled={action.busy}>
        Save attributes
      </button>
      <ErrorMessage error={action.error} />
      {said && <Notice kind="success">{said}</Notice>}
    </form>
  );
}
