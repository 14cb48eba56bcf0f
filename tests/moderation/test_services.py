"""Moderation services (core.domain.services.moderation): suspend, lift, delete, each with its
events, its audit row, and what readers and the suspended user see afterwards."""

from typing import Any

import orjson
import pytest

from core.domain.auth import Viewer, token_issue
from core.domain.events.subscription import StreamEnded, Subscription
from core.domain.events.topics import Topics
from core.domain.models import Article, Comment, Event, ModerationAction, Tag, User
from core.domain.services.moderation import (
    article_takedown,
    comment_takedown,
    user_suspend,
    user_unsuspend,
)
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "spam wave of 2026-12-03"


async def events_after(event_id: int) -> list[tuple[str, dict[str, Any]]]:
    return [
        (event.name, orjson.loads(event.data))
        async for event in Event.objects.filter(pk__gt=event_id).order_by("pk")
    ]


async def last_event_id() -> int:
    last = await Event.objects.order_by("-pk").afirst()
    return last.pk if last else 0


async def drain(subscription: Subscription) -> None:
    """Read frames until the stream ends (StreamEnded) or goes quiet for 5 s (returns)."""
    for _ in range(100):
        if await subscription.next(5) is None:
            return


@pytest.fixture
async def spammer():
    user = await factories.user("spammer")
    first = await factories.article(user, title="Buy now", tags=["spam", "deals"])
    second = await factories.article(user, title="Buy again", tags=["spam"])
    return user, [first, second]


async def test_suspend_hides_everything_they_wrote_with_events_and_an_audit_row(
    api, member, spammer
):
    user, (first, second) = spammer
    theirs = await factories.article(member.user, title="Honest work", tags=["deals"])
    await factories.comment(theirs, user, body="Cheap pills")
    kept = await factories.comment(theirs, member.user, body="Thanks all")
    token = token_issue(user)
    before = await last_event_id()

    assert await user_suspend(user_id=user.pk, moderator="staff", reason=REASON)

    events = await events_after(before)
    assert [name for name, _ in events] == ["article.deleted", "article.deleted", "comment.deleted"]
    assert events[0][1] == {"slug": first.slug}
    assert events[1][1] == {"slug": second.slug}
    assert events[2][1]["slug"] == theirs.slug
    audit = [row async for row in ModerationAction.objects.all()]
    assert [(a.moderator, a.action, a.target, a.reason) for a in audit] == [
        ("staff", "suspend", "user spammer", REASON)
    ]
    assert audit[0].target_user_id == user.pk
    # Hidden from every read, as anyone (their own token included) sees it.
    listed = await api.get("/api/articles")
    assert [a["slug"] for a in listed.body["articles"]] == [theirs.slug]
    assert listed.body["articlesCount"] == 1
    assert (await api.get(f"/api/articles/{first.slug}")).status == 404
    assert (await api.get(f"/api/articles/{first.slug}/comments")).status == 404
    comments = await api.get(f"/api/articles/{theirs.slug}/comments")
    assert [c["id"] for c in comments.body["comments"]] == [kept.pk]
    assert (await api.get("/api/articles?author=spammer")).body["articlesCount"] == 0
    assert (await api.get("/api/tags")).body["tags"] == ["deals"]
    assert (
        await api.post(f"/api/articles/{first.slug}/favorite", token=member.token)
    ).status == 404
    # Their token stops at once: 403 with a clear message, on reads and writes, and on login.
    suspended = {"errors": {"account": ["is suspended by the site's moderators"]}}
    for method, path in [
        ("GET", "/api/user"),
        ("GET", "/api/articles"),
        ("GET", "/api/articles/feed"),
        ("GET", f"/api/articles/{theirs.slug}"),
        ("GET", "/api/profiles/spammer"),
        ("POST", "/api/events/ticket"),
    ]:
        r = await api.request(method, path, token=token)
        assert (r.status, r.body) == (403, suspended), path
    login = await api.post(
        "/api/users/login",
        {"user": {"email": user.email, "password": factories.PASSWORD}},
    )
    assert (login.status, login.body) == (403, suspended)


async def test_suspending_twice_changes_and_logs_nothing(spammer):
    user, _ = spammer
    assert await user_suspend(user_id=user.pk, moderator="staff", reason=REASON)
    before = await last_event_id()
    assert not await user_suspend(user_id=user.pk, moderator="other", reason="again")
    assert await events_after(before) == []
    assert await ModerationAction.objects.acount() == 1


