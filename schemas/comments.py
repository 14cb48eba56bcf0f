from typing import Any

from pydantic import BaseModel

from core.domain.selectors.comments import CommentView
from schemas import examples
from schemas.examples import example
from schemas.fields import CommentBody, Timestamp, iso_millis
from schemas.profiles import Profile, profile_json


class NewComment(BaseModel):
    model_config = example(examples.NEW_COMMENT)

    body: CommentBody


class Comment(BaseModel):
    model_config = example(examples.COMMENT)

    id: int
    createdAt: Timestamp
    updatedAt: Timestamp
    body: str
    author: Profile


def comment_json(comment: CommentView) -> dict[str, Any]:
    """A `Comment` on the wire."""
    return {
        "id": comment.id,
        "createdAt": iso_millis(comment.created_at),
        "updatedAt": iso_millis(comment.updated_at),
        "body": comment.body,
        "author": profile_json(comment.author),
    }


class NewCommentRequest(BaseModel):
    comment: NewComment


class SingleCommentResponse(BaseModel):
    comment: Comment


class MultipleCommentsResponse(BaseModel):
    comments: list[Comment]
