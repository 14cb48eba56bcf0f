"""GET /api/events against a real uvicorn: the stream, its topics, auth and errors."""

import asyncio
import json

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from schemas.events import EVENT_SCHEMAS
from tests import live
from tests.events.conftest import HEARTBEAT
from tests.events.streams import stream

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def about(slug):
    return lambda event: event.data.get("slug", event.data.get("article", {}).get("slug")) == slug


async def test_each_write_is_an_event_with_the_rest_schemas_in_order(events_server, writer):
    async with stream(events_server.url, "articles") as events:
        assert events.lines[:2] == ["retry: 3000", ""]  # the reconnection hint comes first
        slug = await writer.article()
        await writer.call("POST", f"/api/articles/{slug}/favorite")
        created = await writer.call(
            "POST", f"/api/articles/{slug}/comments", json={"comment": {"body": "First!"}}
        )
        comment_id = created.json()["comment"]["id"]
        await writer.call("DELETE", f"/api/articles/{slug}/comments/{comment_id}")
        renamed = await writer.call(
            "PUT", f"/api/articles/{slug}", json={"article": {"title": f"Renamed {slug}"}}
        )
        new_slug = renamed.json()["article"]["slug"]
        await writer.call("DELETE", f"/api/articles/{new_slug}")

        seen = [await events.next_matching(about(slug))]
        for _ in range(4):
            seen.append(await events.next())
        seen.append(await events.next_matching(about(new_slug)))

    assert [event.name for event in seen] == [
        "article.created",
        "article.favorites",
        "comment.created",
        "comment.deleted",
        "article.updated",
        "article.deleted",
    ]
    ids = [event.id for event in seen]
    assert ids == sorted(set(ids))
    for event in seen:  # every payload is what openapi.json says it is
        EVENT_SCHEMAS[event.name].model_validate(event.data)
    article = seen[0].data["article"]
    assert article["slug"] == slug
    assert article["author"] == {
        "username": writer.username,
        "bio": None,
        "image": None,
        "following": False,
    }
    assert "body" not in article  # the list shape
    assert seen[1].data == {"slug": slug, "favoritesCount": 1}
    assert seen[2].data["comment"]["body"] == "First!"
    assert seen[3].data == {"slug": slug, "id": comment_id}
    assert seen[4].data["previousSlug"] == slug
    assert seen[4].data["article"]["slug"] == new_slug
    assert seen[5].data == {"slug": new_slug}


async def test_an_article_topic_gets_that_article_and_its_rename(events_server, writer):
    watched = await writer.article()
    async with stream(events_server.url, f"article:{watched}") as events:
        other = await writer.article()
        await writer.call("POST", f"/api/articles/{other}/favorite")
        await writer.call("POST", f"/api/articles/{watched}/favorite")
        assert (await events.next()).data == {"slug": watched, "favoritesCount": 1}
        await writer.call("PUT", f"/api/articles/{watched}", json={"article": {"title": "New"}})
        updated = await events.next()
        assert updated.name == "article.updated"
        assert updated.data["previousSlug"] == watched
        new_slug = updated.data["article"]["slug"]
        # The topic names a slug: the update told the client to follow the new one.
        async with stream(events_server.url, f"article:{new_slug}") as renamed:
            await writer.call("DELETE", f"/api/articles/{new_slug}/favorite")
            assert (await renamed.next()).data == {"slug": new_slug, "favoritesCount": 0}
        await events.quiet(lambda event: True, seconds=0.3)


async def test_the_feed_needs_a_token_and_follows_follows_live(events_server, writer, reader):
    async with httpx.AsyncClient(base_url=events_server.url) as client:
        refused = await client.get("/api/events", params={"topics": "feed"})
    assert refused.status_code == 401
    assert refused.json() == {
        "errors": {"token": ["is missing (the feed and user topics need one)"]}
    }

    author = writer
    async with stream(events_server.url, "feed", token=reader.token) as feed:
        before = await author.article()  # not followed yet
        await reader.call("POST", f"/api/profiles/{author.username}/follow")
        followed = await author.article()
        assert (await feed.next()).data["article"]["slug"] == followed
        await reader.call("DELETE", f"/api/profiles/{author.username}/follow")
        unfollowed = await author.article()
        await reader.call("POST", f"/api/profiles/{author.username}/follow")
        again = await author.article()
        assert (await feed.next()).data["article"]["slug"] == again
        await feed.quiet(lambda event: True, seconds=0.3)
    assert before != unfollowed


