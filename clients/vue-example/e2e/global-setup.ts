// The real API for the run: a fresh SQLite database, migrated, and uvicorn on a free port with
// the built starter as its SPA (SPA_ROOT), so app and API share an origin. Its URL reaches the
// test as CONDUIT_VUE_URL. (The SPA's frontend/e2e/support/global-setup.ts does the same.)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..', '..');
const dist = resolve(here, '..', 'dist');
const python = process.env.CONDUIT_PYTHON ?? join(repo, '.venv', 'bin', 'python');

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail()));
    });
  });

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('Build the starter first: npm run build');
  const dir = mkdtempSync(join(tmpdir(), 'conduit-vue-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SQLITE_PATH: join(dir, 'vue.sqlite3'),
    SPA_ROOT: dist,
    LOG_LEVEL: 'WARNING',
  };
  delete env.DATABASE_URL; // always its own SQLite file, whatever the shell says
  delete env.REDIS_URL;
  execFileSync(python, ['manage.py', 'migrate', '--verbosity', '0'], { cwd: repo, env, stdio: 'inherit' });

  const url = `http://127.0.0.1:${await freePort()}`;
  const log = join(dir, 'uvicorn.log');
  const out = openSync(log, 'w');
  const server = spawn(
    python,
    [
      '-m',
      'uvicorn',
      'core.config.asgi:application',
      '--host',
      '127.0.0.1',
      '--port',
      url.split(':')[2]!,
      '--lifespan',
      'off',
      '--no-access-log',
    ],
    { cwd: repo, env, stdio: ['ignore', out, out] },
  );
  let exited = false;
  const stopped = new Promise<void>((done) => server.once('exit', () => ((exited = true), done())));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`uvicorn exited:\n${readFileSync(log, 'utf8')}`);
    if (Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`uvicorn did not answer within 60 s:\n${readFileSync(log, 'utf8')}`);
    }
    if (
      await fetch(`${url}/api/tags`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  process.env.CONDUIT_VUE_URL = url;

  return async () => {
    if (!exited) {
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await stopped;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
