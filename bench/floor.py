"""The floor: the global article list as a raw ASGI app, with no framework at all.

It answers `GET /api/articles?limit=&offset=` for an anonymous reader with exactly the bytes
Conduit sends (tests/test_bench.py compares them), using the least a Python server can do: psycopg's
async pool, two SQL statements (the total, the page with its tags) and orjson. What Conduit
spends above this is the cost of the framework and of our own code.

    DATABASE_URL=postgres://… uvicorn bench.floor:app --loop uvloop --http httptools
"""

import os
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import orjson
from psycopg_pool import AsyncConnectionPool

COUNT = "SELECT COUNT(*) FROM articles"
PAGE = """
SELECT a.slug, a.title, a.description,
       ARRAY(SELECT t.name FROM article_tags l JOIN tags t ON t.id = l.tag_id
             WHERE l.article_id = a.id ORDER BY l.position),
       a.created_at, a.updated_at,
       (SELECT COUNT(*) FROM favorites f WHERE f.article_id = a.id),
       u.username, u.bio, u.image
FROM articles a JOIN users u ON u.id = a.author_id
ORDER BY a.created_at DESC, a.id DESC
LIMIT %s OFFSET %s
"""

pool = AsyncConnectionPool(
    os.environ["DATABASE_URL"], min_size=4, max_size=16, open=False, num_workers=1
)
HEADERS = [(b"content-type", b"application/json; charset=utf-8")]


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def page_params(query: bytes) -> tuple[int, int]:
    params = parse_qs(query.decode())
    limit = min(max(int(params.get("limit", ["20"])[0]), 1), 100)
    offset = max(int(params.get("offset", ["0"])[0]), 0)
    return limit, offset


async def articles(limit: int, offset: int) -> bytes:
    async with pool.connection() as conn:
        count = (await (await conn.execute(COUNT)).fetchone() or (0,))[0]
        rows = await (await conn.execute(PAGE, (limit, offset))).fetchall()
    return orjson.dumps(
        {
            "articles": [
                {
                    "slug": slug,
                    "title": title,
                    "description": description,
                    "tagList": tags,
                    "createdAt": iso(created),
                    "updatedAt": iso(updated),
                    "favorited": False,
                    "favoritesCount": favorites,
                    "author": {
                        "username": username,
                        "bio": bio,
                        "image": image,
                        "following": False,
                    },
                }
                for slug, title, description, tags, created, updated, favorites, username, bio, image in rows
            ],
            "articlesCount": count,
        }
    )


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await pool.open()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["path"] != "/api/articles":
        await send({"type": "http.response.start", "status": 404, "headers": HEADERS})
        await send({"type": "http.response.body", "body": b'{"errors":{"resource":["not found"]}}'})
        return
    body = await articles(*page_params(scope["query_string"]))
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": body})
