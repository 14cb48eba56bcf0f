"""GET /tags stays bounded at a million tag uses: on PostgreSQL its one query walks
tags_most_used_idx and stops after TAGS_LIST_MAX rows, with no sequential scan and no sort."""

import json
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connection

from core.domain.limits import TAGS_LIST_MAX

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TAGS = 200_000


def _seed_tag_uses() -> int:
    """200,000 tags whose use counts add up to a little over a million (as if counted from that
    many article links: the query reads only the counts, never the links)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO tags (name, uses) "
            "SELECT 'tag' || n, 1 + (n * 7919) %% 10 FROM generate_series(1, %s) AS n",
            [TAGS],
        )
        cursor.execute("ANALYZE tags")
        cursor.execute("SELECT SUM(uses) FROM tags")
        return int(cursor.fetchone()[0])


def _plan(sql: str) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    found: dict[str, Any] = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    return found


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    found, todo = [], [plan]
    while todo:
        node = todo.pop()
        found.append(node)
        todo.extend(node.get("Plans", []))
    return found


async def test_most_used_tags_are_read_from_the_index_and_stop_at_the_limit(api, sql_log):
    assert await sync_to_async(_seed_tag_uses)() > 1_000_000
    sql_log.statements.clear()
    r = await api.get("/api/tags")
    assert r.status == 200
    assert len(r.body["tags"]) == TAGS_LIST_MAX
    [sql] = sql_log.statements  # as sent, parameters included
    plan = await sync_to_async(_plan)(sql)
    nodes = _nodes(plan)
    kinds = {node["Node Type"] for node in nodes}
    assert plan["Node Type"] == "Limit"
    assert "Seq Scan" not in kinds
    assert "Sort" not in kinds
    [scan] = [node for node in nodes if node.get("Relation Name") == "tags"]
    assert scan["Node Type"] in {"Index Scan", "Index Only Scan"}
    assert scan["Index Name"] == "tags_most_used_idx"
    assert scan["Actual Rows"] <= TAGS_LIST_MAX
