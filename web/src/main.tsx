import { render } from "preact";
import { lazy, Suspense } from "preact/compat";
import { useEffect, useState } from "preact/hooks";
import "./styles.css";
import { api } from "./api/client";
import { ok } from "./api/errors";
import { currentSession, endSession, isAdmin, subscribe } from "./api/session";
import { loadCart, onCartChange } from "./cart";
import { Link, match, navigate, useLocation } from "./router";
import { Loading } from "./ui";
import { AccountPage } from "./pages/account";
import { LoginPage, RegisterPage, VerifyPage } from "./pages/auth";
import { CartPage } from "./pages/cart";
import { CheckoutPage } from "./pages/checkout";
import { HomePage } from "./pages/home";
import { NotFoundPage } from "./pages/not-found";
import { OrderPage, OrdersPage } from "./pages/orders";
import { ProductPage } from "./pages/product";
import { SearchPage } from "./pages/search";
// Every page's URL pattern, shared with the gateway (scripts/gateway_config.py routes exactly these, and the
// built files, to the storefront; any other path is the API's 404).
import PAGES from "./pages.json";

// The admin console is its own chunk: shoppers never download it.
const AdminConsole = lazy(() => import("./admin/console"));

function useSession() {
  const [session, setSession] = useState(currentSession());
  useEffect(() => subscribe(() => setSession(currentSession())), []);
  return session;
}

function SearchBox() {
  const { query } = useLocation();
  const [text, setText] = useState(query.get("q") ?? "");
  const [suggestions, setSuggestions] = useState<string[]>([]);
  useEffect(() => {
    const prefix = text.trim();
    if (prefix.length < 2) return setSuggestions([]);
    const timer = setTimeout(async () => {
      const found = await ok(api.GET("/v1/products:autocomplete", { params: { query: { prefix, page_size: 6 } } })).catch(
        () => ({ suggestions: [] }),
      );
      setSuggestions((found.suggestions ?? []).map((s) => s.display_name ?? ""));
    }, 150);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <form
      class="search-box"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(`/search?q=${encodeURIComponent(text.trim())}`);
      }}
    >
      <label for="search-input" class="visually-hidden">
        Search products
      </label>
      <input
        id="search-input"
        type="search"
        list="search-suggestions"
        placeholder="Search coffee, tea, kettles…"
        autocomplete="off"
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <datalist id="search-suggestions" data-testid="suggestions">
        {suggestions.map((suggestion) => (
          <option key={suggestion} value={suggestion} />
        ))}
      </datalist>
      <button type="submit">Search</button>
    </form>
  );
}

function Header() {
  const session = useSession();
  const [count, setCount] = useState(0);
  useEffect(() => {
    const off = onCartChange((cart) => setCount(Number(cart.total_quantity ?? 0)));
    loadCart().catch(() => setCount(0));
    return off;
  }, [session?.user.name]);
  const logOut = async () => {
    const refresh_token = currentSession()?.refresh_token ?? "";
    await api.POST("/v1/sessions:logout", { body: { refresh_token } }).catch(() => undefined);
    endSession();
    navigate("/");
  };
  return (
    <header class="site-header">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <div class="header-row">
        <Link href="/" class="brand">
          ShopMesh
        </Link>
        <SearchBox />
        <nav aria-label="Account">
          <ul class="nav-links">
            <li>
              <Link href="/cart">
                Cart <span class="badge" data-testid="cart-count" aria-label={`${count} items`}>{count}</span>
              </Link>
            </li>
            {session ? (
              <>
                <li>
                  <Link href="/orders">Orders</Link>
                </li>
                <li>
                  <Link href="/account">Account</Link>
                </li>
                {isAdmin(session) && (
                  <li>
                    <Link href="/admin">Admin</Link>
                  </li>
                )}
                <li>
                  <button type="button" class="link-button" onClick={logOut}>
                    Log out
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link href={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>Log in</Link>
                </li>
                <li>
                  <Link href="/register">Register</Link>
                </li>
              </>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}

type View = (params: Record<string, string>, path: string) => preact.JSX.Element;
const VIEWS: Record<string, View> = {
  home: () => <HomePage />,
  search: () => <SearchPage />,
  product: (p) => <ProductPage id={p.id} />,
  cart: () => <CartPage />,
  checkout: () => <CheckoutPage />,
  orders: () => <OrdersPage />,
  order: (p) => <OrderPage id={p.id} />,
  account: () => <AccountPage />,
  login: () => <LoginPage />,
  register: () => <RegisterPage />,
  verify: () => <VerifyPage />,
  admin: (_, path) => (
    <Suspense fallback={<Loading what="the admin console" />}>
      <AdminConsole path={path} />
    </Suspense>
  ),
};

function App() {
  const { path } = useLocation();
  let page = <NotFoundPage />;
  for (const [pattern, view] of Object.entries(PAGES)) {
    const params = match(pattern, path);
    if (params) {
      page = VIEWS[view](params, path);
      break;
    }
  }
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        {page}
      </main>
      <footer class="site-footer">
        <p>
          ShopMesh is an open-source gRPC service mesh. This shop runs on its public REST API (<a href="/docs">reference</a>
          , <a href="/openapi.json">OpenAPI</a>). Test card: 4242 4242 4242 4242.
        </p>
      </footer>
    </>
  );
}

render(<App />, document.getElementById("app")!);
