from django.db import models
from django.utils import timezone

from core.domain.limits import COMMENT_MAX
from core.domain.models.articles import Article
from core.domain.models.users import User


class Comment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "comments"
        indexes = [
            models.Index(fields=["article", "created_at", "id"], name="comments_article_idx")
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.article_id}"
