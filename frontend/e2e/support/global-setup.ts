// One real backend for the whole run (support/backend.ts), serving the API and the SPA build. Its
// URL reaches the tests as CONDUIT_E2E_URL.
import { existsSync } from "node:fs";
import { join } from "node:path";

import { repo, startBackend } from "./backend";

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(repo, "frontend", "dist", "index.html"))) {
    throw new Error("The SPA is not built: run `make spa` (make e2e does) before the e2e tests.");
  }
  const backend = await startBackend({ name: "e2e" });
  process.env.CONDUIT_E2E_URL = backend.url;
  return backend.stop;
}
