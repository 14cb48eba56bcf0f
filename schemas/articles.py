from typing import Annotated, Self

from pydantic import BaseModel, Field, model_validator

from core.domain import limits
from schemas import examples
from schemas.common import Body
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


class ArticlePreview(Body):
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


class NewArticleRequest(BaseModel):
    article: NewArticle


class UpdateArticleRequest(BaseModel):
    article: UpdateArticle


class SingleArticleResponse(Body):
    article: Article


# Read from a `Page` (core.domain.selectors.articles), whose `count` is `articlesCount`.
class MultipleArticlesResponse(Body):
    articles: list[ArticlePreview]
    articlesCount: int = Field(
        description="How many articles match, over all pages.",
        examples=[1],
        validation_alias="count",
    )
