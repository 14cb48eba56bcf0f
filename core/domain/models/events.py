from django.db import models
from django.utils import timezone

from core.domain.limits import SLUG_MAX


class Event(models.Model):
    """A domain event in the outbox: written in the transaction of the change it describes.

    Ids are allocated and committed in increasing order (core.domain.events.outbox), so "every event
    after id N" is a range read that a later commit can never add to below its end. The routing
    columns say which topics an event belongs to; `data` is its payload as sent, in JSON.
    No foreign keys: an event outlives the rows it describes (an `article.deleted` names a
    slug that no longer exists).
    """

    id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=32)
    data = models.TextField()
    # The article's slug, and its slug before an update that changed it (`article:<slug>`).
    # NULL, not "": matched with IN, which must never match an event without a slug.
    slug = models.CharField(max_length=SLUG_MAX, null=True)  # noqa: DJ001
    previous_slug = models.CharField(max_length=SLUG_MAX, null=True)  # noqa: DJ001
    # The article's author, or the followee of a follow event (the `feed` topic).
    author_id = models.BigIntegerField(null=True)
    # The only user to see it (the `user` topic); NULL for a public event (`articles`).
    recipient_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "events"
        indexes = [models.Index(fields=["created_at"], name="events_created_idx")]

    def __str__(self) -> str:
        return f"event {self.pk} {self.name}"
