import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import { cents, Columns, ErrorMessage, formatMoney, Loading, useLoad } from "../ui";

function day(offset: number): string {
  return new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
}

/** Bars as an SVG with a text alternative (the table below it). */
function BarChart({ title, bars }: { title: string; bars: { label: string; value: number; shown: string }[] }) {
  const most = Math.max(1, ...bars.map((bar) => bar.value));
  const width = 640;
  const height = 180;
  const step = width / Math.max(1, bars.length);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={title}>
        {bars.map((bar, i) => {
          const h = Math.round((bar.value / most) * height);
          return (
            <g key={bar.label}>
              <rect x={i * step + 4} y={height - h} width={step - 8} height={h} class="bar">
                <title>
                  {bar.label}: {bar.shown}
                </title>
              </rect>
              <text x={i * step + step / 2} y={height + 14} text-anchor="middle" class="axis">
                {bar.label.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}

export function Reports() {
  const [days, setDays] = useState(14);
  const range = { start_date: day(days - 1), end_date: day(0) };
  const sales = useLoad(() => ok(api.GET("/v1/analytics/sales", { params: { query: range } })), [days]);
  const top = useLoad(() => ok(api.GET("/v1/analytics/topProducts", { params: { query: { ...range, page_size: 10 } } })), [days]);
  const totals = sales.data?.totals;
  return (
    <section aria-labelledby="reports-heading">
      <h1 id="reports-heading">Sales</h1>
      <label for="report-days">Period </label>
      <select id="report-days" class="inline-select" value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
        <option value={7}>Last 7 days</option>
        <option value={14}>Last 14 days</option>
        <option value={30}>Last 30 days</option>
      </select>
      {sales.loading && !sales.data && <Loading what="sales" />}
      <ErrorMessage error={sales.error} />
      {totals && (
        <dl class="kpis">
          <div>
            <dt>Revenue</dt>
            <dd data-testid="revenue">{formatMoney(totals.revenue) || "$0.00"}</dd>
          </div>
          <div>
            <dt>Orders confirmed</dt>
            <dd>{totals.orders_confirmed ?? 0}</dd>
          </div>
          <div>
            <dt>Units sold</dt>
            <dd>{totals.units_sold ?? 0}</dd>
          </div>
          <div>
            <dt>Average order</dt>
            <dd>{formatMoney(sales.data?.average_order_value) || "–"}</dd>
          </div>
          <div>
            <dt>Cancellation rate</dt>
            <dd>{((sales.data?.cancellation_rate ?? 0) * 100).toFixed(1)} %</dd>
          </div>
        </dl>
      )}
      {sales.data?.days && (
        <>
          <BarChart
            title={`Revenue per day, ${range.start_date} to ${range.end_date}`}
            bars={sales.data.days.map((d) => ({ label: d.date ?? "", value: cents(d.revenue), shown: formatMoney(d.revenue) }))}
          />
          <details>
            <summary>Revenue per day as a table</summary>
            <table>
              <Columns names={["Day", "Orders", "Revenue"]} />
              <tbody>
                {sales.data.days.map((d) => (
                  <tr key={d.date}>
                    <td>{d.date}</td>
                    <td>{d.orders_confirmed ?? 0}</td>
                    <td>{formatMoney(d.revenue)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
      <h2>Top products</h2>
      <ErrorMessage error={top.error} />
      {top.data && !top.data.products?.length && <p>No sales in this period.</p>}
      <ol class="top-products">
        {(top.data?.products ?? []).map((product) => {
          const best = cents(top.data?.products?.[0]?.revenue) || 1;
          return (
            <li key={product.product}>
              <span>{product.display_name}</span>
              <span class="meter" aria-hidden="true">
                <span style={{ width: `${Math.round((cents(product.revenue) / best) * 100)}%` }} />
              </span>
              <span>
                {product.units_sold} sold · {formatMoney(product.revenue)}
              </span>
              {(product.variants ?? []).some((v) => v.option_label) && (
                <ul class="variant-sales" aria-label={`${product.display_name} by variant`}>
                  {(product.variants ?? []).map((v) => (
                    <li key={v.variant || v.sku}>
                      {v.option_label || "Before variants"} ({v.sku || "no SKU"}): {v.units_sold} sold · {formatMoney(v.revenue)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
