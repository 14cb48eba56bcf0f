"""Following and unfollowing other users.

Each records an event for the follower only (topic `user`), which also moves their live feed.
"""

from django.db import IntegrityError

from core.domain.auth import Viewer
from core.domain.db import atomic
from core.domain.errors import Invalid, NotFound
from core.domain.events.outbox import record
from core.domain.events.payloads import FollowChanged
from core.domain.models import Follow, User
from core.domain.selectors.profiles import ProfileView, profile_get


async def _followee(*, follower: User, username: str) -> User:
    followee = await User.objects.filter(username=username).afirst()
    if followee is None:
        raise NotFound("profile")
    if followee.pk == follower.pk:
        raise Invalid({"profile": ["cannot follow yourself"]})
    return followee


def _record_follow(follower: User, followee: User, *, following: bool) -> None:
    profile = ProfileView(
        username=followee.username, bio=followee.bio, image=followee.image, following=following
    )
    record(
        "profile.followed" if following else "profile.unfollowed",
        lambda: FollowChanged(profile),
        author_id=followee.pk,
        recipient_id=follower.pk,
    )


@atomic
def _follow(follower: User, followee: User) -> None:
    # ON CONFLICT DO NOTHING: no race with a concurrent follow or unfollow can fail it.
    Follow.objects.bulk_create(
        [Follow(follower_id=follower.pk, followee_id=followee.pk)], ignore_conflicts=True
    )
    _record_follow(follower, followee, following=True)


@atomic
def _unfollow(follower: User, followee: User) -> None:
    Follow.objects.filter(follower_id=follower.pk, followee_id=followee.pk).delete()
    _record_follow(follower, followee, following=False)


async def profile_follow(*, follower: User, username: str) -> ProfileView:
    """Follow `username`; following twice is a no-op. Returns the profile as the follower sees it."""
    followee = await _followee(follower=follower, username=username)
    try:
        await _follow(follower, followee)
    except IntegrityError as exc:  # the account was deleted meanwhile
        raise NotFound("profile") from exc
    return await profile_get(username=username, viewer=Viewer.of(follower))


async def profile_unfollow(*, follower: User, username: str) -> ProfileView:
    """Stop following `username`; unfollowing someone not followed is a no-op."""
    followee = await _followee(follower=follower, username=username)
    await _unfollow(follower, followee)
    return await profile_get(username=username, viewer=Viewer.of(follower))
