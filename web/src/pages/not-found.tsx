import { Link } from "../router";
import { useTitle } from "../ui";

export function NotFoundPage() {
  useTitle("Not found");
  return (
    <section>
      <h1>There is no such page</h1>
      <p>
        <Link href="/">Back to the shop</Link>
      </p>
    </section>
  );
}
