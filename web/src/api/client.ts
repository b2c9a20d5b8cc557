// The one REST client: typed by the OpenAPI document (openapi-fetch over schema.d.ts), same origin as the page.
// Every call carries the session's access token; a 401 on an expired token trades the refresh token for a new
// pair once (shared by concurrent calls: a refresh token is good once) and repeats the call. When the refresh
// fails too, the session ends and the page asks the shopper to log in (their cart is kept server-side).
import createClient from "openapi-fetch";
import type { paths } from "./schema";
import { navigate } from "../router";
import { currentSession, endSession, renewTokens } from "./session";

let refreshing: Promise<boolean> | null = null;

async function refresh(): Promise<boolean> {
  const session = currentSession();
  if (!session?.refresh_token) return false;
  const response = await fetch("/v1/sessions:refresh", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refresh_token: session.refresh_token }),
  });
  if (!response.ok) {
    endSession();
    const here = location.pathname + location.search;
    if (!location.pathname.startsWith("/login")) navigate(`/login?expired=1&next=${encodeURIComponent(here)}`, { replace: true });
    return false;
  }
  const renewed = await response.json();
  renewTokens(renewed.access_token, renewed.refresh_token);
  return true;
}

function withToken(request: Request): Request {
  const token = currentSession()?.access_token;
  const headers = new Headers(request.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  return new Request(request, { headers });
}

async function authenticatedFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  const sentWith = currentSession()?.access_token;
  const response = await fetch(withToken(input));
  if (response.status !== 401 || !sentWith) return response;
  // Another call may have refreshed while this one was in flight.
  if (currentSession()?.access_token === sentWith) {
    refreshing ??= refresh().finally(() => (refreshing = null));
    if (!(await refreshing)) return response;
  }
  return fetch(withToken(retry));
}

export const api = createClient<paths>({ baseUrl: location.origin, fetch: authenticatedFetch });

/** Options of a read that must see the latest (an editor's): past the browser's cache and the gateway's. */
export const latest = { headers: { "cache-control": "no-cache" }, cache: "no-store" as RequestCache };

/** A fresh request id for the RPCs that take one (the same retried request applies once). */
export function requestId(): string {
  return crypto.randomUUID();
}
