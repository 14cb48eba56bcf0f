from django.db import models
from django.utils import timezone

from core.domain.limits import DESCRIPTION_MAX, SLUG_MAX, TAG_MAX, TITLE_MAX
from core.domain.models.users import User


class Article(models.Model):
    slug = models.SlugField(max_length=SLUG_MAX, unique=True, allow_unicode=True)
    title = models.CharField(max_length=TITLE_MAX)
    description = models.CharField(max_length=DESCRIPTION_MAX)
    body = models.TextField()
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="articles")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "articles"
        indexes = [
            # Every list is newest first, with the id as a tie-breaker for stable pages.
            models.Index(fields=["-created_at", "-id"], name="articles_newest_idx"),
            models.Index(
                fields=["author", "-created_at", "-id"], name="articles_author_newest_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.slug


class Tag(models.Model):
    name = models.CharField(max_length=TAG_MAX, unique=True)
    # How many articles use it, kept by the article services (core.domain.services.tags), so
    # the most used tags are read from an index instead of counting every tag use.
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "tags"
        indexes = [models.Index(fields=["-uses", "name"], name="tags_most_used_idx")]

    def __str__(self) -> str:
        return self.name


class ArticleTag(models.Model):
    """An article's tag, with its position in the list the author gave."""

    pk = models.CompositePrimaryKey("article_id", "tag_id")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="article_tags")
    position = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "article_tags"
        indexes = [models.Index(fields=["tag", "article"], name="article_tags_tag_idx")]

    def __str__(self) -> str:
        return f"{self.article_id}#{self.tag_id}"


class Favorite(models.Model):
    pk = models.CompositePrimaryKey("user_id", "article_id")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="favorites")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="favorites")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "favorites"
        indexes = [models.Index(fields=["article", "user"], name="favorites_article_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ {self.article_id}"
