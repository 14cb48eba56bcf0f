from typing import Annotated, Any, Self

from pydantic import BaseModel, Field, model_validator

from core.domain import limits
from core.domain.selectors.articles import ArticleView, Page
from schemas import examples
from schemas.examples import example
from schemas.fields import ArticleBody, Description, TagName, Timestamp, Title, iso_millis, unset
from schemas.profiles import Profile, profile_json

TagList = Annotated[
    list[TagName],
    Field(
        max_length=limits.TAGS_PER_ARTICLE_MAX,
        description="Tags in the order given; duplicates are dropped.",
    ),
]


class NewArticle(BaseModel):
    model_config = example(examples.NEW_ARTICLE)

    title: Title
    description: Description
    body: ArticleBody
    tagList: TagList = Field(default_factory=list)


class UpdateArticle(BaseModel):
    """Only the fields present change. Without `tagList` the tags stay; `[]` removes them."""

    model_config = example(examples.UPDATE_ARTICLE, minProperties=1)

    title: Title = unset()
    description: Description = unset()
    body: ArticleBody = unset()
    tagList: TagList = unset()

    @model_validator(mode="after")
    def _something_to_change(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("must contain at least one field")
        return self


class ArticlePreview(BaseModel):
    """An article in a list: everything but the body."""

    model_config = example(examples.ARTICLE_PREVIEW)

    slug: str
    title: str
    description: str
    tagList: list[str]
    createdAt: Timestamp
    updatedAt: Timestamp
    favorited: bool
    favoritesCount: int
    author: Profile


class Article(ArticlePreview):
    model_config = example(examples.ARTICLE)

    body: str


def article_json(article: ArticleView) -> dict[str, Any]:
    """An `Article` on the wire, or an `ArticlePreview` for a view without a body (lists)."""
    data = {
        "slug": article.slug,
        "title": article.title,
        "description": article.description,
        "tagList": article.tag_list,
        "createdAt": iso_millis(article.created_at),
        "updatedAt": iso_millis(article.updated_at),
        "favorited": article.favorited,
        "favoritesCount": article.favorites_count,
        "author": profile_json(article.author),
    }
    if article.body is not None:
        data["body"] = article.body
    return data


def page_json(page: Page) -> dict[str, Any]:
    """A `MultipleArticlesResponse` on the wire."""
    return {"articles": [article_json(a) for a in page.articles], "articlesCount": page.count}


class NewArticleRequest(BaseModel):
    article: NewArticle


class UpdateArticleRequest(BaseModel):
    article: UpdateArticle


class SingleArticleResponse(BaseModel):
    article: Article


class MultipleArticlesResponse(BaseModel):
    articles: list[ArticlePreview]
    articlesCount: int = Field(description="How many articles match, over all pages.", examples=[1])
