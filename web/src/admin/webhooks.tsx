import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import type { V1WebhookEndpoint } from "../api/schema";
import { Columns, ErrorMessage, Field, formatTime, idOf, Loading, Notice, Pager, useAction, useLoad, usePages } from "../ui";

const STATES: Record<string, string> = {
  STATE_PENDING: "waiting",
  STATE_DELIVERED: "delivered",
  STATE_DEAD: "dead-lettered",
};

/** Outside systems' endpoints: register one (its secret shown once), see whether it is paused, read its log. */
export function WebhooksAdmin() {
  const endpoints = useLoad(() => ok(api.GET("/v1/webhookEndpoints")), []);
  const [created, setCreated] = useState<V1WebhookEndpoint | null>(null);
  return (
    <section aria-labelledby="webhooks-heading">
      <h1 id="webhooks-heading">Webhooks</h1>
      <p class="muted">
        Each event an endpoint asks for is POSTed to it once, signed with its secret (the Shopmesh-Signature header), in
        order per order, retried with backoff, dead-lettered after the last attempt, and paused while it keeps failing.
      </p>
      <NewEndpoint
        onCreated={(endpoint) => {
          setCreated(endpoint);
          endpoints.reload();
        }}
      />
      {created && (
        <Notice kind="success">
          Registered. Its signing secret, shown this once: <code data-testid="webhook-secret">{created.secret}</code>
        </Notice>
      )}
      {endpoints.loading && !endpoints.data && <Loading what="endpoints" />}
      <ErrorMessage error={endpoints.error} />
      {endpoints.data && !endpoints.data.webhook_endpoints?.length && <p>No endpoints yet.</p>}
      <ul class="order-list">
        {(endpoints.data?.webhook_endpoints ?? []).map((endpoint) => (
          <Endpoint key={endpoint.name} endpoint={endpoint} onDeleted={endpoints.reload} />
        ))}
      </ul>
    </section>
  );
}

function NewEndpoint({ onCreated }: { onCreated: (endpoint: V1WebhookEndpoint) => void }) {
  const types = useLoad(() => ok(api.GET("/v1/webhookEventTypes")), []);
  const [url, setUrl] = useState("");
  const [wanted, setWanted] = useState<string[]>([]);
  const action = useAction();
  return (
    <form
      class="card"
      aria-label="New endpoint"
      onSubmit={(event) => {
        event.preventDefault();
        action.run(async () => {
          const answer = await ok(api.POST("/v1/webhookEndpoints", { body: { url, event_types: wanted } }));
          setUrl("");
          setWanted([]);
          if (answer.webhook_endpoint) onCreated(answer.webhook_endpoint);
        });
      }}
    >
      <Field label="URL" name="url" field="webhook_endpoint.url" error={action.error} required value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
      <fieldset aria-describedby={action.error?.fields["webhook_endpoint.event_types"] ? "event-types-error" : undefined}>
        <legend>Events to deliver</legend>
        {(types.data?.event_types ?? []).map((type) => (
          <label class="checkbox" key={type}>
            <input
              type="checkbox"
              checked={wanted.includes(type)}
              onChange={(e) => setWanted(e.currentTarget.checked ? [...wanted, type] : wanted.filter((t) => t !== type))}
            />
            {type.split(".").pop()}
          </label>
        ))}
        {action.error?.fields["webhook_endpoint.event_types"] && (
          <small id="event-types-error" class="field-error">
            {action.error.fields["webhook_endpoint.event_types"]}
          </small>
        )}
      </fieldset>
      <ErrorMessage error={action.error} />
      <button type="submit" class="primary" disabled={action.busy}>
        Register endpoint
      </button>
    </form>
  );
}

function Endpoint({ endpoint, onDeleted }: { endpoint: V1WebhookEndpoint; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const remove = useAction();
  const id = idOf(endpoint.name);
  const paused = endpoint.state === "STATE_PAUSED";
  return (
    <li class="card" data-endpoint={endpoint.name} aria-labelledby={`endpoint-${id}`}>
      <h2 id={`endpoint-${id}`} class="order-title">
        {endpoint.url}
      </h2>
      <p>
        <span class={`state state-${paused ? "paused" : "active"}`}>{paused ? "paused" : "active"}</span>
        {paused && endpoint.paused_until && <> until {formatTime(endpoint.paused_until)}</>} ·{" "}
        {endpoint.consecutive_failures} failures in a row · {(endpoint.event_types ?? []).map((t) => t.split(".").pop()).join(", ")}
      </p>
      <div class="inline-form">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "Hide deliveries" : "Show deliveries"}
        </button>
        <button
          type="button"
          disabled={remove.busy}
          onClick={() =>
            remove.run(async () => {
              await ok(api.DELETE("/v1/webhookEndpoints/{webhookEndpoint}", { params: { path: { webhookEndpoint: id } } }));
              onDeleted();
            })
          }
        >
          Delete
        </button>
      </div>
      <ErrorMessage error={remove.error} />
      {open && <Deliveries id={id} />}
    </li>
  );
}

function Deliveries({ id }: { id: string }) {
  const pages = usePages();
  const log = useLoad(
    () =>
      ok(
        api.GET("/v1/webhookEndpoints/{webhookEndpoint}/deliveries", {
          params: { path: { webhookEndpoint: id }, query: { page_size: 20, page_token: pages.token } },
        }),
      ),
    [id, pages.token],
  );
  if (log.error) return <ErrorMessage error={log.error} />;
  if (!log.data) return <Loading what="deliveries" />;
  const rows = log.data.webhook_deliveries ?? [];
  if (!rows.length && pages.depth === 1) return <p>Nothing delivered yet.</p>;
  return (
    <>
      <table class="lines" data-testid="deliveries">
        <caption class="visually-hidden">Deliveries, newest first</caption>
        <Columns names={["Event", "Order", "State", "Attempts", "Last answer", "Taken"]} optional={["Order", "Taken"]} />
        <tbody>
          {rows.map((delivery) => (
            <tr key={delivery.name}>
              <td>{(delivery.event_type ?? "").split(".").pop()}</td>
              <td class="optional">{idOf(delivery.subject).slice(0, 8)}</td>
              <td>{STATES[delivery.state ?? ""] ?? delivery.state}</td>
              <td>{delivery.attempts}</td>
              <td>{delivery.last_status_code ? delivery.last_status_code : delivery.last_error || "—"}</td>
              <td class="optional">{formatTime(delivery.create_time)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager back={pages.back} forward={pages.forward(log.data.next_page_token)} labels={["Newer", "Older"]} />
    </>
  );
}
