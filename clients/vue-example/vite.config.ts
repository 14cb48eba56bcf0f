// `npm run dev` proxies the API (CONDUIT_API, default :8000) so the app and the API share an
// origin, as they do when uvicorn serves the build (SPA_ROOT=clients/vue-example/dist).
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const api = process.env.CONDUIT_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [vue()],
  server: { proxy: { '/api': api, '/ws': { target: api, ws: true } } },
});
