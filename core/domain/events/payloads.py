"""What each event says, as the domain knows it.

Services record one of these snapshots (built from the views their write already has); the wire
format is not theirs to know. `schemas.events` renders each to the JSON its documented model
describes, through the renderer the configuration registers at startup (outbox.set_renderer).
"""

from dataclasses import dataclass

from core.domain.selectors.articles import ArticleView
from core.domain.selectors.comments import CommentView
from core.domain.selectors.profiles import ProfileView


@dataclass(frozen=True, slots=True)
class ArticleListed:
    """`article.created`, `article.updated`: the article as an anonymous reader lists it."""

    article: ArticleView
    previous_slug: str | None


@dataclass(frozen=True, slots=True)
class ArticleGone:
    """`article.deleted`."""

    slug: str


@dataclass(frozen=True, slots=True)
class FavoritesCounted:
    """`article.favorites`."""

    slug: str
    favorites_count: int


@dataclass(frozen=True, slots=True)
class CommentAdded:
    """`comment.created`."""

    slug: str
    comment: CommentView


@dataclass(frozen=True, slots=True)
class CommentGone:
    """`comment.deleted`."""

    slug: str
    id: int


@dataclass(frozen=True, slots=True)
class FollowChanged:
    """`profile.followed`, `profile.unfollowed`: the profile as the follower now sees it."""

    profile: ProfileView


@dataclass(frozen=True, slots=True)
class StreamReset:
    """`reset`: not recorded; a stream sends it first when it cannot resume (subscription)."""

    reason: str


Payload = (
    ArticleListed
    | ArticleGone
    | FavoritesCounted
    | CommentAdded
    | CommentGone
    | FollowChanged
    | StreamReset
)
