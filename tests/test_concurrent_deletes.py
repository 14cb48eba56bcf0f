"""Concurrent deletes of one comment (or article) through a live server: exactly one answers
204, the others 404 (on SQLite all answered 204), and one deletion event is recorded."""

import asyncio
import uuid

import httpx
import pytest

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

CONCURRENT = 6


async def author(http: httpx.AsyncClient) -> dict[str, str]:
    name = f"d{uuid.uuid4().hex[:10]}"
    user = {"username": name, "email": f"{name}@example.com", "password": "p" * 12}
    r = await http.post("/api/users", json={"user": user})
    assert r.status_code == 201, r.text
    return {"Authorization": f"Token {r.json()['user']['token']}"}


async def article(http: httpx.AsyncClient, auth: dict[str, str]) -> str:
    body = {"article": {"title": f"Gone {uuid.uuid4().hex}", "description": "d", "body": "b"}}
    r = await http.post("/api/articles", json=body, headers=auth)
    assert r.status_code == 201, r.text
    slug: str = r.json()["article"]["slug"]
    return slug


async def deleting(http: httpx.AsyncClient, path: str, auth: dict[str, str]) -> list[int]:
    answers = await asyncio.gather(*(http.delete(path, headers=auth) for _ in range(CONCURRENT)))
    return sorted(r.status_code for r in answers)


async def test_concurrent_deletes_of_one_comment(app_server):
    async with httpx.AsyncClient(base_url=app_server.url, timeout=60) as http:
        auth = await author(http)
        slug = await article(http, auth)
        r = await http.post(
            f"/api/articles/{slug}/comments", json={"comment": {"body": "x"}}, headers=auth
        )
        comment = r.json()["comment"]["id"]
        statuses = await deleting(http, f"/api/articles/{slug}/comments/{comment}", auth)
        assert statuses == [204] + [404] * (CONCURRENT - 1)
        assert (await http.get(f"/api/articles/{slug}/comments")).json() == {"comments": []}


async def test_concurrent_deletes_of_one_article(app_server):
    async with httpx.AsyncClient(base_url=app_server.url, timeout=60) as http:
        auth = await author(http)
        slug = await article(http, auth)
        statuses = await deleting(http, f"/api/articles/{slug}", auth)
        assert statuses == [204] + [404] * (CONCURRENT - 1)
