from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.auth import deferred_token, writer
from api.params import ArticleSlug
from api.rendering import respond
from api.responses import INVALID, NOT_FOUND, UNAUTHORIZED
from core.domain.services.articles import article_favorite, article_unfavorite
from schemas.articles import SingleArticleResponse

router = Router(tags=["Favorites"])

RESPONSES = {200: SingleArticleResponse, **UNAUTHORIZED, **NOT_FOUND, **INVALID}


@router.post(
    "/articles/{slug}/favorite",
    auth=deferred_token,
    response=RESPONSES,
    operation_id="CreateArticleFavorite",
    summary="Favorite an article",
    description="Favorite an article; favoriting twice is harmless. Auth is required.",
)
async def favorite(request: HttpRequest, slug: ArticleSlug) -> HttpResponse:
    article = await article_favorite(slug=slug, viewer=writer(request))
    return respond(SingleArticleResponse, {"article": article})


@router.delete(
    "/articles/{slug}/favorite",
    auth=deferred_token,
    response=RESPONSES,
    operation_id="DeleteArticleFavorite",
    summary="Unfavorite an article",
    description="Remove your favorite; harmless if there is none. Auth is required.",
)
async def unfavorite(request: HttpRequest, slug: ArticleSlug) -> HttpResponse:
    article = await article_unfavorite(slug=slug, viewer=writer(request))
    return respond(SingleArticleResponse, {"article": article})
