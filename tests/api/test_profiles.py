"""Profiles: GET /profiles/:username, POST/DELETE /profiles/:username/follow."""

import pytest

from core.domain.models import Follow

pytestmark = pytest.mark.django_db(transaction=True)


async def test_get_profile_anonymously(api, member):
    r = await api.get(f"/api/profiles/{member.user.username}")
    assert r.status == 200
    assert r.body == {
        "profile": {
            "username": member.user.username,
            "bio": None,
            "image": None,
            "following": False,
        }
    }


async def test_get_profile_shows_following_for_the_viewer(api, member, other):
    await Follow.objects.acreate(follower=other.user, followee=member.user)
    seen_by_other = await api.get(f"/api/profiles/{member.user.username}", token=other.token)
    seen_by_self = await api.get(f"/api/profiles/{member.user.username}", token=member.token)
    assert seen_by_other.body["profile"]["following"] is True
    assert seen_by_self.body["profile"]["following"] is False


async def test_get_profile_shows_bio_and_image(api, member):
    await api.put(
        "/api/user",
        {"user": {"bio": "Hi", "image": "https://example.com/me.png"}},
        token=member.token,
    )
    profile = (await api.get(f"/api/profiles/{member.user.username}")).body["profile"]
    assert (profile["bio"], profile["image"]) == ("Hi", "https://example.com/me.png")


async def test_get_unknown_profile_is_404(api):
    r = await api.get("/api/profiles/nobody")
    assert r.status == 404
    assert r.body == {"errors": {"profile": ["not found"]}}


async def test_username_lookup_is_exact(api, member):
    assert (await api.get(f"/api/profiles/{member.user.username.upper()}")).status == 404


async def test_follow(api, member, other):
    r = await api.post(f"/api/profiles/{other.user.username}/follow", token=member.token)
    assert r.status == 200
    assert r.body["profile"] == {
        "username": other.user.username,
        "bio": None,
        "image": None,
        "following": True,
    }
    again = await api.get(f"/api/profiles/{other.user.username}", token=member.token)
    assert again.body["profile"]["following"] is True


async def test_follow_twice_is_idempotent(api, member, other):
    await api.post(f"/api/profiles/{other.user.username}/follow", token=member.token)
    r = await api.post(f"/api/profiles/{other.user.username}/follow", token=member.token)
    assert r.status == 200
    assert r.body["profile"]["following"] is True
    assert await Follow.objects.acount() == 1


async def test_follow_ignores_a_request_body(api, member, other):
    r = await api.post(
        f"/api/profiles/{other.user.username}/follow",
        {"user": {"email": member.user.email}},
        token=member.token,
    )
    assert r.status == 200


async def test_follow_yourself_is_422(api, member):
    r = await api.post(f"/api/profiles/{member.user.username}/follow", token=member.token)
    assert r.status == 422
    assert r.body == {"errors": {"profile": ["cannot follow yourself"]}}
    assert await Follow.objects.acount() == 0


async def test_unfollow(api, member, other):
    await api.post(f"/api/profiles/{other.user.username}/follow", token=member.token)
    r = await api.delete(f"/api/profiles/{other.user.username}/follow", token=member.token)
    assert r.status == 200
    assert r.body["profile"]["following"] is False
    assert await Follow.objects.acount() == 0


async def test_unfollow_someone_not_followed_is_harmless(api, member, other):
    r = await api.delete(f"/api/profiles/{other.user.username}/follow", token=member.token)
    assert r.status == 200
    assert r.body["profile"]["following"] is False


@pytest.mark.parametrize("method", ["post", "delete"])
async def test_follow_unknown_user_is_404(api, member, method):
    r = await getattr(api, method)("/api/profiles/nobody/follow", token=member.token)
    assert r.status == 404
    assert r.body == {"errors": {"profile": ["not found"]}}


@pytest.mark.parametrize("method", ["post", "delete"])
async def test_follow_without_token_is_401(api, other, method):
    r = await getattr(api, method)(f"/api/profiles/{other.user.username}/follow")
    assert r.status == 401
    assert r.body == {"errors": {"token": ["is missing"]}}
