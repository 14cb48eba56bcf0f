"""Following and unfollowing other users."""

from django.db import IntegrityError

from core.auth import Viewer
from core.errors import Invalid, NotFound
from core.models import Follow, User
from core.selectors.profiles import ProfileView, profile_get


async def _followee(*, follower: User, username: str) -> User:
    followee = await User.objects.filter(username=username).afirst()
    if followee is None:
        raise NotFound("profile")
    if followee.pk == follower.pk:
        raise Invalid({"profile": ["cannot follow yourself"]})
    return followee


async def profile_follow(*, follower: User, username: str) -> ProfileView:
    """Follow `username`; following twice is a no-op. Returns the profile as the follower sees it."""
    followee = await _followee(follower=follower, username=username)
    follow = Follow(follower_id=follower.pk, followee_id=followee.pk)
    try:
        # ON CONFLICT DO NOTHING: no race with a concurrent follow or unfollow can fail it.
        await Follow.objects.abulk_create([follow], ignore_conflicts=True)
    except IntegrityError as exc:  # the account was deleted meanwhile
        raise NotFound("profile") from exc
    return await profile_get(username=username, viewer=Viewer.of(follower))


async def profile_unfollow(*, follower: User, username: str) -> ProfileView:
    """Stop following `username`; unfollowing someone not followed is a no-op."""
    followee = await _followee(follower=follower, username=username)
    await Follow.objects.filter(follower_id=follower.pk, followee_id=followee.pk).adelete()
    return await profile_get(username=username, viewer=Viewer.of(follower))
