import { useState } from "preact/hooks";
import { api, requestId } from "../api/client";
import { ok } from "../api/errors";
import { Columns, ErrorMessage, Field, formatTime, Loading, Notice, useAction, useLoad } from "../ui";

/** Stock of one SKU per warehouse, and receiving or writing off units. */
export function StockAdmin() {
  const initial = new URLSearchParams(location.search).get("sku") ?? "";
  const [sku, setSku] = useState(initial);
  const [shown, setShown] = useState(initial);
  return (
    <section aria-labelledby="stock-heading">
      <h1 id="stock-heading">Stock</h1>
      <form
        class="inline-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setShown(sku.trim().toUpperCase());
        }}
      >
        <Field label="SKU" name="sku-lookup" value={sku} onInput={(e) => setSku(e.currentTarget.value)} required />
        <button type="submit">Show stock</button>
      </form>
      {shown && <StockOf sku={shown} key={shown} />}
    </section>
  );
}

function StockOf({ sku }: { sku: string }) {
  const levels = useLoad(() => ok(api.GET("/v1/stockLevels", { params: { query: { sku } } })), [sku]);
  const [warehouse, setWarehouse] = useState("main");
  const [delta, setDelta] = useState("");
  const [done, setDone] = useState("");
  const adjust = useAction();
  return (
    <>
      {levels.loading && <Loading what="stock" />}
      <ErrorMessage error={levels.error} />
      {levels.data && (
        <table class="lines">
          <caption>Stock of {sku}</caption>
          <Columns
            names={["Warehouse", "On hand", "Reserved", "Available", "Low-stock mail below", "Changed"]}
            optional={["Low-stock mail below", "Changed"]}
          />
          <tbody>
            {(levels.data.stock_levels ?? []).map((level) => (
              <tr key={level.warehouse}>
                <td>{level.warehouse}</td>
                <td>{level.on_hand}</td>
                <td>{level.reserved}</td>
                <td data-testid={`available-${level.warehouse}`}>{level.available}</td>
                <td class="optional">{level.low_stock_threshold}</td>
                <td class="optional">{formatTime(level.update_time)}</td>
              </tr>
            ))}
            {!levels.data.stock_levels?.length && (
              <tr>
                <td colSpan={6}>No stock anywhere yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <form
        class="card inline-form"
        aria-labelledby="adjust-heading"
        onSubmit={(event) => {
          event.preventDefault();
          setDone("");
          adjust.run(async () => {
            await ok(
              api.POST("/v1/stockLevels:adjust", { body: { sku, warehouse, delta: String(Number(delta)), request_id: requestId() } }),
            );
            setDone(`${Number(delta) > 0 ? "Received" : "Wrote off"} ${Math.abs(Number(delta))} of ${sku} in ${warehouse}.`);
            setDelta("");
            levels.reload();
          });
        }}
      >
        <h2 id="adjust-heading">Receive or write off</h2>
        <Field label="Warehouse" name="warehouse" value={warehouse} onInput={(e) => setWarehouse(e.currentTarget.value)} error={adjust.error} required />
        <Field label="Units (negative writes off)" name="delta" type="number" value={delta} onInput={(e) => setDelta(e.currentTarget.value)} error={adjust.error} required />
        <button type="submit" class="primary" disabled={adjust.busy}>
          Adjust stock
        </button>
        <ErrorMessage error={adjust.error} />
        {done && <Notice kind="success">{done}</Notice>}
      </form>
    </>
  );
}
