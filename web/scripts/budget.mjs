// The weight a shopper downloads for a product page: the entry chunk and everything it imports statically,
// with its CSS (the admin console is a chunk of its own, loaded only under /admin). Gzipped sizes, checked
// against the budget below; the build fails over it. Writes dist/budget.json (the README quotes it).
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = { js: 40 * 1024, css: 8 * 1024 }; // gzipped bytes
const dist = new URL("../dist/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL(".vite/manifest.json", dist), "utf8"));

const seen = new Set();
const files = { js: [], css: [] };
function walk(key) {
  if (seen.has(key)) return;
  seen.add(key);
  const chunk = manifest[key];
  files.js.push(chunk.file);
  for (const css of chunk.css ?? []) files.css.push(css);
  for (const imported of chunk.imports ?? []) walk(imported);
}
walk("index.html");

const gzipped = (list) => list.reduce((sum, file) => sum + gzipSync(readFileSync(new URL(file, dist))).length, 0);
const measured = { js: gzipped(files.js), css: gzipped(files.css) };
const admin = Object.values(manifest).filter((chunk) => chunk.isDynamicEntry).map((chunk) => chunk.file);
const report = { budget: BUDGET, product_page: measured, files, lazy_chunks: admin, admin_js: gzipped(admin) };
writeFileSync(new URL("budget.json", dist), JSON.stringify(report, null, 2) + "\n");
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `product page: JS ${kb(measured.js)} of ${kb(BUDGET.js)}, CSS ${kb(measured.css)} of ${kb(BUDGET.css)} (gzip); admin console +${kb(report.admin_js)}`,
);
for (const kind of ["js", "css"]) {
  if (measured[kind] > BUDGET[kind]) {
    console.error(`over budget: ${kind} ${kb(measured[kind])} > ${kb(BUDGET[kind])}`);
    process.exit(1);
  }
}
