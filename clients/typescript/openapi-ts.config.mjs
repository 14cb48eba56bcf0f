// The TypeScript SDK, generated from ../openapi.json by @hey-api/openapi-ts: `make sdk`.
// Besides the SDK functions and types, TanStack Query helpers for React and Vue (query keys,
// query options, mutation options per operation), each its own subpath of the package so
// the core SDK pulls in neither framework. Imports end in `.js`, so the built package
// resolves under Node's ESM rules as well as in bundlers.
// CONDUIT_SDK_OUT redirects the output (the staleness test generates into a temporary folder).
import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: new URL('../../openapi.json', import.meta.url).pathname,
  output: {
    path: process.env.CONDUIT_SDK_OUT ?? new URL('./src', import.meta.url).pathname,
    module: { extension: '.js' },
  },
  logs: { file: false },
  plugins: [
    '@hey-api/client-fetch',
    '@hey-api/typescript',
    '@hey-api/sdk',
    '@tanstack/react-query',
    '@tanstack/vue-query',
  ],
});
