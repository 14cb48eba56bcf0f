"""Many requests at once against a live uvicorn on PostgreSQL: nothing lost, nothing doubled,
no 500. Each test checks what was stored, not only what was answered."""

import asyncio
import uuid
from collections import Counter
from typing import Any

import httpx
import psycopg
import pytest

pytestmark = [pytest.mark.live, pytest.mark.postgres]

Json = dict[str, Any]


class Client:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def register(self, name: str, email: str | None = None) -> httpx.Response:
        user = {
            "username": name,
            "email": email or f"{name}@example.com",
            "password": "password123",
        }
        return await self.http.post("/users", json={"user": user})

    async def user(self, prefix: str) -> Json:
        r = await self.register(f"{prefix}_{uuid.uuid4().hex[:10]}")
        assert r.status_code == 201, r.text
        user: Json = r.json()["user"]
        return user

    async def users(self, prefix: str, n: int) -> list[Json]:
        return await asyncio.gather(*(self.user(prefix) for _ in range(n)))

    async def article(self, author: Json, title: str = "Concurrency") -> Json:
        r = await self.http.post(
            "/articles",
            headers=auth(author),
            json={"article": {"title": title, "description": "d", "body": "b"}},
        )
        assert r.status_code == 201, r.text
        article: Json = r.json()["article"]
        return article


def auth(user: Json) -> dict[str, str]:
    return {"Authorization": f"Token {user['token']}"}


@pytest.fixture
async def client(app_server):
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(
        base_url=f"{app_server.url}/api", timeout=60, limits=limits
    ) as http:
        yield Client(http)


@pytest.fixture
def db(live_env):
    """The live server's database, to check what was stored."""
    with psycopg.connect(live_env["DATABASE_URL"].replace("postgres://", "postgresql://")) as conn:
        conn.autocommit = True
        yield conn


def one(db, sql: str, *params):
    return db.execute(sql, params).fetchone()[0]


async def test_fifty_users_favoriting_one_article_at_once_count_fifty(client, db):
    author = await client.user("fav_author")
    article = await client.article(author)
    fans = await client.users("fan", 50)

    responses = await asyncio.gather(
        *(client.http.post(f"/articles/{article['slug']}/favorite", headers=auth(f)) for f in fans)
    )

    assert Counter(r.status_code for r in responses) == {200: 50}
    assert all(r.json()["article"]["favorited"] for r in responses)
    final = (await client.http.get(f"/articles/{article['slug']}")).json()["article"]
    assert final["favoritesCount"] == 50
    stored = one(
        db,
        "SELECT count(*) FROM favorites f JOIN articles a ON a.id = f.article_id WHERE a.slug = %s",
        article["slug"],
    )
    assert stored == 50


async def test_one_user_favoriting_and_unfavoriting_in_parallel_ends_consistent(client, db):
    author = await client.user("flip_author")
    article = await client.article(author)
    fan = await client.user("flipper")
    path = f"/articles/{article['slug']}/favorite"

    for _ in range(3):
        requests = [client.http.post(path, headers=auth(fan)) for _ in range(15)]
        requests += [client.http.delete(path, headers=auth(fan)) for _ in range(15)]
        responses = await asyncio.gather(*requests)
        assert Counter(r.status_code for r in responses) == {200: 30}

        seen = (await client.http.get(f"/articles/{article['slug']}", headers=auth(fan))).json()
        stored = one(
            db,
            "SELECT count(*) FROM favorites f JOIN articles a ON a.id = f.article_id "
            "WHERE a.slug = %s",
            article["slug"],
        )
        assert stored in {0, 1}
        assert seen["article"]["favoritesCount"] == stored
        assert seen["article"]["favorited"] is (stored == 1)

    # And it still works normally afterwards.
    assert (await client.http.post(path, headers=auth(fan))).json()["article"][
        "favoritesCount"
    ] == 1
    assert (await client.http.delete(path, headers=auth(fan))).json()["article"][
        "favoritesCount"
    ] == 0


