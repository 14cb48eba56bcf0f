"""Live events: the payloads streams carry (`data:` of each SSE event, `data` of each WebSocket
message). Each reuses the REST API's schemas, so a client has one `Article`, one `Comment`."""

from typing import Any

from pydantic import BaseModel, Field

from core.domain.selectors.articles import ArticleView
from core.domain.selectors.comments import CommentView
from core.domain.selectors.profiles import ProfileView
from schemas import examples
from schemas.articles import ArticlePreview, article_json
from schemas.comments import Comment, comment_json
from schemas.examples import example
from schemas.profiles import Profile, profile_json


class EventsTicketResponse(BaseModel):
    model_config = example(examples.EVENTS_TICKET)

    ticket: str = Field(description="Pass as `ticket` to `GET /api/events`. Single use.")
    expiresIn: int = Field(description="Seconds the ticket stays valid.")


class ArticleEvent(BaseModel):
    """`article.created`, `article.updated`: the article as an anonymous reader lists it."""

    model_config = example(examples.ARTICLE_EVENT)

    article: ArticlePreview
    previousSlug: str | None = Field(
        description="The slug before this update, when the title change gave a new one."
    )


class ArticleDeletedEvent(BaseModel):
    """`article.deleted`."""

    model_config = example(examples.ARTICLE_DELETED_EVENT)

    slug: str


class FavoritesEvent(BaseModel):
    """`article.favorites`: the article's favorites count changed."""

    model_config = example(examples.FAVORITES_EVENT)

    slug: str
    favoritesCount: int


class CommentEvent(BaseModel):
    """`comment.created`."""

    model_config = example(examples.COMMENT_EVENT)

    slug: str
    comment: Comment


class CommentDeletedEvent(BaseModel):
    """`comment.deleted`."""

    model_config = example(examples.COMMENT_DELETED_EVENT)

    slug: str
    id: int


class FollowEvent(BaseModel):
    """`profile.followed`, `profile.unfollowed`: sent only to the follower (topic `user`)."""

    model_config = example(examples.FOLLOW_EVENT)

    profile: Profile


class ResetEvent(BaseModel):
    """`reset`: the events since the given id are no longer kept: reload, then continue."""

    model_config = example(examples.RESET_EVENT)

    reason: str


# Event name -> payload schema, as documented for `GET /api/events`.
EVENT_SCHEMAS: dict[str, type[BaseModel]] = {
    "article.created": ArticleEvent,
    "article.updated": ArticleEvent,
    "article.deleted": ArticleDeletedEvent,
    "article.favorites": FavoritesEvent,
    "comment.created": CommentEvent,
    "comment.deleted": CommentDeletedEvent,
    "profile.followed": FollowEvent,
    "profile.unfollowed": FollowEvent,
    "reset": ResetEvent,
}


def article_event_json(article: ArticleView, *, previous_slug: str | None) -> dict[str, Any]:
    return {"article": article_json(article), "previousSlug": previous_slug}


def comment_event_json(slug: str, comment: CommentView) -> dict[str, Any]:
    return {"slug": slug, "comment": comment_json(comment)}


def follow_event_json(profile: ProfileView) -> dict[str, Any]:
    return {"profile": profile_json(profile)}
