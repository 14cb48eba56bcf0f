"""The interactive docs in a real browser (Debian's Chromium driven by Playwright).

Swagger UI (/api/docs) and Redoc (/api/redoc) are served from the app's own static files: every
request a page makes goes to the app itself, so the docs work offline. Screenshots of what the
tests saw are kept in .artifacts/docs/ (git-ignored).
"""

import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_FLAGS
from tests.contract.spec import ROOT, Spec

pytestmark = [pytest.mark.live, pytest.mark.once]

SCREENSHOTS = ROOT / ".artifacts" / "docs"
TAGS = [tag["name"] for tag in Spec.load(ROOT / "openapi.json").raw["tags"]]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, app_server) -> Iterator[Page]:
    """A fresh page that fails the test if it asks for anything from outside the app (even a
    request the Content-Security-Policy would refuse: Redoc's CDN logo once was one) or logs
    an error to the console (a CSP violation is one)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    origin = urlsplit(app_server.url).netloc
    foreign: set[str] = set()
    errors: list[str] = []

    def requested(request):
        url = urlsplit(request.url)
        if url.scheme not in {"data", "blob"} and url.netloc != origin:
            foreign.add(request.url)

    def logged(message):
        if message.type == "error":
            errors.append(message.text)

    page.on("request", requested)
    page.on("console", logged)
    yield page
    context.close()
    assert sorted(foreign) == [], "the docs must load nothing from outside the app"
    assert errors == [], "the docs must log no error (a CSP violation is one)"


def _token(app_server) -> tuple[str, str]:
    user = {"username": "docs_reader", "email": "docs_reader@example.com", "password": "jakejake"}
    r = httpx.post(f"{app_server.url}/api/users", json={"user": user})
    if r.status_code == 409:  # registered by an earlier test on this server
        r = httpx.post(f"{app_server.url}/api/users/login", json={"user": user})
    assert r.status_code in (200, 201), r.text
    return user["username"], r.json()["user"]["token"]


def test_swagger_ui_groups_operations_by_tag_and_runs_get_user_with_a_token(page, app_server):
    username, token = _token(app_server)
    page.goto(f"{app_server.url}/api/docs")

    tags = page.locator(".opblock-tag-section h3.opblock-tag")
    expect(tags).to_have_count(len(TAGS))
    assert [tags.nth(i).get_attribute("data-tag") for i in range(len(TAGS))] == TAGS
    articles = page.locator(".opblock-tag-section", has=page.locator("h3[data-tag=Articles]"))
    expect(articles.locator(".opblock")).to_have_count(6)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "swagger-ui.png", full_page=True)

    page.locator(".auth-wrapper button.authorize").click()
    dialog = page.locator(".modal-ux")
    expect(dialog).to_contain_text("Token")
    dialog.locator("input[type=text]").fill(f"Token {token}")
    dialog.locator("button.authorize").click()
    expect(dialog.locator("button.authorize")).to_have_count(0)  # now "Logout"
    dialog.locator("button.btn-done").click()

    operation = page.locator("#operations-User_and_Authentication-GetCurrentUser")
    operation.locator(".opblock-summary-control").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()

    response = operation.locator(".live-responses-table .response").first
    expect(response.locator(".response-col_status")).to_have_text("200")
    expect(response.locator(".response-col_description")).to_contain_text(f'"{username}"')
    operation.screenshot(path=SCREENSHOTS / "swagger-ui-get-user.png")


def test_redoc_lists_the_operations_and_shows_one(page, app_server):
    page.goto(f"{app_server.url}/api/redoc")

    page.get_by_role("menuitem", name="User and Authentication", exact=True).click()
    page.get_by_role("menuitem", name="Get current user", exact=True).click()
    operation = page.locator("[data-section-id='operation/GetCurrentUser']")
    expect(operation).to_be_in_viewport()
    expect(operation.locator("h2")).to_have_text("Get current user")
    expect(operation).to_contain_text("/api/user")
    page.screenshot(path=SCREENSHOTS / "redoc.png")
