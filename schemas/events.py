"""Live events: the payloads streams carry (`data:` of each SSE event, `data` of each WebSocket
message). Each reuses the REST API's schemas, so a client has one `Article`, one `Comment`."""

from pydantic import BaseModel, Field

from core.domain.events.payloads import (
    ArticleGone,
    ArticleListed,
    CommentAdded,
    CommentGone,
    FavoritesCounted,
    FollowChanged,
    Payload,
    StreamReset,
)
from schemas import examples
from schemas.articles import ArticlePreview
from schemas.comments import Comment
from schemas.common import Body, dump
from schemas.examples import example
from schemas.profiles import Profile


class EventsTicketResponse(Body):
    model_config = example(examples.EVENTS_TICKET)

    ticket: str = Field(description="Pass as `ticket` to `GET /api/events`. Single use.")
    expiresIn: int = Field(description="Seconds the ticket stays valid.")


class ArticleEvent(Body):
    """`article.created`, `article.updated`: the article as an anonymous reader lists it."""

    model_config = example(examples.ARTICLE_EVENT)

    article: ArticlePreview
    previousSlug: str | None = Field(
        description="The slug before this update, when the title change gave a new one."
    )


class ArticleDeletedEvent(Body):
    """`article.deleted`."""

    model_config = example(examples.ARTICLE_DELETED_EVENT)

    slug: str


class FavoritesEvent(Body):
    """`article.favorites`: the article's favorites count changed."""

    model_config = example(examples.FAVORITES_EVENT)

    slug: str
    favoritesCount: int


class CommentEvent(Body):
    """`comment.created`."""

    model_config = example(examples.COMMENT_EVENT)

    slug: str
    comment: Comment


class CommentDeletedEvent(Body):
    """`comment.deleted`."""

    model_config = example(examples.COMMENT_DELETED_EVENT)

    slug: str
    id: int


class FollowEvent(Body):
    """`profile.followed`, `profile.unfollowed`: sent only to the follower (topic `user`)."""

    model_config = example(examples.FOLLOW_EVENT)

    profile: Profile


class ResetEvent(Body):
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


# Domain snapshot (core.domain.events.payloads) -> the model that documents its payload.
_MODEL_OF: dict[type[Payload], type[Body]] = {
    ArticleListed: ArticleEvent,
    ArticleGone: ArticleDeletedEvent,
    FavoritesCounted: FavoritesEvent,
    CommentAdded: CommentEvent,
    CommentGone: CommentDeletedEvent,
    FollowChanged: FollowEvent,
    StreamReset: ResetEvent,
}


def render_event(payload: Payload) -> str:
    """The JSON text of an event's payload, by its documented model (core.config registers this
    with core.domain.events.outbox at startup)."""
    return dump(_MODEL_OF[type(payload)], payload).decode()
