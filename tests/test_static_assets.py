"""`/static/`: the docs' assets, compressed and cached for good under versioned URLs; anything
else under `/static/` (a path escaping it, sent as-is) is the API's JSON 404."""

import gzip
import re

import httpx
import pytest

from core.config.asgi import application
from core.edge.static_assets import REDOC_LOGO, assets
from tests import asgi

pytestmark = pytest.mark.django_db


def client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=application)
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1")


async def raw_get(path: str) -> tuple[int, dict[bytes, bytes], bytes]:
    """A GET with the path exactly as given (`curl --path-as-is`): no client normalises it."""
    answer = await asgi.request(application, path)
    return answer.status, answer.headers, answer.body


@pytest.mark.parametrize(
    "path",
    [
        "/static/../core/config/settings.py",
        "/static/../../etc/passwd",
        "/static/ninja/../../core/config/settings.py",
        "/static/nope.js",
        "/static/",
    ],
)
async def test_paths_outside_the_assets_are_a_json_404(path):
    status, headers, body = await raw_get(path)
    assert status == 404
    assert headers[b"content-type"].startswith(b"application/json")
    assert body == b'{"errors":{"resource":["not found"]}}'


@pytest.mark.parametrize(("page", "bundle"), [
    ("/api/docs", "ninja/swagger-ui-bundle.js"),
    ("/api/redoc", "ninja/redoc.standalone.js"),
])  # fmt: skip
async def test_the_docs_bundles_are_versioned_compressed_and_cached_for_a_year(page, bundle):
    async with client() as http:
        html = (await http.get(page)).text
        url = re.search(rf'src="(/static/{re.escape(bundle)}\?v=[0-9a-f]{{12}})"', html)
        assert url is not None, html
        r = await http.get(url.group(1), headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200
        assert r.headers["content-encoding"] == "gzip"
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert int(r.headers["content-length"]) < len(r.content) / 2  # sent compressed
        # Without the version (or an old one) it is revalidated, not cached for good.
        unversioned = await http.get(f"/static/{bundle}")
        assert unversioned.headers["cache-control"] == "no-cache"
        assert unversioned.content == r.content
        again = await http.get(f"/static/{bundle}", headers={"If-None-Match": r.headers["etag"]})
        assert again.status_code == 304


def test_redocs_logo_is_not_loaded_from_a_cdn():
    """Tripwire: Redoc's bundle names its CDN logo this way (core.edge.static_assets.REWRITES);
    an upgrade that changes it fails here."""
    from django.contrib.staticfiles import finders

    original = finders.find("ninja/redoc.standalone.js")
    assert isinstance(original, str)
    with open(original, "rb") as file:
        assert REDOC_LOGO in file.read()
    served = gzip.decompress(assets()["ninja/redoc.standalone.js"].versioned.gzipped or b"")
    assert b"cdn.redoc.ly" not in served
