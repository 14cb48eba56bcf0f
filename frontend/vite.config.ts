/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `make dev` runs the backend on CONDUIT_API (default :8000) and this dev server in front of it.
const api = process.env.CONDUIT_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  // conduit-sdk is linked from ../clients/typescript, whose own node_modules hold a second
  // React Query (and React) for its tests: the app and the SDK's helpers must share one copy.
  resolve: { dedupe: ["@tanstack/react-query", "react"] },
  server: {
    host: "127.0.0.1",
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: { "/api": { target: api, changeOrigin: true } },
  },
  build: {
    outDir: "dist",
    assetsDir: "assets", // core/edge/spa.py gives everything under /assets/ (fingerprinted) a year of caching
    sourcemap: false,
    target: "es2022",
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
  },
});
