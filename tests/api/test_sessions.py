"""Sessions and password changes: the session that changes the password keeps working, every
other token issued before the change is revoked (core.domain.auth.token_current)."""

from typing import Any

import pytest
from django.utils import timezone

from core.domain.auth import token_issue
from core.domain.models import Article, Comment, Event, Favorite, Follow, User
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a brand new password"


async def change_password(api, token, password=NEW_PASSWORD):
    return await api.put("/api/user", {"user": {"password": password}}, token=token)


async def test_realworld_suite_changes_the_password_then_updates_again_with_the_same_token(
    api, member
):
    # What the RealWorld API suites do: PUT /user with a password, then PUT /user again.
    changed = await change_password(api, member.token)
    assert changed.status == 200
    again = await api.put("/api/user", {"user": {"bio": "still me"}}, token=member.token)
    assert again.status == 200, again.body
    assert again.body["user"]["bio"] == "still me"
    assert (await api.get("/api/user", token=changed.body["user"]["token"])).status == 200


async def test_every_other_earlier_token_is_revoked(api, member):
    phone = token_issue(member.user)  # a second session, signed in before the change
    laptop = token_issue(member.user)
    assert (await change_password(api, member.token)).status == 200
    for revoked in (phone, laptop):
        refused = await api.put("/api/user", {"user": {"bio": "x"}}, token=revoked)
        assert refused.status == 401
        assert refused.body == {"errors": {"token": ["is invalid"]}}
        assert (await api.get("/api/user", token=revoked)).status == 401


async def test_a_revoked_session_cannot_change_the_password_back(api, member):
    thief = token_issue(member.user)
    assert (await change_password(api, member.token)).status == 200
    assert (await change_password(api, thief, "the thief's password")).status == 401
    login = await api.post(
        "/api/users/login", {"user": {"email": member.user.email, "password": NEW_PASSWORD}}
    )
    assert login.status == 200


async def test_tokens_issued_after_the_change_work_and_are_revoked_by_the_next_one(api, member):
    assert (await change_password(api, member.token)).status == 200
    login = await api.post(
        "/api/users/login", {"user": {"email": member.user.email, "password": NEW_PASSWORD}}
    )
    fresh = login.body["user"]["token"]
    assert (await api.get("/api/user", token=fresh)).status == 200
    # A second change, from the new session: now the first session is the revoked one.
    second = await change_password(api, fresh, "yet another password")
    assert second.status == 200
    assert (await api.get("/api/user", token=fresh)).status == 200
    assert (await api.get("/api/user", token=second.body["user"]["token"])).status == 200
    assert (await api.get("/api/user", token=member.token)).status == 401


async def test_the_kept_session_survives_several_changes(api, member):
    first = await change_password(api, member.token)
    second = await change_password(api, first.body["user"]["token"], "yet another password")
    assert second.status == 200
    for token in (member.token, first.body["user"]["token"], second.body["user"]["token"]):
        assert (await api.get("/api/user", token=token)).status == 200


async def test_changes_other_than_the_password_revoke_nothing(api, member):
    other_session = token_issue(member.user)
    r = await api.put("/api/user", {"user": {"bio": "new", "email": "n@example.com"}},
                      token=member.token)  # fmt: skip
    assert r.status == 200
    assert (await api.get("/api/user", token=other_session)).status == 200


def _writes(theirs: str, username: str, own: str, comment_id: int) -> list[tuple[str, str, Any]]:
    """The writes whose service checks the token first in its own transaction (api/auth.py
    `deferred_token`): on someone else's article `theirs` and user `username`, and on the
    writer's own article `own` and comment."""
    article = {"article": {"title": "Never", "description": "d", "body": "b", "tagList": ["t"]}}
    return [
        ("POST", f"/api/articles/{theirs}/favorite", None),
        ("DELETE", f"/api/articles/{theirs}/favorite", None),
        ("POST", f"/api/profiles/{username}/follow", None),
        ("DELETE", f"/api/profiles/{username}/follow", None),
        ("POST", f"/api/articles/{theirs}/comments", {"comment": {"body": "never"}}),
        ("POST", "/api/articles", article),
        ("PUT", f"/api/articles/{own}", {"article": {"title": "Never changed"}}),
        ("DELETE", f"/api/articles/{own}/comments/{comment_id}", None),
        ("DELETE", f"/api/articles/{own}", None),
    ]


async def _written() -> tuple[Any, ...]:
    models = (Article, Comment, Event, Favorite, Follow)
    counts = [await model.objects.acount() for model in models]
    return (
        *counts,
        sorted([title async for title in Article.objects.values_list("title", flat=True)]),
    )


async def test_a_revoked_or_suspended_token_writes_nothing(api, member, other):
    theirs, mine = await factories.article(other.user), await factories.article(member.user)
    comment = await factories.comment(mine, member.user)
    await factories.favorite(theirs, member.user)
    revoked = token_issue(member.user)
    assert (await change_password(api, member.token)).status == 200
    before = await _written()
    for method, path, body in _writes(theirs.slug, other.user.username, mine.slug, comment.pk):
        refused = await api.request(method, path, body, token=revoked)
        assert (refused.status, refused.body) == (401, {"errors": {"token": ["is invalid"]}}), path

    await User.objects.filter(pk=member.user.pk).aupdate(suspended_at=timezone.now())
    suspended = {"errors": {"account": ["is suspended by the site's moderators"]}}
    for method, path, body in _writes(theirs.slug, other.user.username, mine.slug, comment.pk):
        refused = await api.request(method, path, body, token=member.token)
        assert (refused.status, refused.body) == (403, suspended), path
    assert await _written() == before
