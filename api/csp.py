"""The Content-Security-Policy of each kind of page: defined here once, for Django's responses
and the raw ASGI apps alike.

- `SPA`: the single-page app (`index.html`, core/edge/spa.py), and any other HTML page that
  does not set a policy of its own (the ASGI edge, core/edge/guard.py, and Django's middleware,
  core/edge/middleware.py, add it). A Vite bundle with no inline script: scripts, styles, fonts
  and connections (the event stream and socket) from this origin only; images from anywhere
  over http(s), since avatars and Markdown images are links to other sites.
- `DOCS`: the API docs pages (Swagger UI, Redoc, api/openapi.py). Served from this origin so
  they work offline, and they load nothing from elsewhere; Redoc injects inline styles and
  starts a worker from a blob.
- `ADMIN`: the moderation admin's pages (core/edge/admin.py). Django's admin has no inline
  script.
- `API`: every response that is not an HTML page (JSON, files): never a document that may load
  anything.

Every policy forbids framing (`frame-ancestors 'none'`).
"""


def _policy(*directives: str) -> str:
    return "; ".join(directives)


SPA = _policy(
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    "img-src 'self' data: https: http:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
DOCS = _policy(
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
)
ADMIN = _policy(
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
)
API = _policy("default-src 'none'", "frame-ancestors 'none'")
