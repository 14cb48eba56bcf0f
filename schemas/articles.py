from typing import Annotated, Any, Self

from pydantic import BaseModel, Field, model_validator

from core import limits, models
from schemas import examples
from schemas.examples import example
from schemas.fields import ArticleBody, Description, TagName, Timestamp, Title, unset
from schemas.profiles import Profile

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

    @classmethod
    def of(cls, article: models.Article) -> Self:
        return cls(**_preview_fields(article))


class Article(ArticlePreview):
    model_config = example(examples.ARTICLE)

    body: str

    @classmethod
    def of(cls, article: models.Article) -> Self:
        return cls(**_preview_fields(article), body=article.body)


def _preview_fields(article: models.Article) -> dict[str, Any]:
    return {
        "slug": article.slug,
        "title": article.title,
        "description": article.description,
        "tagList": article.tag_list,
        "createdAt": article.created_at,
        "updatedAt": article.updated_at,
        "favorited": article.favorited,
        "favoritesCount": article.favorites_count,
        "author": Profile.of(article.author, following=article.author_following),
    }


class NewArticleRequest(BaseModel):
    article: NewArticle


class UpdateArticleRequest(BaseModel):
    article: UpdateArticle


class SingleArticleResponse(BaseModel):
    article: Article


class MultipleArticlesResponse(BaseModel):
    articles: list[ArticlePreview]
    articlesCount: int = Field(description="How many articles match, over all pages.", examples=[1])