async def test_follow_events_reach_only_the_follower(events_server, writer, reader):
    async with (
        stream(events_server.url, "user", token=reader.token) as mine,
        stream(events_server.url, "user", token=writer.token) as theirs,
    ):
        await reader.call("POST", f"/api/profiles/{writer.username}/follow")
        followed = await mine.next()
        assert followed.name == "profile.followed"
        assert followed.data["profile"]["username"] == writer.username
        assert followed.data["profile"]["following"] is True
        await reader.call("DELETE", f"/api/profiles/{writer.username}/follow")
        unfollowed = await mine.next()
        assert unfollowed.name == "profile.unfollowed"
        assert unfollowed.data["profile"]["following"] is False
        await theirs.quiet(lambda event: True, seconds=0.3)


async def test_a_ticket_opens_one_stream_once(events_server, reader, writer):
    async with httpx.AsyncClient(base_url=events_server.url) as client:
        assert (await client.post("/api/events/ticket")).status_code == 401
    issued = await reader.call("POST", "/api/events/ticket")
    assert issued.status_code == 201
    ticket = issued.json()["ticket"]
    assert issued.json()["expiresIn"] == 30

    async with stream(events_server.url, "feed,user", params={"ticket": ticket}) as events:
        await reader.call("POST", f"/api/profiles/{writer.username}/follow")
        assert (await events.next()).name == "profile.followed"

    async with httpx.AsyncClient(base_url=events_server.url) as client:
        reused = await client.get("/api/events", params={"topics": "user", "ticket": ticket})
        forged = await client.get("/api/events", params={"topics": "user", "ticket": "x" * 32})
    assert reused.status_code == 401
    assert reused.json() == {"errors": {"ticket": ["is invalid, expired or already used"]}}
    assert forged.status_code == 401


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({}, {"topics": ["must name at least one topic"]}),
        ({"topics": "everything"}, {"topics": ["unknown topic 'everything': use articles, article:<slug>, feed, user"]}),
        ({"topics": "article:"}, {"topics": ["unknown topic 'article:': use articles, article:<slug>, feed, user"]}),
        ({"topics": "articles", "lastEventId": "-1"}, {"lastEventId": ["must be a non-negative integer"]}),
        ({"topics": "articles", "lastEventId": "99999999999999999999"}, {"lastEventId": ["must be a non-negative integer"]}),
    ],
)  # fmt: skip
async def test_bad_stream_requests_get_422_in_the_error_shape(events_server, params, errors):
    async with httpx.AsyncClient(base_url=events_server.url) as client:
        response = await client.get("/api/events", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == {"errors": errors}


async def test_a_bad_token_is_refused_even_on_public_topics(events_server):
    async with httpx.AsyncClient(base_url=events_server.url) as client:
        response = await client.get(
            "/api/events", params={"topics": "articles"}, headers={"Authorization": "Token nope"}
        )
        post = await client.post("/api/events", params={"topics": "articles"})
    assert response.status_code == 401
    assert response.json() == {"errors": {"token": ["is invalid"]}}
    assert post.status_code == 405
    assert post.headers["allow"] == "GET, OPTIONS"
    assert post.json() == {"errors": {"method": ["POST is not allowed here"]}}  # as REST's 405


async def test_cors_preflight_and_stream_allow_other_origins(events_server):
    async with httpx.AsyncClient(base_url=events_server.url) as client:
        preflight = await client.options(
            "/api/events",
            headers={
                "Origin": "http://localhost:5173",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization,last-event-id",
            },
        )
    assert preflight.status_code == 200
    assert "authorization" in preflight.headers["access-control-allow-headers"]
    assert "last-event-id" in preflight.headers["access-control-allow-headers"]
    async with stream(events_server.url, "articles") as events:
        assert events.response_headers is not None
        assert "access-control-allow-origin" not in events.response_headers  # no Origin sent


async def test_an_idle_stream_gets_heartbeats(events_server):
    async with stream(events_server.url, "article:nothing-happens-here") as events:
        await events.quiet(lambda event: True, seconds=HEARTBEAT * 3)
        assert events.lines.count(": ping") >= 2


async def test_opening_streams_counts_against_the_per_client_ceiling(live_env, tmp_path, writer):
    """A reconnect storm is refused like any other burst (Django's middleware, which counts
    REST requests, does not see the streams)."""
    env = {**live_env, "RATE_LIMIT_CLIENT": "3/60"}
    with live.serving(env, tmp_path / "uvicorn.log") as server:
        async with httpx.AsyncClient(base_url=server.url) as client:
            for _ in range(3):
                async with client.stream(
                    "GET", "/api/events", params={"topics": "articles"}
                ) as response:
                    assert response.status_code == 200
            refused = await client.get("/api/events", params={"topics": "articles"})
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        assert refused.json()["errors"]["rate"][0].startswith("too many requests")
        url = server.url.replace("http://", "ws://") + "/ws/events"
        async with connect(url) as socket:
            message = json.loads(await asyncio.wait_for(socket.recv(), 10))
            assert message["status"] == 429
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(socket.recv(), 10)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 1013