async def test_lifting_restores_everything_with_events_and_an_audit_row(api, member, spammer):
    user, (first, second) = spammer
    theirs = await factories.article(member.user, title="Honest work")
    comment = await factories.comment(theirs, user, body="Actually useful")
    token = token_issue(user)
    await user_suspend(user_id=user.pk, moderator="staff", reason=REASON)
    before = await last_event_id()

    assert await user_unsuspend(user_id=user.pk, moderator="lead", reason="appeal accepted")

    events = await events_after(before)
    assert [name for name, _ in events] == ["article.created", "article.created", "comment.created"]
    assert [data["article"]["slug"] for _, data in events[:2]] == [first.slug, second.slug]
    assert events[2][1]["comment"]["id"] == comment.pk
    assert events[2][1]["comment"]["body"] == "Actually useful"
    latest = await ModerationAction.objects.order_by("-pk").afirst()
    assert latest is not None
    assert (latest.moderator, latest.action, latest.reason) == ("lead", "lift", "appeal accepted")
    assert (await api.get("/api/articles")).body["articlesCount"] == 3
    assert (await api.get("/api/tags")).body["tags"] == ["deals", "spam"]
    comments = await api.get(f"/api/articles/{theirs.slug}/comments")
    assert [c["id"] for c in comments.body["comments"]] == [comment.pk]
    me = await api.get("/api/user", token=token)  # the same token works again
    assert (me.status, me.body["user"]["username"]) == (200, "spammer")
    assert not await user_unsuspend(user_id=user.pk, moderator="lead", reason="twice")


async def test_deleting_an_article_writes_the_authors_event_and_the_audit_row(spammer):
    _, (first, _second) = spammer
    before = await last_event_id()

    assert await article_takedown(slug=first.slug, moderator="staff", reason="phishing link")

    assert await events_after(before) == [("article.deleted", {"slug": first.slug})]
    assert not await Article.objects.filter(pk=first.pk).aexists()
    row = await ModerationAction.objects.aget()
    assert (row.moderator, row.action, row.target, row.reason) == (
        "staff",
        "delete_article",
        f"article {first.slug}",
        "phishing link",
    )
    # Gone already: nothing is deleted, logged or sent.
    assert not await article_takedown(slug=first.slug, moderator="staff", reason="again")
    assert await ModerationAction.objects.acount() == 1
    assert len(await events_after(before)) == 1


async def test_a_suspended_authors_article_deleted_then_lifted_counts_its_tags_once(api, spammer):
    user, (first, _second) = spammer
    await user_suspend(user_id=user.pk, moderator="staff", reason=REASON)
    assert await article_takedown(slug=first.slug, moderator="staff", reason="phishing link")

    await user_unsuspend(user_id=user.pk, moderator="lead", reason="appeal accepted")

    uses = {tag.name: tag.uses async for tag in Tag.objects.all()}
    assert uses == {"spam": 1, "deals": 0}  # the remaining article's tag; "deals" went with first
    assert (await api.get("/api/tags")).body["tags"] == ["spam"]


async def test_deleting_a_comment_writes_the_authors_event_and_the_audit_row(member, spammer):
    _, (first, _) = spammer
    comment = await factories.comment(first, member.user, body="rude")
    before = await last_event_id()

    assert await comment_takedown(comment_id=comment.pk, moderator="staff", reason="abuse")

    assert await events_after(before) == [
        ("comment.deleted", {"slug": first.slug, "id": comment.pk})
    ]
    assert not await Comment.objects.filter(pk=comment.pk).aexists()
    row = await ModerationAction.objects.aget()
    assert (row.action, row.target, row.target_user_id) == (
        "delete_comment",
        f"comment {comment.pk} on {first.slug}",
        member.user.pk,
    )
    assert not await comment_takedown(comment_id=comment.pk, moderator="staff", reason="again")


async def test_suspension_ends_the_users_open_streams_and_no_one_elses(member, spammer):
    user, _ = spammer
    theirs = Subscription(Topics(articles=True, user=True), viewer=Viewer.of(user))
    others = Subscription(Topics(articles=True), viewer=Viewer.of(member.user))
    await theirs.open(None)
    await others.open(None)
    try:
        await user_suspend(user_id=user.pk, moderator="staff", reason=REASON)
        with pytest.raises(StreamEnded, match="the account is suspended"):
            await drain(theirs)  # their two article.deleted events may come first
        # The other stream goes on: it gets the next event (a marker) after the suspension's.
        marker = await factories.article(member.user, title="Marker")
        seen = []
        for _ in range(3):
            frame = await others.next(5)
            assert frame is not None
            seen.append(frame.name)
            if orjson.loads(frame.data).get("article", {}).get("slug") == marker.slug:
                break
        assert seen == ["article.deleted", "article.deleted", "article.created"]
    finally:
        await theirs.close()
        await others.close()
    assert await User.objects.filter(pk=user.pk, suspended_at__isnull=False).aexists()
