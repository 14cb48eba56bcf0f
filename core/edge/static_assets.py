"""`/static/`: the docs' assets (Ninja's Swagger UI and Redoc bundles, core/config/static/docs),
served from memory as the SPA is (core.edge.spa): gzip-compressed when the client accepts it,
with an ETag, and cached for a year (`immutable`) when the URL carries the file's version,
which every page gets from `{% static %}` (`VersionedStaticStorage`: `?v=<hash of the file>`).

Why not WhiteNoise or ServeStatic: WhiteNoise serves WSGI only, and both compress files at
`collectstatic` time, a build step that `make run`, the tests and a fresh clone would all need
for a dozen files known at start-up. core.edge.spa already holds files in memory with a gzip
copy and an ETag, so this is that loader pointed at Django's staticfiles finders (about a
second of gzip on first use, in a worker thread; ~1.5 MB of Swagger UI is ~0.4 MB gzipped).

A path that names no asset (`/static/../core/config/settings.py` sent as-is, a typo) is the API's
JSON 404, never a file outside the assets: only the files the finders list can be answered.
"""

import asyncio
import dataclasses
import hashlib
import logging
import threading
from dataclasses import dataclass
from urllib.parse import parse_qs

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage

from api.asgi import Receive, Scope, Send
from api.errors import method_not_allowed, not_found
from core.edge.spa import IMMUTABLE, REVALIDATE, StaticFile, send_file, static_file

logger = logging.getLogger(__name__)

PREFIX = "/static/"
# Source maps are for a bundle's own developers: not loaded (several MB per worker).
IGNORED = ["*.map"]
# Redoc's bundle shows Redocly's logo from a CDN, which the docs' Content-Security-Policy refuses
# (a console error on every load; the docs load nothing from elsewhere). "data:," is no image:
# its onError hides the <img>. A tripwire test (tests/test_static_assets.py) fails when a Redoc
# upgrade changes the string.
REDOC_LOGO = b'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'
REWRITES = {"ninja/redoc.standalone.js": [(REDOC_LOGO, b'src:"data:,"')]}


@dataclass(frozen=True, slots=True)
class Asset:
    version: str
    versioned: StaticFile  # asked for with its current version: cached for a year
    unversioned: StaticFile  # any other URL of it: revalidated on every use


_assets: dict[str, Asset] | None = None
_loading = threading.Lock()


def _rewrite(name: str, body: bytes) -> bytes:
    for old, new in REWRITES.get(name, []):
        if old not in body:
            logger.warning("static asset %s no longer contains %r", name, old)
        body = body.replace(old, new)
    return body


def _load() -> dict[str, Asset]:
    found: dict[str, Asset] = {}
    for finder in finders.get_finders():
        for name, storage in finder.list(IGNORED):
            name = name.replace("\\", "/")
            if name in found:
                continue  # the first finder wins, as in Django's `find`
            with storage.open(name) as file:
                body = _rewrite(name, file.read())
            versioned = static_file(body, name, IMMUTABLE)
            headers = [
                (k, REVALIDATE if k == b"cache-control" else v) for k, v in versioned.headers
            ]
            version = hashlib.sha256(body).hexdigest()[:12]
            unversioned = dataclasses.replace(versioned, headers=headers)
            found[name] = Asset(version, versioned, unversioned)
    return found


def assets() -> dict[str, Asset]:
    """Every asset by name (`ninja/swagger-ui-bundle.js`), loaded once (synchronous)."""
    global _assets
    with _loading:
        if _assets is None:
            _assets = _load()
            logger.info("static: serving %d assets from memory", len(_assets))
        return _assets


class VersionedStaticStorage(StaticFilesStorage):
    """`{% static name %}` with the file's version in the URL, so it can be cached for good."""

    def url(self, name: str | None) -> str:
        url = super().url(name)
        asset = assets().get(name or "")
        return f"{url}?v={asset.version}" if asset is not None else url


class StaticAssets:
    """ASGI app answering GET/HEAD under `/static/`."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        if method not in ("GET", "HEAD"):
            await method_not_allowed(method, "GET, HEAD").send(send)
            return
        loaded = _assets if _assets is not None else await asyncio.to_thread(assets)
        path: str = scope["path"]
        asset = loaded.get(path.removeprefix(PREFIX)) if path.startswith(PREFIX) else None
        if asset is None:
            await not_found().send(send, method=method)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        current = query.get("v") == [asset.version]
        await send_file(scope, send, asset.versioned if current else asset.unversioned)
