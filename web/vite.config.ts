// The storefront and the admin console: one single-page app, built into dist/ and served through the Envoy
// gateway on the API's own origin (scripts/web_server.py behind the gateway's catch-all route).
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true, // scripts/budget.mjs reads which files a page loads
    target: "es2022",
    assetsInlineLimit: 0, // nothing inlined as data: URIs (the page's Content-Security-Policy allows only 'self')
  },
  server: {
    // `npm run dev` against a running stack: the API stays on the gateway.
    proxy: { "/v1": "http://127.0.0.1:8080", "/openapi.json": "http://127.0.0.1:8080" },
  },
});
