"""End to end in Debian's Chromium: a moderator signs in to the admin, deletes an article and
suspends a user, while a reader's SPA (a second browser context) sees the articles vanish
live, without a reload; the suspended user's next API call gets 403."""

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from tests import live
from tests.browser import CHROMIUM, CHROMIUM_FLAGS

pytestmark = [pytest.mark.live, pytest.mark.once, pytest.mark.django_db(transaction=True)]

STAFF = ("moderator", "moderator-password-1")


@pytest.fixture(scope="module")
def admin_server(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None
) -> Iterator[live.Server]:
    """uvicorn serving the built SPA, the API and the admin (at /admin/), with a staff account."""
    subprocess.run(["make", "-s", "spa"], cwd=live.ROOT, check=True)  # a no-op when up to date
    with live.fresh_database(tmp_path_factory.mktemp("moderation")) as db_env:
        env = {**db_env, "ADMIN_PATH": "admin", "RATE_LIMIT_CLIENT": "off"}
        subprocess.run(
            [sys.executable, "manage.py", "createsuperuser", "--noinput",
             "--username", STAFF[0], "--email", "moderator@example.com"],
            cwd=live.ROOT, env={**env, "DJANGO_SUPERUSER_PASSWORD": STAFF[1]}, check=True,
        )  # fmt: skip
        log = tmp_path_factory.mktemp("moderation-logs") / "uvicorn.log"
        with live.serving(env, log) as server:
            yield server


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        await launched.close()


async def register(http: httpx.AsyncClient, name: str) -> str:
    user = {"username": name, "email": f"{name}@example.com", "password": "password-123"}
    response = await http.post("/api/users", json={"user": user})
    assert response.status_code == 201, response.text
    return str(response.json()["user"]["token"])


async def publish(http: httpx.AsyncClient, token: str, title: str) -> None:
    article = {"title": title, "description": "d", "body": "b", "tagList": []}
    response = await http.post(
        "/api/articles", json={"article": article}, headers={"Authorization": f"Token {token}"}
    )
    assert response.status_code == 201, response.text


async def read_until_closed(http: httpx.AsyncClient, token: str, opened: asyncio.Event) -> str:
    """Hold an event stream open as `token`'s user; what it received once the server ended it."""
    headers = {"Authorization": f"Token {token}"}
    async with http.stream("GET", "/api/events?topics=articles,user", headers=headers) as stream:
        assert stream.status_code == 200
        opened.set()
        return "".join([chunk async for chunk in stream.aiter_text()])


async def moderate(page: Page, model: str, row_text: str, action: str, reason: str) -> None:
    """Select the row, run the action, give the reason."""
    await page.goto(f"/admin/core/{model}/")
    await page.locator("#result_list tr", has_text=row_text).locator("input.action-select").check()
    await page.locator("select[name=action]").select_option(action)
    await page.locator("button[name=index]").click()
    await page.locator("textarea[name=reason]").fill(reason)
    await page.locator("input[name=apply]").click()
    await expect(page.locator("ul.messagelist")).to_contain_text("1 done.")


async def test_moderation_reaches_an_open_spa_live_and_the_suspended_user_gets_403(
    admin_server: live.Server, browser: Browser
) -> None:
    async with httpx.AsyncClient(base_url=admin_server.url, timeout=30) as http:
        spammer = await register(http, "spammer")
        writer = await register(http, "writer")
        await publish(http, spammer, "Cheap pills here")
        await publish(http, writer, "Phishing in disguise")
        await publish(http, writer, "An honest article")

        reader = await (await browser.new_context(base_url=admin_server.url)).new_page()
        async with reader.expect_response(
            lambda r: r.url.endswith("/api/events?topics=articles") and r.status == 200
        ):
            await reader.goto("/")
        titles = reader.locator(".article-preview h1")
        await expect(titles).to_have_count(3)
        await reader.evaluate("window.__sameDocument = true")

        stream_opened = asyncio.Event()
        spammer_stream = asyncio.create_task(read_until_closed(http, spammer, stream_opened))
        await asyncio.wait_for(stream_opened.wait(), 30)

        staff = await (await browser.new_context(base_url=admin_server.url)).new_page()
        csp_violations: list[str] = []
        staff.on(
            "console",
            lambda m: (
                csp_violations.append(m.text) if "Content Security Policy" in m.text else None
            ),
        )
        await staff.goto("/admin/")
        await staff.locator("#id_username").fill(STAFF[0])
        await staff.locator("#id_password").fill(STAFF[1])
        await staff.locator("input[type=submit]").click()
        await expect(staff.locator("#site-name")).to_have_text("Conduit moderation")

        await moderate(staff, "article", "Phishing in disguise", "delete_articles", "phishing")
        await expect(titles).to_have_text(["An honest article", "Cheap pills here"])

        await moderate(staff, "user", "spammer", "suspend_users", "spam account")
        await expect(titles).to_have_text(["An honest article"])
        assert await reader.evaluate("window.__sameDocument") is True  # no reload

        # Their open stream was ended by the server, and neither it nor any call comes back.
        ended = await asyncio.wait_for(spammer_stream, 30)
        assert "the account is suspended" in ended
        suspended = {"errors": {"account": ["is suspended by the site's moderators"]}}
        as_spammer = {"Authorization": f"Token {spammer}"}
        me = await http.get("/api/user", headers=as_spammer)
        assert (me.status_code, me.json()) == (403, suspended)
        reopened = await http.get("/api/events?topics=articles", headers=as_spammer)
        assert (reopened.status_code, reopened.json()) == (403, suspended)
        await staff.goto("/admin/core/moderationaction/")
        log = staff.locator("#result_list tbody tr")
        await expect(log).to_have_count(2)
        await expect(log.first).to_contain_text("spam account")
        assert csp_violations == []  # the admin's CSP fits every page it showed
