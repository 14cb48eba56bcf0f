from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from core.domain.limits import BIO_MAX, EMAIL_MAX, IMAGE_URL_MAX, USERNAME_MAX


class User(models.Model):
    username = models.CharField(max_length=USERNAME_MAX, unique=True)
    email = models.CharField(max_length=EMAIL_MAX)
    password = models.CharField(max_length=256)  # a Django password hash, never the password
    # The contract has one "none" for these, null (never ""), so the column stores NULL.
    bio = models.TextField(max_length=BIO_MAX, null=True, blank=True)  # noqa: DJ001
    image = models.URLField(max_length=IMAGE_URL_MAX, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Tokens (core.domain.auth.token_current): a password change bumps the epoch and keeps the
    # session that made it; tokens of earlier epochs from any other session are revoked.
    token_epoch = models.BigIntegerField(default=0)
    token_kept_sid = models.CharField(max_length=64, default="", blank=True)

    class Meta:
        db_table = "users"
        constraints = [
            # "Jake" and "jake" would be indistinguishable to people: one account per spelling.
            models.UniqueConstraint(Lower("username"), name="users_username_ci_unique"),
            models.UniqueConstraint(Lower("email"), name="users_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.username


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
