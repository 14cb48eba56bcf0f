import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { createServices } from "./app/services";
import { installDebug } from "./auth/session";
import "./styles/fonts";
import "./styles/conduit.css";

const services = createServices({ baseUrl: window.location.origin });
installDebug(services.session);
void services.session.load();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App services={services} />
  </StrictMode>,
);
