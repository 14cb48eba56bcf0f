"""The app under a real uvicorn process, over real HTTP."""

import asyncio
from urllib.parse import quote

import httpx
import pytest

pytestmark = pytest.mark.live


async def test_full_flow_over_http(app_server):
    """register → login → create article → comment → favorite → follow → feed."""
    async with httpx.AsyncClient(base_url=f"{app_server.url}/api") as http:

        async def register(name):
            r = await http.post(
                "/users",
                json={
                    "user": {
                        "username": name,
                        "email": f"{name}@example.com",
                        "password": "password123",
                    }
                },
            )
            assert r.status_code == 201, r.text
            return r.json()["user"]

        author = await register("live_author")
        reader = await register("live_reader")
        login = await http.post(
            "/users/login",
            json={"user": {"email": "live_reader@example.com", "password": "password123"}},
        )
        assert login.status_code == 200
        as_author = {"Authorization": f"Token {author['token']}"}
        as_reader = {"Authorization": f"Token {login.json()['user']['token']}"}

        created = await http.post(
            "/articles",
            headers=as_author,
            json={
                "article": {"title": "Live", "description": "d", "body": "b", "tagList": ["live"]}
            },
        )
        assert created.status_code == 201
        slug = created.json()["article"]["slug"]

        comment = await http.post(
            f"/articles/{slug}/comments", headers=as_reader, json={"comment": {"body": "Hello"}}
        )
        assert comment.status_code == 201
        favorite = await http.post(f"/articles/{slug}/favorite", headers=as_reader)
        assert favorite.json()["article"]["favoritesCount"] == 1
        follow = await http.post(f"/profiles/{author['username']}/follow", headers=as_reader)
        assert follow.json()["profile"]["following"] is True

        feed = (await http.get("/articles/feed", headers=as_reader)).json()
        assert feed["articlesCount"] == 1
        article = feed["articles"][0]
        assert article["slug"] == slug
        assert (article["favorited"], article["favoritesCount"]) == (True, 1)
        assert article["author"]["following"] is True
        assert "body" not in article
        comments = (await http.get(f"/articles/{slug}/comments")).json()["comments"]
        assert [c["body"] for c in comments] == ["Hello"]
        assert reader["username"] == "live_reader"


async def test_unicode_slug_round_trips_over_http(app_server):
    async with httpx.AsyncClient(base_url=f"{app_server.url}/api") as http:
        user = (
            await http.post(
                "/users",
                json={
                    "user": {
                        "username": "unicode",
                        "email": "u@example.com",
                        "password": "password123",
                    }
                },
            )
        ).json()["user"]
        created = await http.post(
            "/articles",
            headers={"Authorization": f"Token {user['token']}"},
            json={"article": {"title": "Ça va très bien", "description": "d", "body": "b"}},
        )
        slug = created.json()["article"]["slug"]
        assert slug == "ça-va-très-bien"
        r = await http.get(f"/articles/{quote(slug)}")
        assert r.status_code == 200
        assert r.json()["article"]["title"] == "Ça va très bien"


async def test_password_hashing_does_not_block_other_requests(app_server):
    """Logins hash off the event loop: a cheap request overtakes a burst of logins."""
    async with httpx.AsyncClient(base_url=f"{app_server.url}/api", timeout=60) as http:
        await http.post(
            "/users",
            json={
                "user": {
                    "username": "hasher",
                    "email": "hasher@example.com",
                    "password": "password123",
                }
            },
        )
        finished: list[str] = []

        async def login():
            await http.post(
                "/users/login",
                json={"user": {"email": "hasher@example.com", "password": "password123"}},
            )
            finished.append("login")

        async def tags():
            await asyncio.sleep(0.05)  # the logins are in flight
            r = await http.get("/tags")
            assert r.status_code == 200
            finished.append("tags")

        await asyncio.gather(*(login() for _ in range(16)), tags())
        assert finished.index("tags") < len(finished) - 1
