"""On a seeded PostgreSQL database, no list or feed query reads articles, favorites or follows
sequentially: every one of them is served by an index, whatever the table sizes grow to."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.core.management import call_command
from django.db import connection

from core.domain.auth import token_issue
from core.domain.models import Favorite, Follow, Tag, User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BIG_TABLES = {"articles", "favorites", "follows"}


@pytest.fixture
async def seeded():
    """A quarter of the benchmark dataset: enough rows for the planner to choose as it would."""
    await sync_to_async(call_command)(
        "seed", users=250, articles=5_000, favorites=25_000, comments=5_000, verbosity=0
    )


def sequential_scans(sql: str) -> list[str]:
    """The big tables that PostgreSQL's plan for `sql` reads with a sequential scan."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found = []
    nodes = [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in BIG_TABLES:
            found.append(node["Relation Name"])
        nodes.extend(node.get("Plans", []))
    return found


async def test_list_and_feed_queries_use_indexes_only(seeded, api, sql_log):
    reader = await User.objects.filter(favorites__isnull=False).afirst()
    follower = await User.objects.filter(pk__in=Follow.objects.values("follower")).afirst()
    favorite = await Favorite.objects.filter(user=reader).select_related("article__author").afirst()
    assert reader is not None
    assert follower is not None
    assert favorite is not None
    tag = await Tag.objects.filter(article_tags__article=favorite.article).afirst()
    assert tag is not None
    token = token_issue(follower)
    paths = [
        "/api/articles",
        f"/api/articles?tag={tag.name}",
        f"/api/articles?author={favorite.article.author.username}",
        f"/api/articles?favorited={reader.username}",
        f"/api/articles?tag={tag.name}&author={favorite.article.author.username}",
        "/api/articles?offset=40&limit=20",
        "/api/articles/feed",
        "/api/articles/feed?offset=20",
    ]
    statements = []
    for path in paths:
        for with_token in (False, True):
            if path.startswith("/api/articles/feed") and not with_token:
                continue
            sql_log.statements.clear()
            r = await api.get(path, token=token if with_token else None)
            assert r.status == 200
            statements += sql_log.statements
    assert len(statements) == 2 * 14  # a count and a page each: no page was empty
    scans = {sql: await sync_to_async(sequential_scans)(sql) for sql in statements}
    assert {sql: found for sql, found in scans.items() if found} == {}
