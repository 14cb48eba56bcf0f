// One real backend for the whole run: a fresh SQLite database, migrated, and uvicorn on a free
// port serving the API and the SPA build. Its URL reaches the tests as CONDUIT_E2E_URL.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const python = process.env.CONDUIT_PYTHON ?? join(repo, ".venv", "bin", "python");

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

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(repo, "frontend", "dist", "index.html"))) {
    throw new Error("The SPA is not built: run `make spa` (make e2e does) before the e2e tests.");
  }
  const dir = mkdtempSync(join(tmpdir(), "conduit-e2e-"));
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
  process.env.CONDUIT_E2E_URL = url;
  process.env.CONDUIT_E2E_LOG = log;

  return async () => {
    if (!exited) {
      server.kill("SIGTERM");
      const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
      await stopped;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
