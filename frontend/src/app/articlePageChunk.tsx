import { lazy } from "react";

// The article page carries the Markdown renderer and sanitizer: its own chunk, kept out of the
// first page load. Measured in e2e/publish.spec.ts, landing on a just-published article took
// 0.35–0.6 s, nearly all of it this chunk: fetched and run after "Publish Article", and then
// React's reveal of a suspended boundary, which waits out its 300 ms fallback throttle even
// when the chunk is already in the browser's cache. So pages that lead to an article load it
// ahead (`preloadArticlePage`), and once loaded it renders at once, without suspending.
type Page = (typeof import("../pages/ArticlePage"))["default"];

let loaded: Page | null = null;
const load = () =>
  import("../pages/ArticlePage").then((module) => {
    loaded = module.default;
    return module;
  });
const LazyArticlePage = lazy(load);

/** The article page: rendered directly once its chunk is loaded, else suspends until it is. */
export function ArticlePage() {
  const Loaded = loaded ?? LazyArticlePage;
  return <Loaded />;
}

/** Start loading the article page's chunk now (idempotent: the browser runs a module once). */
export function preloadArticlePage(): void {
  void load();
}
