"""The topics a stream subscribes to, parsed from `articles,article:<slug>,feed,user`."""

from dataclasses import dataclass, field

from core.domain.errors import Invalid, Unauthorized
from core.domain.limits import SLUG_MAX, TOPICS_PER_STREAM_MAX

PUBLIC = "articles"
FEED = "feed"
USER = "user"
ARTICLE_PREFIX = "article:"
# A slug in a topic name: anything but the separator, spaces and control characters (as a
# regex character class, for the OpenAPI document: api/event_docs.py).
SLUG_CHARACTER = r"[^,\s\u0000-\u001f\u007f]"
_CONTROL = frozenset(map(chr, [*range(0x20), 0x7F]))


@dataclass
class Topics:
    articles: bool = False
    slugs: set[str] = field(default_factory=set)
    feed: bool = False
    user: bool = False

    @property
    def needs_auth(self) -> bool:
        return self.feed or self.user

    def check_viewer(self, viewer: object | None) -> None:
        """`Unauthorized` if these topics need a signed-in user and there is none."""
        if self.needs_auth and viewer is None:
            raise Unauthorized({"token": ["is missing (the feed and user topics need one)"]})

    def names(self) -> list[str]:
        found = [PUBLIC] if self.articles else []
        found += [f"{ARTICLE_PREFIX}{slug}" for slug in sorted(self.slugs)]
        found += [FEED] if self.feed else []
        found += [USER] if self.user else []
        return found

    def __or__(self, other: "Topics") -> "Topics":
        return Topics(
            articles=self.articles or other.articles,
            slugs=self.slugs | other.slugs,
            feed=self.feed or other.feed,
            user=self.user or other.user,
        )

    def __sub__(self, other: "Topics") -> "Topics":
        return Topics(
            articles=self.articles and not other.articles,
            slugs=self.slugs - other.slugs,
            feed=self.feed and not other.feed,
            user=self.user and not other.user,
        )

    def __bool__(self) -> bool:
        return self.articles or bool(self.slugs) or self.feed or self.user


def parse_topics(names: list[str]) -> Topics:
    """Topics from their names; `Invalid` (422, field `topics`) for an unknown or empty one."""
    names = [name.strip() for name in names if name.strip()]
    if not names:
        raise Invalid({"topics": ["must name at least one topic"]})
    if len(names) > TOPICS_PER_STREAM_MAX:
        raise Invalid({"topics": [f"at most {TOPICS_PER_STREAM_MAX} topics"]})
    topics = Topics()
    for name in names:
        if name == PUBLIC:
            topics.articles = True
        elif name == FEED:
            topics.feed = True
        elif name == USER:
            topics.user = True
        elif name.startswith(ARTICLE_PREFIX) and _is_slug(name[len(ARTICLE_PREFIX) :]):
            topics.slugs.add(name[len(ARTICLE_PREFIX) :])
        else:
            raise Invalid(
                {
                    "topics": [
                        f"unknown topic {name[:80]!r}: use articles, article:<slug>, feed, user"
                    ]
                }
            )
    return topics


def _is_slug(slug: str) -> bool:
    return (
        0 < len(slug) <= SLUG_MAX
        and "," not in slug
        and _CONTROL.isdisjoint(slug)
        and not any(character.isspace() for character in slug)
    )
