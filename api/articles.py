from typing import Annotated, cast

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from pydantic import Field, StringConstraints, field_validator

from api.auth import deferred_token, optional_token, session, viewer, writer
from api.params import ArticleSlug
from api.rendering import respond
from api.responses import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORIZED
from core.domain.selectors.articles import article_feed, article_get, article_list
from core.domain.services.articles import (
    ArticleChanges,
    article_create,
    article_delete,
    article_update,
)
from schemas.articles import (
    MultipleArticlesResponse,
    NewArticleRequest,
    SingleArticleResponse,
    UpdateArticleRequest,
)
from schemas.common import PageParams

router = Router(tags=["Articles"])


# No tag or username holds a NUL (and PostgreSQL refuses one in a query): such a filter is 422.
FilterText = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$")]


class ArticleFilters(PageParams):
    tag: FilterText | None = Field(default=None, description="Only articles with this tag.")
    author: FilterText | None = Field(default=None, description="Only articles by this username.")
    favorited: FilterText | None = Field(
        default=None, description="Only articles favorited by this username."
    )

    @field_validator("tag", "author", "favorited")
    @classmethod
    def _empty_is_absent(cls, value: str | None) -> str | None:
        return value or None


@router.get(
    "/articles/feed",
    auth=deferred_token,
    response={200: MultipleArticlesResponse, **UNAUTHORIZED, **INVALID},
    operation_id="GetArticlesFeed",
    summary="Get recent articles from users you follow",
    description="Most recent articles by the users you follow, newest first. Auth is required.",
)
async def feed(request: HttpRequest, page: Query[PageParams]) -> HttpResponse:
    found = await article_feed(viewer=session(request).viewer, limit=page.limit, offset=page.offset)
    return respond(MultipleArticlesResponse, found)


@router.get(
    "/articles",
    auth=optional_token,
    response={200: MultipleArticlesResponse, **UNAUTHORIZED, **INVALID},
    operation_id="GetArticles",
    summary="Get recent articles globally",
    description=(
        "Most recent articles globally, newest first, filtered by tag, author and/or favoriting "
        "user. List items carry no body. Auth is optional."
    ),
)
async def list_articles(request: HttpRequest, filters: Query[ArticleFilters]) -> HttpResponse:
    page = await article_list(
        viewer=viewer(request),
        tag=filters.tag,
        author=filters.author,
        favorited=filters.favorited,
        limit=filters.limit,
        offset=filters.offset,
    )
    return respond(MultipleArticlesResponse, page)


@router.post(
    "/articles",
    auth=deferred_token,
    response={201: SingleArticleResponse, **UNAUTHORIZED, **CONFLICT, **INVALID},
    operation_id="CreateArticle",
    summary="Create an article",
    description="Create an article. Its slug comes from the title, made unique. Auth is required.",
)
async def create_article(request: HttpRequest, payload: NewArticleRequest) -> HttpResponse:
    new = payload.article
    article = await article_create(
        author=writer(request),
        title=new.title,
        description=new.description,
        body=new.body,
        tag_list=new.tagList,
    )
    return respond(SingleArticleResponse, {"article": article}, status=201)


@router.get(
    "/articles/{slug}",
    auth=optional_token,
    response={200: SingleArticleResponse, **UNAUTHORIZED, **NOT_FOUND, **INVALID},
    operation_id="GetArticle",
    summary="Get an article",
    description="Get an article. Auth is optional.",
)
async def get_article(request: HttpRequest, slug: ArticleSlug) -> HttpResponse:
    article = await article_get(slug=slug, viewer=viewer(request))
    return respond(SingleArticleResponse, {"article": article})


@router.put(
    "/articles/{slug}",
    auth=deferred_token,
    response={200: SingleArticleResponse, **UNAUTHORIZED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    operation_id="UpdateArticle",
    summary="Update an article",
    description=(
        "Update your article; only the fields sent change. A new title gives a new slug. "
        "Auth is required."
    ),
)
async def update_article(
    request: HttpRequest, slug: ArticleSlug, payload: UpdateArticleRequest
) -> HttpResponse:
    fields = payload.article.model_dump(exclude_unset=True)
    if "tagList" in fields:
        fields["tag_list"] = fields.pop("tagList")
    article = await article_update(
        slug=slug, viewer=writer(request), changes=cast(ArticleChanges, fields)
    )
    return respond(SingleArticleResponse, {"article": article})


@router.delete(
    "/articles/{slug}",
    auth=deferred_token,
    response={204: None, **UNAUTHORIZED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    operation_id="DeleteArticle",
    summary="Delete an article",
    description="Delete your article, with its comments. Auth is required.",
)
async def delete_article(request: HttpRequest, slug: ArticleSlug) -> Status[None]:
    await article_delete(slug=slug, viewer=writer(request))
    return Status(204, None)
