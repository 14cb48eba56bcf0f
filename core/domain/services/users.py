"""Accounts: registration, login and profile changes."""

from typing import TypedDict

from django.db import IntegrityError
from django.utils import timezone

from core.domain.auth import account_suspended, password_hash, password_matches
from core.domain.errors import Conflict, ErrorBody, Invalid, Unauthorized
from core.domain.events.hub import tokens_revoked
from core.domain.models import User
from core.domain.models.users import identity_key
from core.domain.text import skeleton

TAKEN = "has already been taken"
LOOKS_TAKEN = "looks like another user's name"


class UserChanges(TypedDict, total=False):
    username: str
    email: str
    password: str
    bio: str | None
    image: str | None


async def _taken(*, username: str | None, email: str | None, exclude_id: int | None) -> ErrorBody:
    """The fields whose value another account already uses (caseless: `identity_key`)."""
    errors: ErrorBody = {}
    others = User.objects.exclude(pk=exclude_id) if exclude_id else User.objects.all()
    username_taken = others.filter(username_key=identity_key(username or ""))
    if username is not None and await username_taken.aexists():
        errors["username"] = [TAKEN]
    if email is not None and await others.filter(email_key=identity_key(email)).aexists():
        errors["email"] = [TAKEN]
    return errors


async def _look_alike(*, username: str, exclude_id: int | None) -> str:
    """The skeleton of `username`; `Invalid` if another account's name looks the same.

    (Checked before the write, not by a constraint: names stored before the rule may share a
    skeleton. Two look-alikes registered in the same instant can both pass.)"""
    shape = skeleton(username)
    others = User.objects.exclude(pk=exclude_id) if exclude_id else User.objects.all()
    alike = others.filter(username_skeleton=shape)
    if await alike.aexists():
        if await alike.filter(username_key=identity_key(username)).aexists():
            # The same name (caseless), committed by a concurrent request since `_taken` looked.
            raise Conflict({"username": [TAKEN]})
        raise Invalid({"username": [LOOKS_TAKEN]})
    return shape


async def user_register(*, username: str, email: str, password: str) -> User:
    """Create an account. `Conflict` names every field (username, email) already taken;
    `Invalid` if the username looks like another's (core.domain.text.skeleton)."""
    taken = await _taken(username=username, email=email, exclude_id=None)
    if taken:
        raise Conflict(taken)
    shape = await _look_alike(username=username, exclude_id=None)
    user = User(
        username=username,
        username_skeleton=shape,
        email=email,
        password=await password_hash(password),
    )
    try:
        await user.asave(force_insert=True)
    except IntegrityError as exc:  # lost a race with a concurrent registration
        raise Conflict(await _taken(username=username, email=email, exclude_id=None)) from exc
    return user


async def user_login(*, email: str, password: str) -> User:
    """The account with this email and password. Unknown email and wrong password look alike."""
    user = await User.objects.filter(email_key=identity_key(email)).afirst()
    if not await password_matches(password, user.password if user else None) or user is None:
        raise Unauthorized({"credentials": ["invalid"]})
    if user.suspended_at is not None:
        raise account_suspended()
    return user


async def user_update(*, user: User, changes: UserChanges, session: str = "") -> User:
    """Apply the given changes. A new password revokes every token issued before it except
    those of `session` (the one making the change), and ends the live streams those tokens
    opened (core.domain.events.hub.tokens_revoked)."""
    taken = await _taken(
        username=changes.get("username"), email=changes.get("email"), exclude_id=user.pk
    )
    if taken:
        raise Conflict(taken)
    fields = ["updated_at"]
    if "username" in changes:
        user.username_skeleton = await _look_alike(username=changes["username"], exclude_id=user.pk)
        fields.append("username_skeleton")
    for field in ("username", "email", "bio", "image"):
        if field in changes:
            setattr(user, field, changes[field])
            fields.append(field)
    if "password" in changes:
        user.password = await password_hash(changes["password"])
        user.token_epoch += 1
        user.token_kept_sid = session
        fields += ["password", "token_epoch", "token_kept_sid"]
    user.updated_at = timezone.now()
    try:
        await user.asave(update_fields=fields)
    except IntegrityError as exc:
        raise Conflict(
            await _taken(
                username=changes.get("username"), email=changes.get("email"), exclude_id=user.pk
            )
        ) from exc
    if "password" in changes:  # committed (autocommit): streams may now re-check the user
        tokens_revoked(user.pk)
    return user
