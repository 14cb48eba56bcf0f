"""Following and unfollowing other users.

Each records an event for the follower only (topic `user`), which also moves their live feed.
"""

from django.db import IntegrityError, connection

from core.domain.auth import Viewer, viewer_user_now
from core.domain.db import atomic, link_set
from core.domain.errors import Invalid, NotFound
from core.domain.events.outbox import record
from core.domain.events.payloads import FollowChanged
from core.domain.models import User
from core.domain.selectors.profiles import ProfileView


def _followee(*, follower: User, username: str) -> tuple[int, str, str | None, str | None]:
    """The followee's id, username, bio and image."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, username, bio, image FROM users WHERE username = %s", [username])
        row = cursor.fetchone()
    if row is None:
        raise NotFound("profile")
    followee_id, name, bio, image = row
    if followee_id == follower.pk:
        raise Invalid({"profile": ["cannot follow yourself"]})
    return followee_id, name, bio, image


@atomic
def _follow_changed(viewer: Viewer, username: str, *, following: bool) -> ProfileView:
    """Follow or unfollow and record the event: one transaction (the follower, which is the
    token's check, the followee, the change, the event lock, the event). The profile as the
    follower now sees it: what the write has."""
    follower = viewer_user_now(viewer)
    followee_id, name, bio, image = _followee(follower=follower, username=username)
    link_set(
        "follows", ("follower_id", "followee_id"), (follower.pk, followee_id), linked=following
    )
    profile = ProfileView(username=name, bio=bio, image=image, following=following)
    record(
        "profile.followed" if following else "profile.unfollowed",
        lambda: FollowChanged(profile),
        author_id=followee_id,
        recipient_id=follower.pk,
    )
    return profile


async def profile_follow(*, follower: Viewer, username: str) -> ProfileView:
    """Follow `username`; following twice is a no-op. Returns the profile as the follower sees it."""
    try:
        return await _follow_changed(follower, username, following=True)
    except IntegrityError as exc:  # the account was deleted meanwhile
        raise NotFound("profile") from exc


async def profile_unfollow(*, follower: Viewer, username: str) -> ProfileView:
    """Stop following `username`; unfollowing someone not followed is a no-op."""
    return await _follow_changed(follower, username, following=False)
