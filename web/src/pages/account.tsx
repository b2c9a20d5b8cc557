import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { ok } from "../api/errors";
import type { V1NotificationType } from "../api/schema";
import { currentSession, updateUser } from "../api/session";
import { Link } from "../router";
import { ErrorMessage, Field, formatTime, idOf, Loading, Money, Notice, useAction, useLoad, useTitle } from "../ui";

const MAILS: [V1NotificationType, string][] = [
  ["NOTIFICATION_TYPE_ORDER_CONFIRMED", "Order confirmations"],
  ["NOTIFICATION_TYPE_ORDER_SHIPPED", "Shipping updates"],
  ["NOTIFICATION_TYPE_ORDER_DELIVERED", "Delivery confirmations"],
  ["NOTIFICATION_TYPE_ORDER_CANCELLED", "Cancellations"],
  ["NOTIFICATION_TYPE_PAYMENT_FAILED", "Failed payments"],
  ["NOTIFICATION_TYPE_WISHLIST_PRICE_DROP", "Wishlist price drops"],
  ["NOTIFICATION_TYPE_WISHLIST_BACK_IN_STOCK", "Wishlist products back in stock"],
];

export function AccountPage() {
  useTitle("Your account");
  if (!currentSession()) {
    return (
      <p>
        <Link href="/login?next=/account">Log in</Link> to see your account.
      </p>
    );
  }
  return (
    <>
      <h1>Your account</h1>
      <div class="grid-2">
        <Profile />
        <Password />
        <Mails />
      </div>
      <Wishlist />
      <Messages />
    </>
  );
}

function Profile() {
  const user = useLoad(() => ok(api.GET("/v1/users/{user}", { params: { path: { user: "me" } } })), []);
  const [name, setName] = useState("");
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => setName(user.data?.user?.display_name ?? ""), [user.data]);
  if (!user.data) return user.error ? <ErrorMessage error={user.error} /> : <Loading what="your profile" />;
  const profile = user.data.user ?? {};
  return (
    <form
      class="card"
      aria-labelledby="profile-heading"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        action.run(async () => {
          const updated = await ok(
            api.PATCH("/v1/users/{user}", { params: { path: { user: "me" } }, body: { display_name: name, etag: profile.etag } }),
          );
          if (updated.user) updateUser(updated.user);
          setSaved(true);
          user.reload();
        });
      }}
    >
      <h2 id="profile-heading">Profile</h2>
      <p>
        {profile.email} {profile.email_verified ? "(confirmed)" : <Link href="/verify?next=/account">confirm your address</Link>}
      </p>
      <Field label="Name" name="display_name" field="user.display_name" value={name} onInput={(e) => setName(e.currentTarget.value)} error={action.error} required />
      <ErrorMessage error={action.error} />
      {saved && <Notice kind="success">Saved.</Notice>}
      <button type="submit" disabled={action.busy}>
        Save
      </button>
    </form>
  );
}

function Password() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [changed, setChanged] = useState(false);
  const action = useAction();
  return (
    <form
      class="card"
      aria-labelledby="password-heading"
      onSubmit={(event) => {
        event.preventDefault();
        setChanged(false);
        action.run(async () => {
          await ok(
            api.POST("/v1/users/{user}:changePassword", {
              params: { path: { user: "me" } },
              body: { current_password: current, new_password: next },
            }),
          );
          setCurrent("");
          setNext("");
          setChanged(true);
        });
      }}
    >
      <h2 id="password-heading">Password</h2>
      <Field label="Current password" name="current_password" type="password" autocomplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} error={action.error} required />
      <Field label="New password" name="new_password" type="password" autocomplete="new-password" hint="At least 12 characters." value={next} onInput={(e) => setNext(e.currentTarget.value)} error={action.error} required />
      <ErrorMessage error={action.error} />
      {changed && <Notice kind="success">Your password is changed.</Notice>}
      <button type="submit" disabled={action.busy}>
        Change password
      </button>
    </form>
  );
}

