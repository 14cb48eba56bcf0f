// One real backend for a browser test run: a fresh SQLite database, migrated, and uvicorn on a
// free port serving the API and a built SPA. The SPA's e2e suite and the Vue starter's
// (clients/vue-example/e2e/global-setup.ts) both start theirs here.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const python = process.env.CONDUIT_PYTHON ?? join(repo, ".venv", "bin", "python");

export interface Backend {
  url: string;
  log: string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port was assigned")),
      );
    });
  });
}

async function waitUntilServing(url: string, log: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`uvicorn exited:\n${readFileSync(log, "utf8")}`);
    try {
      if ((await fetch(`${url}/api/tags`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`uvicorn did not answer within 30 s:\n${readFileSync(log, "utf8")}`);
}

/** Start the backend; `spaRoot` serves another built SPA than frontend/dist. */
export async function startBackend(options: { name: string; spaRoot?: string }): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), `conduit-${options.name}-`));
  // Development mode, chosen explicitly: production refuses to start without real secrets.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONDUIT_ENV: "development",
    SQLITE_PATH: join(dir, "e2e.sqlite3"),
    LOG_LEVEL: "WARNING",
  };
  delete env.DATABASE_URL; // always its own SQLite file, whatever the developer's shell says
  delete env.REDIS_URL;
  delete env.SPA_ROOT;
  if (options.spaRoot) env.SPA_ROOT = options.spaRoot;
  execFileSync(python, ["manage.py", "migrate", "--verbosity", "0"], { cwd: repo, env, stdio: "inherit" });

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = join(dir, "uvicorn.log");
  const out = openSync(log, "w");
  const server = spawn(
    python,
    [
      "-m",
      "uvicorn",
      "core.config.asgi:application",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--lifespan",
      "off",
      "--loop",
      "uvloop",
      "--http",
      "httptools",
      "--no-access-log",
    ],
    { cwd: repo, env, stdio: ["ignore", out, out] },
  );
  let exited = false;
  const stopped = new Promise<void>((r) => server.once("exit", () => ((exited = true), r())));
  try {
    await waitUntilServing(url, log, () => exited);
  } catch (error) {
    server.kill("SIGKILL");
    throw error;
  }
  return {
    url,
    log,
    stop: async () => {
      if (!exited) {
        server.kill("SIGTERM");
        const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
        await stopped;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium and its flags (tests/browser.json, shared with the Python browser tests). */
export function chromium(): { executablePath: string; args: string[] } {
  const browser = JSON.parse(readFileSync(join(repo, "tests", "browser.json"), "utf8")) as {
    env: string;
    path: string;
    flags: string[];
  };
  return { executablePath: process.env[browser.env] ?? browser.path, args: browser.flags };
}
