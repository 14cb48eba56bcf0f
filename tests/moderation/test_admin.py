"""The moderation admin over HTTP (the full ASGI middleware stack): off by default, its own
path, sessions and CSRF there only, never on the API; moderation actions through the services,
logged; headers, login rate limit, HTTPS."""

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import User as StaffUser
from django.test import AsyncClient

from api import csp
from core.domain.auth import token_issue
from core.domain.limits import Rate
from core.domain.models import Article, ModerationAction, User
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PATH = "admin"


@pytest.fixture
def admin_on(settings):
    settings.ADMIN_PATH = PATH
    settings.SESSION_COOKIE_PATH = settings.CSRF_COOKIE_PATH = f"/{PATH}/"
    return settings


@pytest.fixture
async def staff(admin_on) -> AsyncClient:
    """A client signed in as a superuser (a staff account: not a Conduit user)."""
    account = await sync_to_async(StaffUser.objects.create_superuser)(
        "staff", "staff@example.com", "staff-password-1"
    )
    client = AsyncClient()
    await client.aforce_login(account)
    return client


async def test_the_admin_is_off_by_default(settings):
    settings.ADMIN_PATH = ""
    response = await AsyncClient().get(f"/{PATH}/login/")
    # The API's JSON 404: no admin URL, no admin middleware.
    assert response.status_code == 404
    assert response.json() == {"errors": {"resource": ["not found"]}}


async def test_the_admin_lives_at_its_configured_path(settings):
    settings.ADMIN_PATH = "ops/console"  # another prefix than the one its URLconf was built for
    settings.SESSION_COOKIE_PATH = settings.CSRF_COOKIE_PATH = "/ops/console/"
    client = AsyncClient()
    assert (await client.get("/ops/console/login/")).status_code == 200
    assert (await client.get(f"/{PATH}/login/")).status_code == 404


async def test_admin_pages_carry_the_admin_csp_and_security_headers(admin_on):
    response = await AsyncClient().get(f"/{PATH}/login/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == csp.ADMIN
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    cookie = response.cookies[admin_on.CSRF_COOKIE_NAME]
    assert cookie["path"] == f"/{PATH}/"  # never sent to /api
    assert cookie["samesite"] == "Strict"


async def test_api_requests_ignore_the_session_and_never_touch_it(staff, member, sql_log):
    # The staff session cookie rides along with every request of this client.
    assert staff.cookies["conduit_admin_session"].value
    sql_log.statements.clear()
    listed = await staff.get("/api/articles")
    assert listed.status_code == 200
    assert "Set-Cookie" not in listed.headers
    assert "Cookie" not in listed.get("Vary", "")
    assert not any("django_session" in sql for sql in sql_log.statements)
    # A session is no credential for the API: only a token is.
    me = await staff.get("/api/user")
    assert (me.status_code, me.json()) == (401, {"errors": {"token": ["is missing"]}})
    created = await staff.post(
        "/api/articles", {"article": {"title": "t"}}, content_type="application/json"
    )
    assert created.status_code == 401
    # The same cookie on an admin page is read (so the check above can fail).
    sql_log.statements.clear()
    assert (await staff.get(f"/{PATH}/")).status_code == 200
    assert any("django_session" in sql for sql in sql_log.statements)


async def test_every_list_renders_with_search_and_filters(staff, member):
    article = await factories.article(member.user, title="Spam offer", tags=["spam"])
    await factories.comment(article, member.user, body="more spam")
    for url, text in [
        (f"/{PATH}/core/user/?q={member.user.username}&status=active", member.user.username),
        (f"/{PATH}/core/article/?q=offer&tag=spam&favorites=0&author_status=active", "Spam offer"),
        (f"/{PATH}/core/comment/?q=spam", "more spam"),
        (f"/{PATH}/core/tag/?q=spam", "spam"),
        (f"/{PATH}/core/moderationaction/", "moderation"),
        (f"/{PATH}/core/article/{article.pk}/change/", "Spam offer"),
    ]:
        response = await staff.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


async def test_suspending_from_the_admin_asks_why_then_goes_through_the_service(staff, member):
    token = token_issue(member.user)
    url = f"/{PATH}/core/user/"
    chosen = {"action": "suspend_users", "_selected_action": [member.user.pk]}
    asked = await staff.post(url, chosen)
    assert asked.status_code == 200
    assert 'name="reason"' in asked.content.decode()
    assert not await User.objects.filter(suspended_at__isnull=False).aexists()

    done = await staff.post(url, {**chosen, "apply": "1", "reason": "bot account"})

    assert done.status_code == 302
    row = await ModerationAction.objects.aget()
    assert (row.moderator, row.action, row.reason, row.target_user_id) == (
        "staff",
        "suspend",
        "bot account",
        member.user.pk,
    )
    api = AsyncClient()
    refused = await api.get("/api/user", headers={"Authorization": f"Token {token}"})
    assert refused.status_code == 403
    lifted = await staff.post(
        url,
        {
            "action": "lift_suspension",
            "_selected_action": [member.user.pk],
            "apply": "1",
            "reason": "appeal",
        },
    )
    assert lifted.status_code == 302
    assert (
        await api.get("/api/user", headers={"Authorization": f"Token {token}"})
    ).status_code == 200


async def test_bulk_delete_of_articles_goes_through_the_service(staff, member):
    spam = [await factories.article(member.user, title=f"Spam {n}") for n in range(3)]
    kept = await factories.article(member.user, title="Real")
    response = await staff.post(
        f"/{PATH}/core/article/",
        {
            "action": "delete_articles",
            "_selected_action": [a.pk for a in spam],
            "apply": "1",
            "reason": "spam wave",
        },
    )
    assert response.status_code == 302
    assert [a.slug async for a in Article.objects.all()] == [kept.slug]
    targets = [row.target async for row in ModerationAction.objects.order_by("pk")]
    assert targets == [f"article {a.slug}" for a in spam]


async def test_the_admins_own_edit_and_delete_are_off_and_the_log_is_read_only(staff, member):
    article = await factories.article(member.user, title="Stays")
    assert (await staff.post(f"/{PATH}/core/article/{article.pk}/delete/")).status_code == 403
    assert (await staff.get(f"/{PATH}/core/moderationaction/add/")).status_code == 403
    listing = await staff.get(f"/{PATH}/core/article/")
    assert "delete_selected" not in listing.content.decode()
    assert await Article.objects.filter(pk=article.pk).aexists()


async def test_sign_in_attempts_are_rate_limited(admin_on):
    admin_on.RATE_LIMIT_ADMIN_LOGIN = Rate.parse("3/60")
    client = AsyncClient()
    statuses = [
        (
            await client.post(f"/{PATH}/login/", {"username": "staff", "password": f"guess {n}"})
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]  # the login form again, then refused


async def test_plain_http_is_refused_where_https_is_required(admin_on):
    admin_on.ADMIN_REQUIRE_HTTPS = True
    refused = await AsyncClient().get(f"/{PATH}/login/")
    assert refused.status_code == 403
    assert (await AsyncClient().get(f"/{PATH}/login/", secure=True)).status_code == 200
