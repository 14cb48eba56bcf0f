// What the SDK adds to an app's bundle: each use below is bundled and minified by Vite from the
// built package (dist/, `make sdk-build`), with React, Vue and TanStack Query left out (the app
// has them anyway), and its JavaScript measured gzipped. `make sdk-size`.
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const uses = {
  'root: client + 3 operations': `import { client, getArticles, login, createArticle } from 'conduit-sdk';
    client.setConfig({ baseUrl: '/' }); export { getArticles, login, createArticle };`,
  'root: every operation': `export * from 'conduit-sdk';`,
  'live: connectEvents': `export { connectEvents } from 'conduit-sdk/live';`,
  'react-query: every helper': `export * from 'conduit-sdk/react-query';`,
  'vue-query: every helper': `export * from 'conduit-sdk/vue-query';`,
};

const external = (id) => /^(react|vue|@tanstack\/)/.test(id);
for (const [name, code] of Object.entries(uses)) {
  const output = await build({
    logLevel: 'silent',
    configFile: false,
    root: new URL('..', import.meta.url).pathname,
    plugins: [
      {
        name: 'use',
        enforce: 'pre',
        resolveId: (id) => (id.endsWith('virtual-use.js') ? '\0use' : null),
        load: (id) => (id === '\0use' ? code : null),
      },
    ],
    build: { write: false, minify: true, lib: { entry: 'virtual-use.js', formats: ['es'] }, rollupOptions: { external } },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output).filter((c) => c.type === 'chunk');
  const bytes = chunks.reduce((sum, c) => sum + Buffer.byteLength(c.code), 0);
  const gz = chunks.reduce((sum, c) => sum + gzipSync(c.code).length, 0);
  console.log(`${name.padEnd(30)} ${(bytes / 1024).toFixed(1).padStart(6)} kB  ${(gz / 1024).toFixed(1).padStart(5)} kB gz`);
}
