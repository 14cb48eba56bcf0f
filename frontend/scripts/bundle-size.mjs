// The JavaScript a first page load fetches (the entry script and the chunks index.html
// preloads), gzipped as core/edge/spa.py serves it. Fails above the budget (180 kB).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 180;
const dist = join(dirname(dirname(fileURLToPath(import.meta.url))), "dist");
const html = readFileSync(join(dist, "index.html"), "utf8");
const firstLoad = [
  ...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g),
].map((m) => m[1]);

const gzipKb = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1000;
const all = readdirSync(join(dist, "assets"))
  .filter((f) => f.endsWith(".js"))
  .map((f) => `assets/${f}`);
const rows = all.map((file) => ({ file, kb: gzipKb(file), first: firstLoad.includes(file) }));
for (const { file, kb, first } of rows) {
  console.log(`${first ? "first load" : "on demand "}  ${kb.toFixed(1).padStart(6)} kB gz  ${file}`);
}
const total = rows.filter((r) => r.first).reduce((sum, r) => sum + r.kb, 0);
console.log(`First page load: ${total.toFixed(1)} kB of JavaScript, gzipped (budget ${BUDGET_KB} kB).`);
if (firstLoad.length === 0 || total > BUDGET_KB) {
  console.error(firstLoad.length === 0 ? "No script found in dist/index.html." : "Over budget.");
  process.exit(1);
}
