// Who is shopping: the session's tokens (kept in localStorage, so a reload keeps you logged in) and the
// anonymous cart a visitor fills before logging in (merged into theirs at login).
import type { V1LoginResponse, V1User } from "./schema";

const SESSION = "shopmesh.session";
const ANONYMOUS_CART = "shopmesh.anonymousCart";

export type Session = { access_token: string; refresh_token: string; user: V1User };

type Listener = () => void;
const listeners = new Set<Listener>();

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const listener of listeners) listener();
}

export function currentSession(): Session | null {
  const saved = localStorage.getItem(SESSION);
  return saved ? (JSON.parse(saved) as Session) : null;
}

export function startSession(login: V1LoginResponse): void {
  const session = { access_token: login.access_token ?? "", refresh_token: login.refresh_token ?? "", user: login.user ?? {} };
  localStorage.setItem(SESSION, JSON.stringify(session));
  changed();
}

export function renewTokens(access_token: string, refresh_token: string): void {
  const session = currentSession();
  if (!session) return;
  localStorage.setItem(SESSION, JSON.stringify({ ...session, access_token, refresh_token }));
}

export function updateUser(user: V1User): void {
  const session = currentSession();
  if (!session) return;
  localStorage.setItem(SESSION, JSON.stringify({ ...session, user }));
  changed();
}

export function endSession(): void {
  localStorage.removeItem(SESSION);
  changed();
}

export function isAdmin(session: Session | null): boolean {
  return session?.user.role === "ROLE_ADMIN";
}

/** The visitor's anonymous cart (`carts/anonymous-<uuid>`), made on first use. */
export function anonymousCart(): string {
  let cart = localStorage.getItem(ANONYMOUS_CART);
  if (!cart) {
    cart = `carts/anonymous-${crypto.randomUUID()}`;
    localStorage.setItem(ANONYMOUS_CART, cart);
  }
  return cart;
}

/** After a merge the anonymous cart is empty; the next visit without a session starts a new one. */
export function forgetAnonymousCart(): void {
  localStorage.removeItem(ANONYMOUS_CART);
}
