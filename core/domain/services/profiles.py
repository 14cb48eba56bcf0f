"""Following and unfollowing other users.

Each records an event for the follower only (topic `user`), which also moves their live feed.
"""

from django.db import IntegrityError

from core.domain import sql
from core.domain.auth import Viewer, viewer_confirmed_with
from core.domain.db import atomic, link_set
from core.domain.errors import Invalid, NotFound
from core.domain.events.outbox import record
from core.domain.events.payloads import FollowChanged
from core.domain.selectors.profiles import ProfileView


@atomic
def _follow_changed(viewer: Viewer, username: str, *, following: bool) -> ProfileView:
    """Follow or unfollow and record the event: one transaction (the token's check with the
    followee, the change, the event lock, the event). The profile as the follower now sees it:
    what the write has."""
    followee = viewer_confirmed_with(viewer, sql.VIEWER_USER, {"username": username})
    if followee.id is None:
        raise NotFound("profile")
    if followee.id == viewer.id:
        raise Invalid({"profile": ["cannot follow yourself"]})
    link_set("follows", ("follower_id", "followee_id"), (viewer.id, followee.id), linked=following)
    profile = ProfileView(
        username=followee.username, bio=followee.bio, image=followee.image, following=following
    )
    record(
        "profile.followed" if following else "profile.unfollowed",
        lambda: FollowChanged(profile),
        author_id=followee.id,
        recipient_id=viewer.id,
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
