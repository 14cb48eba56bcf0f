from typing import Self

from pydantic import BaseModel

from core import models
from schemas import examples
from schemas.examples import example
from schemas.fields import CommentBody, Timestamp
from schemas.profiles import Profile


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

    @classmethod
    def of(cls, comment: models.Comment) -> Self:
        return cls(
            id=comment.pk,
            createdAt=comment.created_at,
            updatedAt=comment.updated_at,
            body=comment.body,
            author=Profile.of(comment.author, following=comment.author_following),
        )


class NewCommentRequest(BaseModel):
    comment: NewComment


class SingleCommentResponse(BaseModel):
    comment: Comment


class MultipleCommentsResponse(BaseModel):
    comments: list[Comment]
