import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import { currentSession, renewTokens, updateUser } from "../api/session";
import { logIn } from "../cart";
import { Link, navigate, useLocation } from "../router";
import { ErrorMessage, Field, Notice, useAction, useTitle } from "../ui";

function nextPage(query: URLSearchParams): string {
  const next = query.get("next") ?? "/";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function LoginPage() {
  useTitle("Log in");
  const { query } = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const action = useAction();
  return (
    <form
      class="narrow card"
      aria-labelledby="login-heading"
      onSubmit={(event) => {
        event.preventDefault();
        action.run(async () => {
          await logIn(email, password);
          navigate(nextPage(query), { replace: true });
        });
      }}
    >
      <h1 id="login-heading">Log in</h1>
      {query.get("expired") && <Notice>Your session has ended. Log in again; your cart is kept.</Notice>}
      <Field label="Email" name="email" type="email" autocomplete="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} error={action.error} />
      <Field label="Password" name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} error={action.error} />
      <ErrorMessage error={action.error} />
      <button type="submit" class="primary" disabled={action.busy}>
        Log in
      </button>
      <p>
        New here? <Link href={`/register?next=${encodeURIComponent(nextPage(query))}`}>Create an account</Link>
      </p>
    </form>
  );
}

export function RegisterPage() {
  useTitle("Create an account");
  const { query } = useLocation();
  const [form, setForm] = useState({ display_name: "", email: "", password: "" });
  const action = useAction();
  const set = (key: keyof typeof form) => (event: { currentTarget: HTMLInputElement }) =>
    setForm({ ...form, [key]: event.currentTarget.value });
  return (
    <form
      class="narrow card"
      aria-labelledby="register-heading"
      onSubmit={(event) => {
        event.preventDefault();
        action.run(async () => {
          await ok(api.POST("/v1/users", { body: { ...form, request_id: crypto.randomUUID() } }));
          await logIn(form.email, form.password);
          navigate(`/verify?next=${encodeURIComponent(nextPage(query))}`, { replace: true });
        });
      }}
    >
      <h1 id="register-heading">Create an account</h1>
      <Field label="Your name" name="display_name" autocomplete="name" required value={form.display_name} onInput={set("display_name")} error={action.error} />
      <Field label="Email" name="email" type="email" autocomplete="email" required value={form.email} onInput={set("email")} error={action.error} />
      <Field label="Password" name="password" type="password" autocomplete="new-password" required hint="At least 12 characters." value={form.password} onInput={set("password")} error={action.error} />
      <ErrorMessage error={action.error} />
      <button type="submit" class="primary" disabled={action.busy}>
        Create account
      </button>
    </form>
  );
}

/** The code mailed at registration; the session is then refreshed so its token says the address is confirmed. */
export function VerifyPage() {
  useTitle("Confirm your email");
  const { query } = useLocation();
  const [token, setToken] = useState("");
  const action = useAction();
  const resend = useAction();
  const [resent, setResent] = useState(false);
  const session = currentSession();
  return (
    <form
      class="narrow card"
      aria-labelledby="verify-heading"
      onSubmit={(event) => {
        event.preventDefault();
        action.run(async () => {
          const verified = await ok(api.POST("/v1/users:verifyEmail", { body: { token: token.trim() } }));
          if (verified.user) updateUser(verified.user);
          const refresh_token = currentSession()?.refresh_token;
          if (refresh_token) {
            const renewed = await ok(api.POST("/v1/sessions:refresh", { body: { refresh_token } }));
            renewTokens(renewed.access_token ?? "", renewed.refresh_token ?? "");
          }
          navigate(nextPage(query), { replace: true });
        });
      }}
    >
      <h1 id="verify-heading">Confirm your email</h1>
      <p>We mailed a code to {session?.user.email ?? "your address"}. Enter it here to be able to order and review.</p>
      <p class="muted">
        Running ShopMesh on your machine? Its mail stays there: <code>make mail</code> prints the newest.
      </p>
      <Field label="Code" name="token" autocomplete="one-time-code" required value={token} onInput={(e) => setToken(e.currentTarget.value)} error={action.error} />
      <ErrorMessage error={action.error} />
      <button type="submit" class="primary" disabled={action.busy}>
        Confirm
      </button>
      {session && (
        <p>
          No mail?{" "}
          <button
            type="button"
            class="link-button"
            disabled={resend.busy}
            onClick={() =>
              resend.run(async () => {
                await ok(api.POST("/v1/users/{user}:resendEmailVerification", { params: { path: { user: "me" } }, body: {} }));
                setResent(true);
              })
            }
          >
            Send it again
          </button>
        </p>
      )}
      {resent && <Notice>A new code is on its way.</Notice>}
      <ErrorMessage error={resend.error} />
      <p>
        <Link href={nextPage(query)}>Later</Link>
      </p>
    </form>
  );
}
