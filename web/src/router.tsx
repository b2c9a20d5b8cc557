// A small history router: paths are real URLs (the gateway serves index.html for any page path), links are
// plain <a href> elements whose clicks are handled here.
import { useEffect, useState } from "preact/hooks";
import type { ComponentChildren, JSX } from "preact";

type Listener = () => void;
const listeners = new Set<Listener>();

export function navigate(to: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

addEventListener("popstate", () => listeners.forEach((listener) => listener()));

export type Location = { path: string; query: URLSearchParams };

export function useLocation(): Location {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((tick) => tick + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

export function Link(props: JSX.HTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren }) {
  const onClick = (event: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.href);
  };
  return <a {...props} onClick={onClick} />;
}

/** `/products/:id` against `/products/abc` → `{ id: "abc" }`, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const regex = new RegExp(
    "^" + pattern.replace(/:([a-z]+)/g, (_, name: string) => (names.push(name), "([^/]+)")) + "/?$",
  );
  const found = regex.exec(path);
  if (!found) return null;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
}
