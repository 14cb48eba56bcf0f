// The TypeScript SDK, generated from ../openapi.json by @hey-api/openapi-ts: `make sdk`.
// CONDUIT_SDK_OUT redirects the output (the staleness test generates into a temporary folder).
import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: new URL('../../openapi.json', import.meta.url).pathname,
  output: {
    path: process.env.CONDUIT_SDK_OUT ?? new URL('./src', import.meta.url).pathname,
  },
  logs: { file: false },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
});
