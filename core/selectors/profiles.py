"""Reads of profiles: a user as another user (the viewer) sees them."""

from django.db.models import Exists, OuterRef, QuerySet, Value

from core.errors import NotFound
from core.models import Follow, User


def following_flag(viewer: User | None, followee_ref: str) -> Exists | Value:
    """`True` where the viewer follows the user that `followee_ref` points at."""
    if viewer is None:
        return Value(False)
    return Exists(Follow.objects.filter(follower_id=viewer.pk, followee_id=OuterRef(followee_ref)))


def profiles(viewer: User | None) -> QuerySet[User]:
    """Users annotated with `following` for the viewer."""
    # The model declares `following` for type checkers; django-stubs sees a redefinition.
    return User.objects.annotate(following=following_flag(viewer, "pk"))  # type: ignore[no-redef]


async def profile_get(*, username: str, viewer: User | None) -> User:
    """The profile named `username` (exact match), with `following` set. One query."""
    profile = await profiles(viewer).filter(username=username).afirst()
    if profile is None:
        raise NotFound("profile")
    return profile
