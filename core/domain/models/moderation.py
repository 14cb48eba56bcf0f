from django.db import models
from django.utils import timezone

from core.domain.limits import MODERATION_TARGET_MAX


class ModerationAction(models.Model):
    """The audit log: one row per moderation action, written in the action's transaction.

    Who acted is the staff account's username, not a foreign key: the log outlives staff
    accounts and the users and articles it names (a deleted article is only its slug here).
    """

    class Kind(models.TextChoices):
        SUSPEND = "suspend", "suspend user"
        LIFT = "lift", "lift suspension"
        DELETE_ARTICLE = "delete_article", "delete article"
        DELETE_COMMENT = "delete_comment", "delete comment"

    moderator = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Kind.choices)
    target = models.CharField(
        max_length=MODERATION_TARGET_MAX
    )  # "user jake", "article how-to", "comment 7 on …"
    target_user_id = models.BigIntegerField(
        null=True, blank=True
    )  # the user acted on or whose content
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "moderation_actions"
        indexes = [models.Index(fields=["-created_at"], name="moderation_newest_idx")]

    def __str__(self) -> str:
        return f"{self.moderator}: {self.get_action_display()} {self.target}"
