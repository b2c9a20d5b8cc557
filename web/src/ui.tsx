// The pieces every page uses: loading data, money, messages, form fields.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ComponentChildren, JSX } from "preact";
import { ApiError } from "./api/errors";
import type { TypeMoney } from "./api/schema";

export type Loaded<T> = { data?: T; error?: ApiError; loading: boolean; reload: () => void };

/** Runs `load` when `deps` change; a newer load wins over an older one still in flight. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setState((previous) => ({ data: previous.data, loading: true }));
    load().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error) => mine === generation.current && setState({ error: asApiError(error), loading: false }),
    );
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(500, undefined);
}

/** A button's action: busy while it runs, its error kept for the page to show. */
export function useAction(): {
  busy: boolean;
  error?: ApiError;
  run: (action: () => Promise<void>) => Promise<void>;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(undefined) };
}

export function cents(money: TypeMoney | undefined): number {
  if (!money) return 0;
  return Number(money.units ?? 0) * 100 + Math.round((money.nanos ?? 0) / 1e7);
}

export function formatMoney(money: TypeMoney | undefined): string {
  if (!money?.currency_code) return "";
  const amount = Number(money.units ?? 0) + (money.nanos ?? 0) / 1e9;
  return new Intl.NumberFormat("en-US", { style: "currency", currency: money.currency_code }).format(amount);
}

export function Money({ value }: { value: TypeMoney | undefined }) {
  return <span class="money">{formatMoney(value)}</span>;
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return "";
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

export function ErrorMessage({ error }: { error?: ApiError }) {
  if (!error) return null;
  return (
    <p class="message error" role="alert">
      {error.message}
    </p>
  );
}

export function Notice({ children, kind = "info" }: { children: ComponentChildren; kind?: "info" | "success" }) {
  return (
    <p class={`message ${kind}`} role="status">
      {children}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

type FieldProps = JSX.InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: ApiError;
  /** The request field the server names in a violation, when it differs from `name`. */
  field?: string;
  hint?: string;
};

/** A labelled input with its server-side violation (from a 400's field violations) under it. */
export function Field({ label, name, error, field, hint, ...input }: FieldProps) {
  const problem = error?.fields[field ?? name];
  const id = `field-${name}`;
  const described = [hint ? `${id}-hint` : "", problem ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} name={name} aria-invalid={problem ? true : undefined} aria-describedby={described || undefined} {...input} />
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {problem && (
        <small id={`${id}-error`} class="field-error">
          {problem}
        </small>
      )}
    </div>
  );
}

export function Stars({ rating, label }: { rating: number; label?: string }) {
  const rounded = Math.round(rating * 2) / 2;
  return (
    <span class="stars" role="img" aria-label={label ?? `${rounded} out of 5 stars`}>
      {"★".repeat(Math.floor(rounded))}
      {rounded % 1 ? "½" : ""}
      <span aria-hidden="true" class="stars-empty">
        {"★".repeat(5 - Math.ceil(rounded))}
      </span>
    </span>
  );
}

/** `products/abc` → `abc` (for page URLs). */
export function idOf(name: string | undefined): string {
  return (name ?? "").split("/").pop() ?? "";
}

export function orderState(state: string | undefined): string {
  return (state ?? "").replace("STATE_", "").replace(/_/g, " ").toLowerCase();
}

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ShopMesh` : "ShopMesh";
  }, [title]);
}

/** A table's header row; `optional` columns are left out on a phone. */
export function Columns({ names, optional = [] }: { names: string[]; optional?: string[] }) {
  return (
    <thead>
      <tr>
        {names.map((name) => (
          <th scope="col" key={name} class={optional.includes(name) ? "optional" : undefined}>
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** Page tokens walked so far: the current one is the last; back drops it, forward adds the next. */
export function usePages() {
  const [tokens, setTokens] = useState<string[]>([""]);
  return {
    token: tokens[tokens.length - 1] || undefined,
    depth: tokens.length,
    back: tokens.length > 1 ? () => setTokens(tokens.slice(0, -1)) : undefined,
    forward: (next: string | undefined) => (next ? () => setTokens([...tokens, next]) : undefined),
  };
}

export function Pager({ back, forward, labels }: { back?: () => void; forward?: () => void; labels: [string, string] }) {
  return (
    <p class="pager">
      {back && (
        <button type="button" onClick={back}>
          {labels[0]}
        </button>
      )}
      {forward && (
        <button type="button" onClick={forward}>
          {labels[1]}
        </button>
      )}
    </p>
  );
}
