"""The built React SPA (`frontend/dist`), served as a plain ASGI app beside Django.

`core.config.asgi` hands this app every HTTP path outside `/api` and `/static`, so API requests never
reach it and pay nothing for it. The build is read into memory once (it is a few hundred kB;
fonts are the bulk), with a gzip copy of each text file, so a request is a dict lookup:

- `/assets/*` are Vite's fingerprinted files: cached for a year, `immutable`.
- Anything else that names a file (`/default-avatar.svg`, `/favicon.svg`) and every other path,
  i.e. a client route such as `/article/<slug>` (history-API routing), is answered with the file
  or with `index.html`, marked `no-cache` so a new build is picked up on the next visit.
- A missing `/assets/*` file is a 404, never `index.html` (a stale page must not run HTML as JS).
"""

import gzip
import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from api.asgi import Receive, Scope, Send

logger = logging.getLogger(__name__)

IMMUTABLE = b"public, max-age=31536000, immutable"
REVALIDATE = b"no-cache"
ASSETS = "/assets/"
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")

mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("font/woff", ".woff")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("image/svg+xml", ".svg")


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    gzipped: bytes | None
    headers: list[tuple[bytes, bytes]]
    etag: bytes


def _load_file(path: Path, url: str) -> StaticFile:
    # The page's Content-Security-Policy (api/csp.py SPA) and Referrer-Policy are the ASGI
    # edge's (core/edge/guard.py), as for every HTML page that sets none.
    cache = IMMUTABLE if url.startswith(ASSETS) else REVALIDATE
    return static_file(path.read_bytes(), path.name, cache)


def static_file(body: bytes, name: str, cache_control: bytes) -> StaticFile:
    """A file to serve from memory: its headers, ETag and (for text worth it) a gzip copy."""
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type == "image/svg+xml":
        content_type += "; charset=utf-8"
    etag = b'"' + hashlib.sha256(body).hexdigest()[:20].encode() + b'"'
    headers = [
        (b"content-type", content_type.encode()),
        (b"cache-control", cache_control),
        (b"etag", etag),
        (b"x-content-type-options", b"nosniff"),
    ]
    gzipped = None
    if content_type.startswith(COMPRESSIBLE) and len(body) > 512:
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        if len(packed) < len(body):
            gzipped = packed
            headers.append((b"vary", b"accept-encoding"))
    return StaticFile(body, gzipped, headers, etag)


def load_build(root: Path) -> dict[str, StaticFile]:
    """Every file of the build by URL path; empty when there is no build (no index.html)."""
    if not (root / "index.html").is_file():
        return {}
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            url = "/" + path.relative_to(root).as_posix()
            files[url] = _load_file(path, url)
    return files


NOT_BUILT = b"The SPA is not built. `make run` builds it (frontend/dist); the API is at /api.\n"


class SinglePageApp:
    """ASGI app answering GET/HEAD for the SPA build in `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, StaticFile] = {}

    def build(self) -> dict[str, StaticFile]:
        # Read on first use (and again while there is no build yet), not at import: the
        # API can start and be tested without a frontend build.
        if not self.files:
            self.files = load_build(self.root)
            if self.files:
                logger.info("SPA: serving %d files from %s", len(self.files), self.root)
        return self.files

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        if method not in ("GET", "HEAD"):
            await respond(send, 405, [(b"allow", b"GET, HEAD")], b"", method)
            return
        files = self.build()
        if not files:
            await respond(send, 503, [(b"content-type", b"text/plain")], NOT_BUILT, method)
            return
        path: str = scope["path"]
        found = files.get("/index.html" if path == "/" else path)
        if found is None:
            if path.startswith(ASSETS):
                await respond(send, 404, [(b"content-type", b"text/plain")], b"Not found\n", method)
                return
            found = files["/index.html"]  # a client-side route
        await send_file(scope, send, found)


async def send_file(scope: Scope, send: Send, file: StaticFile) -> None:
    request_headers = dict(scope["headers"])
    validators = request_headers.get(b"if-none-match", b"").replace(b"W/", b"").split(b",")
    if file.etag in (v.strip() for v in validators):
        headers = [h for h in file.headers if h[0] != b"content-type"]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    body, headers = file.body, list(file.headers)
    if file.gzipped is not None and b"gzip" in request_headers.get(b"accept-encoding", b""):
        body = file.gzipped
        headers.append((b"content-encoding", b"gzip"))
    await respond(send, 200, headers, body, scope["method"])


async def respond(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes, method: str
) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})
