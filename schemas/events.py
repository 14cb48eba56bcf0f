"""Live events: the payloads streams carry (`data:` of each SSE event, `data` of each WebSocket
message). Each reuses the REST API's schemas, so a client has one `Article`, one `Comment`."""

from typing import Any

import orjson
from pydantic import BaseModel, Field

from core.domain.events.payloads import (
    ArticleGone,
    ArticleListed,
    CommentAdded,
    CommentGone,
    FavoritesCounted,
    FollowChanged,
    Payload,
)
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


def _event_json(payload: Payload) -> dict[str, Any]:
    match payload:
        case ArticleListed(article=article, previous_slug=previous_slug):
            return {"article": article_json(article), "previousSlug": previous_slug}
        case ArticleGone(slug=slug):
            return {"slug": slug}
        case FavoritesCounted(slug=slug, favorites_count=count):
            return {"slug": slug, "favoritesCount": count}
        case CommentAdded(slug=slug, comment=comment):
            return {"slug": slug, "comment": comment_json(comment)}
        case CommentGone(slug=slug, id=comment_id):
            return {"slug": slug, "id": comment_id}
        case FollowChanged(profile=profile):
            return {"profile": profile_json(profile)}


def render_event(payload: Payload) -> str:
    """The JSON text of an event's payload (core.domain.events.outbox registers this)."""
    return orjson.dumps(_event_json(payload)).decode()
