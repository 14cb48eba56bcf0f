"""The SPA build served beside the API: history-route fallback, caching, and /api untouched."""

import gzip
from pathlib import Path

import httpx
import pytest

import core.config.asgi
from api import csp
from core.edge.spa import SinglePageApp

INDEX = (
    b"<!doctype html><title>Conduit</title><script type=module src=/assets/app-1a2b.js></script>"
)
SCRIPT = b"console.log('conduit');" * 100


@pytest.fixture
def build(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_bytes(INDEX)
    (tmp_path / "assets" / "app-1a2b.js").write_bytes(SCRIPT)
    (tmp_path / "default-avatar.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    return tmp_path


@pytest.fixture
def http(build: Path, monkeypatch: pytest.MonkeyPatch) -> httpx.AsyncClient:
    """The real ASGI entry point, with the SPA reading the test build."""
    monkeypatch.setattr(core.config.asgi, "spa", SinglePageApp(build))
    transport = httpx.ASGITransport(app=core.config.asgi.application)
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1")


@pytest.mark.parametrize("path", ["/", "/article/some-slug", "/profile/jake/favorites", "/tag/x"])
async def test_client_routes_get_index_html_uncached(http, path):
    r = await http.get(path, headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200
    assert r.content == INDEX
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["cache-control"] == "no-cache"
    assert r.headers["content-security-policy"] == csp.SPA  # added by the ASGI edge


async def test_fingerprinted_assets_are_cached_for_a_year(http):
    r = await http.get("/assets/app-1a2b.js", headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200
    assert r.content == SCRIPT
    assert r.headers["content-type"] == "text/javascript; charset=utf-8"
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"


async def test_text_files_are_gzipped_for_clients_that_accept_it(http):
    r = await http.get("/assets/app-1a2b.js", headers={"Accept-Encoding": "gzip, br"})
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["vary"] == "accept-encoding"
    assert int(r.headers["content-length"]) < len(SCRIPT)
    assert r.content == SCRIPT  # httpx decoded it
    raw = await http.get("/assets/app-1a2b.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers


async def test_a_missing_asset_is_404_not_index_html(http):
    r = await http.get("/assets/app-old.js")
    assert r.status_code == 404
    assert r.content != INDEX


async def test_public_files_are_served_by_name_and_revalidated(http):
    r = await http.get("/default-avatar.svg")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/svg+xml; charset=utf-8"
    assert r.headers["cache-control"] == "no-cache"


async def test_etag_revalidation_answers_304(http):
    first = await http.get("/")
    again = await http.get("/login", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""


async def test_head_has_headers_without_body(http):
    r = await http.head("/article/x", headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["content-length"] == str(len(INDEX))


async def test_other_methods_are_refused(http):
    r = await http.post("/article/x")
    assert r.status_code == 405
    assert r.headers["allow"] == "GET, HEAD"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/nope", "/api/articles/x/y/z"])
async def test_unknown_api_paths_still_get_the_json_404(http, path):
    r = await http.get(path)
    assert r.status_code == 404
    assert r.json() == {"errors": {"resource": ["not found"]}}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api", "/api/"])
async def test_the_api_root_goes_to_the_api_not_the_spa(http, path):
    r = await http.get(path)
    assert r.status_code == 200
    assert r.json()["openapi"] == "/api/openapi.json"


@pytest.mark.django_db(transaction=True)
async def test_api_and_docs_are_still_django(http):
    tags = await http.get("/api/tags")
    assert tags.status_code == 200
    assert tags.json() == {"tags": []}
    docs = await http.get("/api/docs")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


async def test_without_a_build_the_page_says_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setattr(core.config.asgi, "spa", SinglePageApp(tmp_path / "missing"))
    transport = httpx.ASGITransport(app=core.config.asgi.application)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        r = await http.get("/")
    assert r.status_code == 503
    assert b"make run" in r.content


def test_gzip_copy_is_the_same_bytes(build):
    app = SinglePageApp(build)
    script = app.build()["/assets/app-1a2b.js"]
    assert script.gzipped is not None
    assert gzip.decompress(script.gzipped) == SCRIPT


async def test_a_revalidated_page_keeps_its_policy(http):
    """A 304's headers update the cached page's: it carries no policy that would replace the
    page's own (it names no content type, so the edge would take it for a non-page)."""
    first = await http.get("/")
    again = await http.get("/", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert "content-security-policy" not in again.headers
