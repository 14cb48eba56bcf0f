"""Every write costs a known number of SQL statements on PostgreSQL, BEGIN and COMMIT included:
the figures of docs/performance.md ("Writes", "Cost model"), pinned. A write that grows a
statement fails here before it shows in `make bench`."""

import pytest

from core.domain.models import Follow
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

ARTICLE = {"title": "Budget", "description": "d", "body": "b", "tagList": ["in-use", "also"]}


async def statements(sql_log, write, status):
    sql_log.statements.clear()
    r = await write()  # the request is made here: a failing write leaves none never sent
    assert r.status == status, r.body
    return list(sql_log.statements)


async def test_each_write_costs_its_statements(api, member, other, sql_log):
    theirs = await factories.article(other.user, tags=["in-use", "also"])
    mine = await factories.article(member.user, tags=["in-use"])
    comment = await factories.comment(theirs, member.user)
    await Follow.objects.acreate(follower=member.user, followee=other.user)
    token, slug, who = member.token, theirs.slug, other.user.username
    # Each write in order, made when its turn comes.
    writes = {
        "create article": (
            lambda: api.post("/api/articles", {"article": ARTICLE}, token=token),
            201,
        ),
        "update article": (
            lambda: api.put(
                f"/api/articles/{mine.slug}", {"article": {"body": "new"}}, token=token
            ),
            200,
        ),
        "update article's tags": (
            lambda: api.put(
                f"/api/articles/{mine.slug}", {"article": {"tagList": ["also"]}}, token=token
            ),
            200,
        ),
        "favorite": (lambda: api.post(f"/api/articles/{slug}/favorite", token=token), 200),
        "unfavorite": (lambda: api.delete(f"/api/articles/{slug}/favorite", token=token), 200),
        "unfollow": (lambda: api.delete(f"/api/profiles/{who}/follow", token=token), 200),
        "follow": (lambda: api.post(f"/api/profiles/{who}/follow", token=token), 200),
        "comment": (
            lambda: api.post(
                f"/api/articles/{slug}/comments", {"comment": {"body": "b"}}, token=token
            ),
            201,
        ),
        "delete comment": (
            lambda: api.delete(f"/api/articles/{slug}/comments/{comment.pk}", token=token),
            204,
        ),
        "delete article": (lambda: api.delete(f"/api/articles/{mine.slug}", token=token), 204),
    }
    counts = {}
    for name, (write, status) in writes.items():
        counts[name] = len(await statements(sql_log, write, status))
    assert counts == {
        # the user (the token's check), the article under a free slug, the tags upserted and
        # counted, their links, the event lock, the event
        "create article": 8,
        # the user, the article locked, its update, the lock, the answer (the event's listing
        # too), the event
        "update article": 8,
        # and with new tags: the links read and deleted, the tags inserted and read back, the
        # links inserted, the tags locked and counted
        "update article's tags": 15,
        # the token's check with the article's id, the change, the lock, the answer (the
        # event's count too), the event
        "favorite": 7,
        "unfavorite": 7,
        # the token's check with the followee, the change, the lock, the event
        "unfollow": 6,
        "follow": 6,
        # the user, the comment on the visible article, the lock, the event
        "comment": 6,
        # the token's check with the article's id and the comment's author, its delete, the
        # lock, the event
        "delete comment": 6,
        # the user, the article locked, its tags unlinked and uncounted, the cascade
        # (favorites, comments, links), the article, the lock, the event
        "delete article": 14,
    }
