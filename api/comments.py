from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from api.auth import deferred_token, optional_token, viewer, writer
from api.params import ArticleSlug, CommentId
from api.rendering import respond
from api.responses import FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORIZED
from core.domain.selectors.comments import comment_list
from core.domain.services.comments import comment_create, comment_delete
from schemas.comments import (
    MultipleCommentsResponse,
    NewCommentRequest,
    SingleCommentResponse,
)

router = Router(tags=["Comments"])


@router.get(
    "/articles/{slug}/comments",
    auth=optional_token,
    response={200: MultipleCommentsResponse, **UNAUTHORIZED, **NOT_FOUND, **INVALID},
    operation_id="GetArticleComments",
    summary="Get comments for an article",
    description="The comments on an article, newest first. Auth is optional.",
)
async def list_comments(request: HttpRequest, slug: ArticleSlug) -> HttpResponse:
    comments = await comment_list(slug=slug, viewer=viewer(request))
    return respond(MultipleCommentsResponse, {"comments": comments})


@router.post(
    "/articles/{slug}/comments",
    auth=deferred_token,
    response={201: SingleCommentResponse, **UNAUTHORIZED, **NOT_FOUND, **INVALID},
    operation_id="CreateArticleComment",
    summary="Create a comment for an article",
    description="Comment on an article. Auth is required.",
)
async def create_comment(
    request: HttpRequest, slug: ArticleSlug, payload: NewCommentRequest
) -> HttpResponse:
    comment = await comment_create(slug=slug, author=writer(request), body=payload.comment.body)
    return respond(SingleCommentResponse, {"comment": comment}, status=201)


@router.delete(
    "/articles/{slug}/comments/{id}",
    auth=deferred_token,
    response={204: None, **UNAUTHORIZED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    operation_id="DeleteArticleComment",
    summary="Delete a comment for an article",
    description="Delete your own comment. Auth is required.",
)
async def delete_comment(request: HttpRequest, slug: ArticleSlug, id: CommentId) -> Status[None]:
    await comment_delete(slug=slug, comment_id=id, viewer=writer(request))
    return Status(204, None)
