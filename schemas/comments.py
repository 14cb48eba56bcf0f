from pydantic import BaseModel

from schemas import examples
from schemas.common import Body
from schemas.examples import example
from schemas.fields import CommentBody, Timestamp
from schemas.profiles import Profile


class NewComment(BaseModel):
    model_config = example(examples.NEW_COMMENT)

    body: CommentBody


class Comment(Body):
    model_config = example(examples.COMMENT)

    id: int
    createdAt: Timestamp
    updatedAt: Timestamp
    body: str
    author: Profile


class NewCommentRequest(BaseModel):
    comment: NewComment


class SingleCommentResponse(Body):
    comment: Comment


class MultipleCommentsResponse(Body):
    comments: list[Comment]
