// Starts Redoc from a file rather than an inline script, so that the docs' Content-Security-Policy
// (api/openapi.py) allows scripts from the app only.
const element = document.getElementById("redoc-ui");
const settings = JSON.parse(document.getElementById("redoc-settings").textContent);
Redoc.init(element.dataset.openapiUrl, settings, element);
