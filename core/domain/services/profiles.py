"""Following and unfollowing other users.

Each records an event for the follower only (topic `user`), which also moves their live feed.
"""

from django.db import IntegrityError

from core.domain.db import atomic
from core.domain.errors import Invalid, NotFound
from core.domain.events.outbox import record
from core.domain.events.payloads import FollowChanged
from core.domain.models import Follow, User
from core.domain.selectors.profiles import ProfileView


def _followee(*, follower: User, username: str) -> User:
    followee = User.objects.filter(username=username).first()
    if followee is None:
        raise NotFound("profile")
    if followee.pk == follower.pk:
        raise Invalid({"profile": ["cannot follow yourself"]})
    return followee


def _follow_changed(follower: User, username: str, *, following: bool) -> ProfileView:
    """Follow or unfollow and record the event: one transaction (the followee, the change, the
    event lock, the event). The profile as the follower now sees it: what the write has."""
    followee = _followee(follower=follower, username=username)
    if following:
        # ON CONFLICT DO NOTHING: no race with a concurrent follow or unfollow can fail it.
        Follow.objects.bulk_create(
            [Follow(follower_id=follower.pk, followee_id=followee.pk)], ignore_conflicts=True
        )
    else:
        Follow.objects.filter(follower_id=follower.pk, followee_id=followee.pk).delete()
    profile = ProfileView(
        username=followee.username, bio=followee.bio, image=followee.image, following=following
    )
    record(
        "profile.followed" if following else "profile.unfollowed",
        lambda: FollowChanged(profile),
        author_id=followee.pk,
        recipient_id=follower.pk,
    )
    return profile


@atomic
def _follow(follower: User, username: str) -> ProfileView:
    return _follow_changed(follower, username, following=True)


@atomic
def _unfollow(follower: User, username: str) -> ProfileView:
    return _follow_changed(follower, username, following=False)


async def profile_follow(*, follower: User, username: str) -> ProfileView:
    """Follow `username`; following twice is a no-op. Returns the profile as the follower sees it."""
    try:
        return await _follow(follower, username)
    except IntegrityError as exc:  # the account was deleted meanwhile
        raise NotFound("profile") from exc


async def profile_unfollow(*, follower: User, username: str) -> ProfileView:
    """Stop following `username`; unfollowing someone not followed is a no-op."""
    return await _unfollow(follower, username)
