"""The API docs render in a real browser under the strict Content-Security-Policy.

Headless Chromium loads /api/docs from a live server and reports every CSP violation on its
console; a control page proves that violations do get reported.
"""

import os
import shutil
import subprocess
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.live

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0", "--virtual-time-budget=15000",
]  # fmt: skip

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)


def render(url: str, tmp_path) -> tuple[str, str]:
    """The page's DOM after its scripts ran, and the browser's console log."""
    assert CHROMIUM is not None, "CI must install chromium (.ci/run)"
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout, result.stderr


def csp_violations(console: str) -> list[str]:
    return [line for line in console.splitlines() if "Content Security Policy" in line]


def test_the_browser_reports_csp_violations(tmp_path):
    page = (
        "<html><head><meta http-equiv='Content-Security-Policy' content=\"script-src 'self'\">"
        "</head><body><script>document.title='ran'</script></body></html>"
    )
    _, console = render("data:text/html," + quote(page), tmp_path)
    assert csp_violations(console)


def test_swagger_ui_renders_every_operation_without_a_csp_violation(app_server, tmp_path):
    dom, console = render(f"{app_server.url}/api/docs", tmp_path)
    assert csp_violations(console) == []
    # Swagger UI built the page from /api/openapi.json: one block per operation.
    assert dom.count('class="opblock-summary-path"') >= 21
    assert "GetArticlesFeed" in dom or "/api/articles/feed" in dom
