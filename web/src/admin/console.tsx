// The admin console: products (options, variants, pictures), categories (their attributes), stock, orders and returns, promotions, review moderation, reports and webhooks, on the same REST API as the shop
// (every call is the admin's own token; the services check the role).
import { currentSession, isAdmin } from "../api/session";
import { Link, match } from "../router";
import { useTitle } from "../ui";
import { CategoriesAdmin } from "./categories";
import { OrdersAdmin } from "./orders";
import { ProductEditor, ProductsAdmin } from "./products";
import { PromotionsAdmin } from "./promotions";
import { Reports } from "./reports";
import { ReviewQueue } from "./reviews";
import { StockAdmin } from "./stock";
import { WebhooksAdmin } from "./webhooks";

const SECTIONS: [string, string][] = [
  ["/admin", "Reports"],
  ["/admin/products", "Products"],
  ["/admin/categories", "Categories"],
  ["/admin/stock", "Stock"],
  ["/admin/orders", "Orders"],
  ["/admin/promotions", "Promotions"],
  ["/admin/reviews", "Reviews"],
  ["/admin/webhooks", "Webhooks"],
];

export default function AdminConsole({ path }: { path: string }) {
  useTitle("Admin");
  const session = currentSession();
  if (!isAdmin(session)) {
    return (
      <section>
        <h1>Admin console</h1>
        <p>
          {session ? "Your account is not an admin." : "Admins only."}{" "}
          <Link href={`/login?next=${encodeURIComponent(path)}`}>Log in as an admin</Link>
        </p>
      </section>
    );
  }
  const product = match("/admin/products/:id", path);
  let page;
  if (product) page = <ProductEditor id={product.id} />;
  else if (path.startsWith("/admin/products")) page = <ProductsAdmin />;
  else if (path.startsWith("/admin/categories")) page = <CategoriesAdmin />;
  else if (path.startsWith("/admin/stock")) page = <StockAdmin />;
  else if (path.startsWith("/admin/orders")) page = <OrdersAdmin />;
  else if (path.startsWith("/admin/reviews")) page = <ReviewQueue />;
  else if (path.startsWith("/admin/promotions")) page = <PromotionsAdmin />;
  else if (path.startsWith("/admin/webhooks")) page = <WebhooksAdmin />;
  else page = <Reports />;
  return (
    <div class="admin">
      <nav aria-label="Admin sections" class="admin-nav">
        <ul>
          {SECTIONS.map(([href, label]) => (
            <li key={href}>
              <Link
                href={href}
                aria-current={(href === "/admin" ? path === href : path.startsWith(href)) ? "page" : undefined}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div class="admin-page">{page}</div>
    </div>
  );
}
