import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import type { V1Promotion } from "../api/schema";
import { ErrorMessage, Field, formatTime, Loading, Money, Pager, useAction, useLoad, usePages } from "../ui";

/** Promotions: automatic ones and coupons. Terms never change once created; archive one to retire it. */
export function PromotionsAdmin() {
  const pages = usePages();
  const promotions = useLoad(() => ok(api.GET("/v1/promotions", { params: { query: { page_size: 20, page_token: pages.token } } })), [
    pages.depth,
  ]);
  return (
    <section aria-labelledby="promotions-heading">
      <h1 id="promotions-heading">Promotions</h1>
      <p class="muted">
        Automatic promotions apply to every cart they cover (each line gets its best percentage, then fixed amounts); a
        coupon comes last, once per order. Terms never change once created: archive a promotion and create another.
      </p>
      <NewPromotion onCreated={promotions.reload} />
      {promotions.loading && !promotions.data && <Loading what="promotions" />}
      <ErrorMessage error={promotions.error} />
      {promotions.data && !promotions.data.promotions?.length && <p>No promotions yet.</p>}
      <ul class="order-list">
        {(promotions.data?.promotions ?? []).map((promotion) => (
          <PromotionItem key={`${promotion.name}-${promotion.etag}`} promotion={promotion} onArchived={promotions.reload} />
        ))}
      </ul>
      <Pager back={pages.back} forward={pages.forward(promotions.data?.next_page_token)} labels={["Newer", "Older"]} />
    </section>
  );
}

function terms(promotion: V1Promotion) {
  const off = promotion.kind === "KIND_PERCENT_OFF" ? `${promotion.percent_off} % off` : <><Money value={promotion.amount_off} /> off</>;
  const scope = promotion.products?.length || promotion.categories?.length ? [...(promotion.products ?? []), ...(promotion.categories ?? [])].join(", ") : "everything";
  return (
    <>
      {off} {scope}
      {promotion.min_spend && <> · from <Money value={promotion.min_spend} /></>}
    </>
  );
}

function PromotionItem({ promotion, onArchived }: { promotion: V1Promotion; onArchived: () => void }) {
  const action = useAction();
  const archived = promotion.state === "STATE_ARCHIVED";
  const limit = Number(promotion.max_redemptions ?? 0);
  return (
    <li class="card" data-testid="admin-promotion">
      <h2 class="order-title">
        {promotion.display_name} · {promotion.coupon_code ? <>coupon <code>{promotion.coupon_code}</code></> : "automatic"}
        {archived && " · archived"}
      </h2>
      <p>{terms(promotion)}</p>
      <p class="muted">
        From {formatTime(promotion.start_time)}
        {promotion.end_time && <> to {formatTime(promotion.end_time)}</>}
        {promotion.coupon_code && (
          <>
            {" "}
            · used {promotion.redemptions ?? "0"}
            {limit > 0 && ` of ${limit}`} times
            {Number(promotion.max_redemptions_per_customer ?? 0) > 0 && `, at most ${promotion.max_redemptions_per_customer} per customer`}
          </>
        )}
      </p>
      {!archived && (
        <button
          type="button"
          disabled={action.busy}
          onClick={() =>
            action.run(async () => {
              await ok(api.POST("/v1/promotions/{promotion}:archive", { params: { path: { promotion: (promotion.name ?? "").split("/")[1] } }, body: {} }));
              onArchived();
            })
          }
        >
          Archive
        </button>
      )}
      <ErrorMessage error={action.error} />
    </li>
  );
}

function toMoney(value: string, currency: string) {
  const [units, fraction = ""] = value.trim().split(".");
  return { currency_code: currency, units: units || "0", nanos: Number((fraction + "00").slice(0, 2)) * 10_000_000 };
}

function NewPromotion({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"KIND_PERCENT_OFF" | "KIND_AMOUNT_OFF">("KIND_PERCENT_OFF");
  const [percent, setPercent] = useState("10");
  const [amount, setAmount] = useState("5.00");
  const [code, setCode] = useState("");
  const [minSpend, setMinSpend] = useState("");
  const [limit, setLimit] = useState("");
  const [perCustomer, setPerCustomer] = useState("");
  const [categories, setCategories] = useState("");
  const [ends, setEnds] = useState("");
  const action = useAction();
  return (
    <form
      class="card"
      aria-label="New promotion"
      onSubmit={(event) => {
        event.preventDefault();
        action.run(async () => {
          await ok(
            api.POST("/v1/promotions", {
              body: {
                display_name: name,
                kind,
                percent_off: kind === "KIND_PERCENT_OFF" ? Number(percent) : 0,
                amount_off: kind === "KIND_AMOUNT_OFF" ? toMoney(amount, "USD") : undefined,
                coupon_code: code,
                min_spend: minSpend ? toMoney(minSpend, "USD") : undefined,
                max_redemptions: limit || "0",
                max_redemptions_per_customer: perCustomer || "0",
                categories: categories ? categories.split(",").map((c) => `categories/${c.trim()}`) : [],
                end_time: ends ? new Date(ends).toISOString() : undefined,
              },
            }),
          );
          setName("");
          setCode("");
          onCreated();
        });
      }}
    >
      <Field label="Name shoppers see" name="promo-name" field="promotion.display_name" error={action.error} required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <div class="field">
        <label for="promo-kind">Kind</label>
        <select id="promo-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as typeof kind)}>
          <option value="KIND_PERCENT_OFF">Percentage off each line</option>
          <option value="KIND_AMOUNT_OFF">Amount off (USD)</option>
        </select>
      </div>
      {kind === "KIND_PERCENT_OFF" ? (
        <Field label="Percent off" name="promo-percent" field="promotion.percent_off" error={action.error} type="number" min={1} max={100} value={percent} onInput={(e) => setPercent(e.currentTarget.value)} />
      ) : (
        <Field label="Amount off (USD)" name="promo-amount" field="promotion.amount_off" error={action.error} value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      )}
      <Field label="Coupon code (empty: automatic)" name="promo-code" field="promotion.coupon_code" error={action.error} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
      <Field label="Categories (comma-separated ids; empty: everything)" name="promo-categories" field="promotion.categories" error={action.error} value={categories} onInput={(e) => setCategories(e.currentTarget.value)} />
      <Field label="Minimum spend (USD, optional)" name="promo-min" field="promotion.min_spend" error={action.error} value={minSpend} onInput={(e) => setMinSpend(e.currentTarget.value)} />
      <Field label="Uses in all (coupons; empty: no limit)" name="promo-limit" field="promotion.max_redemptions" error={action.error} type="number" min={0} value={limit} onInput={(e) => setLimit(e.currentTarget.value)} />
      <Field label="Uses per customer (coupons; empty: no limit)" name="promo-per-customer" field="promotion.max_redemptions_per_customer" error={action.error} type="number" min={0} value={perCustomer} onInput={(e) => setPerCustomer(e.currentTarget.value)} />
      <Field label="Ends (optional)" name="promo-ends" field="promotion.end_time" error={action.error} type="datetime-local" value={ends} onInput={(e) => setEnds(e.currentTarget.value)} />
      <button type="submit" class="primary" disabled={action.busy}>
        Create promotion
      </button>
      <ErrorMessage error={action.error} />
    </form>
  );
}
