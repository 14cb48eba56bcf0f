"""Test data, built through the same services the API uses."""

import itertools

from core.domain.auth import Viewer
from core.domain.models import Article, Comment, User
from core.domain.services.articles import article_create, article_favorite
from core.domain.services.comments import comment_create
from core.domain.services.users import user_register

PASSWORD = "correct horse battery"
_ids = itertools.count(1)


async def user(username: str | None = None, *, email: str | None = None) -> User:
    n = next(_ids)
    username = username or f"user{n}"
    return await user_register(
        username=username, email=email or f"{username}@example.com", password=PASSWORD
    )


async def article(
    author: User,
    *,
    title: str | None = None,
    description: str = "A description",
    body: str = "Some *Markdown* body",
    tags: list[str] | None = None,
) -> Article:
    created = await article_create(
        author=Viewer.of(author),
        title=title or f"Article {next(_ids)}",
        description=description,
        body=body,
        tag_list=tags or [],
    )
    return await Article.objects.aget(slug=created.slug)


async def comment(article: Article, author: User, body: str = "Nice article") -> Comment:
    created = await comment_create(slug=article.slug, author=Viewer.of(author), body=body)
    return await Comment.objects.aget(pk=created.id)


async def favorite(article: Article, user: User) -> None:
    await article_favorite(slug=article.slug, viewer=Viewer.of(user))


async def favoriters(article: Article) -> list[str]:
    """Usernames of the users who favorited `article`."""
    users = User.objects.filter(favorites__article=article).order_by("username")
    return [name async for name in users.values_list("username", flat=True)]
