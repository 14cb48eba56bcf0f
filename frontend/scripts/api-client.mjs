// The typed API client's types, generated from ../openapi.json by openapi-typescript.
//   node scripts/api-client.mjs          rewrite src/api/generated/
//   node scripts/api-client.mjs --check  fail if src/api/generated/ differs from what the
//                                        contract generates, holds other files, or holds
//                                        files git does not track (a generated file that was
//                                        never committed is as stale as a changed one)
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const contract = join(root, "..", "openapi.json");
const outDir = join(root, "src", "api", "generated");

async function generate() {
  const ast = await openapiTS(new URL(`file://${contract}`), { alphabetize: false });
  return { "schema.ts": COMMENT_HEADER + astToString(ast) };
}

function untracked(dir) {
  try {
    const out = execFileSync("git", ["ls-files", "--others", "--exclude-standard", "--", dir], {
      cwd: root,
      encoding: "utf8",
    });
    return out.split("\n").filter(Boolean);
  } catch {
    return []; // not a git checkout (e.g. an unpacked release): nothing to compare against
  }
}

const expected = await generate();
if (process.argv.includes("--check")) {
  const problems = [];
  const present = readdirSync(outDir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(outDir, join(entry.parentPath, entry.name)));
  for (const [name, contents] of Object.entries(expected)) {
    if (!present.includes(name)) problems.push(`missing: ${name}`);
    else if (readFileSync(join(outDir, name), "utf8") !== contents) problems.push(`stale: ${name}`);
  }
  for (const name of present) if (!(name in expected)) problems.push(`not generated: ${name}`);
  for (const path of untracked(outDir)) problems.push(`untracked: ${path}`);
  if (problems.length) {
    console.error(`The generated API client does not match openapi.json:\n  ${problems.join("\n  ")}`);
    console.error("Run `npm run generate:api` (make client) and commit src/api/generated/.");
    process.exit(1);
  }
  console.log("API client is current with openapi.json.");
} else {
  mkdirSync(outDir, { recursive: true });
  for (const [name, contents] of Object.entries(expected)) writeFileSync(join(outDir, name), contents);
  console.log(`Wrote ${Object.keys(expected).join(", ")} from openapi.json.`);
}
