// The real API for the run, started like the SPA's (frontend/e2e/support/backend.ts), with the
// built starter as its SPA (SPA_ROOT), so app and API share an origin. Its URL reaches the test as
// CONDUIT_VUE_URL.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startBackend } from '../../../frontend/e2e/support/backend';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('Build the starter first: npm run build');
  const backend = await startBackend({ name: 'vue', spaRoot: dist });
  process.env.CONDUIT_VUE_URL = backend.url;
  return backend.stop;
}