function Mails() {
  const preferences = useLoad(() => ok(api.GET("/v1/notificationPreferences")), []);
  const [optedOut, setOptedOut] = useState<V1NotificationType[]>([]);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => setOptedOut(preferences.data?.preferences?.opted_out ?? []), [preferences.data]);
  if (!preferences.data) return preferences.error ? <ErrorMessage error={preferences.error} /> : <Loading what="your mail settings" />;
  return (
    <form
      class="card"
      aria-labelledby="mail-heading"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        action.run(async () => {
          await ok(api.PATCH("/v1/notificationPreferences", { body: { opted_out: optedOut } }));
          setSaved(true);
        });
      }}
    >
      <h2 id="mail-heading">Mail</h2>
      <fieldset>
        <legend>Mail me about</legend>
        {MAILS.map(([type, label]) => (
          <label class="checkbox" key={type}>
            <input
              type="checkbox"
              checked={!optedOut.includes(type)}
              onChange={(e) =>
                setOptedOut(e.currentTarget.checked ? optedOut.filter((t) => t !== type) : [...optedOut, type])
              }
            />
            {label}
          </label>
        ))}
      </fieldset>
      <p class="muted">Security mail (codes, password resets) is always sent.</p>
      <ErrorMessage error={action.error} />
      {saved && <Notice kind="success">Saved.</Notice>}
      <button type="submit" disabled={action.busy}>
        Save mail settings
      </button>
    </form>
  );
}

/** What the shopper saved for later, with today's price and stock. */
function Wishlist() {
  const items = useLoad(() => ok(api.GET("/v1/users/me/wishlistItems")), []);
  const remove = useAction();
  return (
    <section aria-labelledby="wishlist-heading">
      <h2 id="wishlist-heading">Your wishlist</h2>
      {items.loading && !items.data && <Loading what="your wishlist" />}
      <ErrorMessage error={items.error ?? remove.error} />
      {items.data && !items.data.wishlist_items?.length && <p>Nothing saved yet: "Save to wishlist" on a product page.</p>}
      <ul class="order-list" data-testid="wishlist">
        {(items.data?.wishlist_items ?? []).map((item) => (
          <li key={item.name} class="card">
            <Link href={`/products/${idOf(item.product)}${item.variant ? `?variant=${idOf(item.variant)}` : ""}`}>
              {item.display_name}
              {item.variant_label && ` (${item.variant_label})`}
            </Link>{" "}
            · <Money value={item.price} />
            {!item.active ? " · no longer sold" : !item.in_stock && " · out of stock"}{" "}
            <button
              type="button"
              disabled={remove.busy}
              aria-label={`Remove ${item.display_name} from your wishlist`}
              onClick={() =>
                remove.run(async () => {
                  await ok(
                    api.DELETE("/v1/users/me/wishlistItems/{wishlistItem}", {
                      params: { path: { wishlistItem: idOf(item.name) } },
                    }),
                  );
                  items.reload();
                })
              }
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What the shop mailed you: the notification history (codes stay in the mailbox). */
function Messages() {
  const messages = useLoad(() => ok(api.GET("/v1/notifications", { params: { query: { page_size: 20 } } })), []);
  return (
    <section aria-labelledby="messages-heading">
      <h2 id="messages-heading">Mail we sent you</h2>
      {messages.loading && !messages.data && <Loading what="your mail" />}
      <ErrorMessage error={messages.error} />
      {messages.data && !messages.data.notifications?.length && <p>Nothing yet.</p>}
      <ul class="order-list" data-testid="messages">
        {(messages.data?.notifications ?? []).map((message) => (
          <li key={message.name} class="card">
            <details>
              <summary>
                <strong>{message.subject}</strong> · {formatTime(message.create_time)}
                {message.state === "STATE_SUPPRESSED" && " · not mailed (you opted out)"}
                {message.state === "STATE_PENDING" && " · sending"}
              </summary>
              <pre class="mail-body">{message.body}</pre>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
