import { Suspense, useEffect } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { Layout } from "../components/Layout";
import { AuthPage } from "../pages/AuthPage";
import { EditorPage } from "../pages/EditorPage";
import { HomePage } from "../pages/HomePage";
import { NotFoundPage } from "../pages/NotFoundPage";
import { ProfilePage } from "../pages/ProfilePage";
import { SettingsPage } from "../pages/SettingsPage";
import { ServicesProvider, type Services } from "./services";

import { ArticlePage, preloadArticlePage } from "./articlePageChunk";

/** Every route of the page contract (history API; the server answers index.html for them). */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="tag/:tag" element={<HomePage />} />
        <Route path="login" element={<AuthPage key="login" mode="login" />} />
        <Route path="register" element={<AuthPage key="register" mode="register" />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="editor" element={<EditorPage />} />
        <Route path="editor/:slug" element={<EditorPage />} />
        <Route
          path="article/:slug"
          element={
            <Suspense fallback={<div className="container page loading">Loading the article...</div>}>
              <ArticlePage />
            </Suspense>
          }
        />
        <Route path="profile/:username" element={<ProfilePage key="articles" tab="articles" />} />
        <Route path="profile/:username/favorites" element={<ProfilePage key="favorites" tab="favorites" />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App({ services }: { services: Services }) {
  // Once the first page is up and the browser is idle, the article page (where most clicks
  // lead) is loaded too.
  useEffect(() => {
    if (typeof window.requestIdleCallback !== "function") return;
    const id = window.requestIdleCallback(preloadArticlePage, { timeout: 5000 });
    return () => window.cancelIdleCallback(id);
  }, []);
  return (
    <ServicesProvider services={services}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </ServicesProvider>
  );
}