async def test_twenty_articles_with_the_same_title_at_once_get_twenty_slugs(client, db):
    author = await client.user("same_title")
    title = f"Same title {uuid.uuid4().hex[:6]}"

    responses = await asyncio.gather(
        *(
            client.http.post(
                "/articles",
                headers=auth(author),
                json={
                    "article": {
                        "title": title,
                        "description": "d",
                        "body": "b",
                        "tagList": ["race", "same"],
                    }
                },
            )
            for _ in range(20)
        )
    )

    assert Counter(r.status_code for r in responses) == {201: 20}
    slugs = {r.json()["article"]["slug"] for r in responses}
    assert len(slugs) == 20
    stored = db.execute(
        "SELECT a.slug, count(t.tag_id) FROM articles a LEFT JOIN article_tags t "
        "ON t.article_id = a.id WHERE a.title = %s GROUP BY a.slug",
        (title,),
    ).fetchall()
    assert {slug for slug, _ in stored} == slugs
    assert all(tags == 2 for _, tags in stored)


async def test_concurrent_follows_and_unfollows(client, db):
    celebrity = await client.user("celeb")
    followers = await client.users("follower", 20)
    path = f"/profiles/{celebrity['username']}/follow"

    responses = await asyncio.gather(*(client.http.post(path, headers=auth(f)) for f in followers))
    assert Counter(r.status_code for r in responses) == {200: 20}
    assert all(r.json()["profile"]["following"] for r in responses)
    count = (
        "SELECT count(*) FROM follows f JOIN users u ON u.id = f.followee_id WHERE u.username = %s"
    )
    assert one(db, count, celebrity["username"]) == 20

    # One follower flipping in parallel: the flag it then sees matches the stored row.
    flipper = followers[0]
    requests = [client.http.post(path, headers=auth(flipper)) for _ in range(10)]
    requests += [client.http.delete(path, headers=auth(flipper)) for _ in range(10)]
    responses = await asyncio.gather(*requests)
    assert Counter(r.status_code for r in responses) == {200: 20}
    seen = (
        await client.http.get(f"/profiles/{celebrity['username']}", headers=auth(flipper))
    ).json()
    stored = one(db, count, celebrity["username"])
    assert stored in {19, 20}
    assert seen["profile"]["following"] is (stored == 20)

    # Everyone unfollows at once.
    responses = await asyncio.gather(
        *(client.http.delete(path, headers=auth(f)) for f in followers)
    )
    assert Counter(r.status_code for r in responses) == {200: 20}
    assert one(db, count, celebrity["username"]) == 0


async def test_concurrent_registrations_of_one_username_give_one_201_and_409s(client, db):
    name = f"dup_{uuid.uuid4().hex[:8]}"

    responses = await asyncio.gather(
        *(
            client.register(name.upper() if n % 2 else name, f"{name}_{n}@example.com")
            for n in range(20)
        )
    )

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 409: 19}
    assert all(
        r.json() == {"errors": {"username": ["has already been taken"]}}
        for r in responses
        if r.status_code == 409
    )
    assert one(db, "SELECT count(*) FROM users WHERE lower(username) = %s", name) == 1


@pytest.mark.parametrize("attempt", range(3))
async def test_comments_and_updates_racing_a_delete_never_500(client, db, attempt):
    author = await client.user("racer")
    article = await client.article(author, title=f"Doomed {uuid.uuid4().hex[:6]}")
    slug = article["slug"]
    commenter = await client.user("commenter")

    requests = [
        client.http.post(
            f"/articles/{slug}/comments", headers=auth(commenter), json={"comment": {"body": "hi"}}
        )
        for _ in range(10)
    ]
    requests += [
        client.http.put(
            f"/articles/{slug}", headers=auth(author), json={"article": {"body": "new"}}
        )
        for _ in range(5)
    ]
    requests += [
        client.http.post(f"/articles/{slug}/favorite", headers=auth(commenter)) for _ in range(5)
    ]
    requests.insert(8, client.http.delete(f"/articles/{slug}", headers=auth(author)))
    responses = await asyncio.gather(*requests)

    assert all(r.status_code in {200, 201, 204, 404} for r in responses), [
        (r.status_code, r.text) for r in responses if r.status_code >= 500
    ]
    assert one(db, "SELECT count(*) FROM articles WHERE slug = %s", slug) == 0
    assert (
        one(
            db,
            "SELECT count(*) FROM comments c LEFT JOIN articles a ON a.id = c.article_id "
            "WHERE a.id IS NULL",
        )
        == 0
    )
