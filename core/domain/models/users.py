import unicodedata
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from core.domain.limits import BIO_MAX, EMAIL_MAX, IMAGE_URL_MAX, SESSION_ID_MAX, USERNAME_MAX

# NFKC casefolding can lengthen a text ("ß" → "ss", "ﬃ" → "ffi"): at most 3 characters each.
KEY_MAX_FACTOR = 3


def identity_key(value: str) -> str:
    """The caseless form of a username or email (Unicode NFKC casefold, as Python computes
    it): two values with the same key are one account, on SQLite and PostgreSQL alike (their
    own LOWER() disagree: SQLite folds ASCII only)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())


class User(models.Model):
    username = models.CharField(max_length=USERNAME_MAX, unique=True)
    # What the name looks like (core.domain.text.skeleton): a second name that looks the same is
    # refused. Room for NFKC's expansions.
    username_skeleton = models.CharField(max_length=USERNAME_MAX * 4, db_index=True, default="")
    email = models.CharField(max_length=EMAIL_MAX)
    # "Jake" and "jake", "Ärger@x" and "ärger@x" would be indistinguishable to people: one
    # account per caseless spelling. Derived from the fields above by `save` (below).
    username_key = models.CharField(max_length=USERNAME_MAX * KEY_MAX_FACTOR, unique=True)
    email_key = models.CharField(max_length=EMAIL_MAX * KEY_MAX_FACTOR, unique=True)
    password = models.CharField(max_length=256)  # a Django password hash, never the password
    # The contract has one "none" for these, null (never ""), so the column stores NULL.
    bio = models.TextField(max_length=BIO_MAX, null=True, blank=True)  # noqa: DJ001
    image = models.URLField(max_length=IMAGE_URL_MAX, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Tokens (core.domain.auth.token_current): a password change bumps the epoch and keeps the
    # session that made it; tokens of earlier epochs from any other session are revoked.
    token_epoch = models.BigIntegerField(default=0)
    token_kept_sid = models.CharField(max_length=SESSION_ID_MAX, default="", blank=True)
    # Set by a moderator (core.domain.services.moderation): while set, the account's tokens get
    # 403 and its articles and comments are hidden from every read.
    suspended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "users"
        indexes = [
            # Reads exclude the (few) suspended authors: this index holds only them.
            models.Index(
                fields=["suspended_at"],
                condition=models.Q(suspended_at__isnull=False),
                name="users_suspended_idx",
            )
        ]

    def __str__(self) -> str:
        return self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The keys are derived data, not a business rule: kept here so that every writer (the
        # services, an admin, a shell) keeps them in step with the values.
        self.username_key = identity_key(self.username)
        self.email_key = identity_key(self.email)
        fields: Iterable[str] | None = kwargs.get("update_fields")
        if fields is not None:
            fields = set(fields)
            if "username" in fields:
                fields.add("username_key")
            if "email" in fields:
                fields.add("email_key")
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)


class Follow(models.Model):
    pk = models.CompositePrimaryKey("follower_id", "followee_id")
    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_set")
    followee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_set")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "follows"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followee")), name="follows_not_self"
            ),
        ]
        indexes = [models.Index(fields=["followee", "follower"], name="follows_followee_idx")]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.followee_id}"
