"""The routing rule (core/domain/events/routing.py) in its two forms agrees with itself: for
every kind of topic and every kind of event, the outbox's SQL filter (`matching`, what a
resuming stream reads) selects exactly the events the Python predicate (`accepts`, what a live
stream lets through) accepts, and both are the table's expectation. The hub's keys offer every
accepted event to its stream. Runs on PostgreSQL and on SQLite (DATABASE_URL unset)."""

from dataclasses import dataclass

import pytest

from core.domain.events.outbox import after
from core.domain.events.routing import accepts, author_key, event_keys, matching, stream_keys
from core.domain.events.topics import Topics, parse_topics
from core.domain.models import Event, Follow, User

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Kind:
    name: str
    slug: str | None = None
    previous_slug: str | None = None
    author: str | None = None
    recipient: str | None = None


# Every kind of event the services record, and one that names an article but is private.
EVENTS = {
    "created by a followed author": Kind("article.created", "a", author="followed"),
    "created by a stranger": Kind("article.created", "b", author="stranger"),
    "renamed from a to a2": Kind("article.updated", "a2", previous_slug="a", author="followed"),
    "favorites of a": Kind("article.favorites", "a"),
    "comment on b": Kind("comment.created", "b"),
    "comment deleted on b": Kind("comment.deleted", "b"),
    "c deleted": Kind("article.deleted", "c", author="followed"),
    "me following": Kind("profile.followed", author="followed", recipient="me"),
    "other unfollowing": Kind("profile.unfollowed", author="followed", recipient="other"),
    "private, naming a": Kind("article.created", "a", author="followed", recipient="me"),
}
PUBLIC = {label for label, kind in EVENTS.items() if kind.recipient is None}

# (topic names, whose stream, the events it receives)
TABLE: list[tuple[str, str | None, set[str]]] = [
    ("articles", None, PUBLIC),
    ("articles", "me", PUBLIC),
    ("article:a", None, {"created by a followed author", "renamed from a to a2", "favorites of a"}),
    ("article:a2", None, {"renamed from a to a2"}),
    (
        "article:b,article:c",
        None,
        {"created by a stranger", "comment on b", "comment deleted on b", "c deleted"},
    ),
    ("article:nowhere", "me", set()),
    ("feed", "me", {"created by a followed author"}),
    ("feed", "stranger", set()),  # follows no one
    ("user", "me", {"me following", "private, naming a"}),
    ("user", "other", {"other unfollowing"}),
    ("feed,user", "me", {"created by a followed author", "me following", "private, naming a"}),
    (
        "article:a,user",
        "me",
        {
            "created by a followed author",
            "renamed from a to a2",
            "favorites of a",
            "me following",
            "private, naming a",
        },
    ),
    ("articles,feed,user", "me", PUBLIC | {"me following", "private, naming a"}),
    ("articles,article:a,feed,user", "other", PUBLIC | {"other unfollowing"}),
]


def _user(name: str) -> User:
    return User.objects.create(
        username=name,
        username_key=name,
        email=f"{name}@example.com",
        email_key=f"{name}@example.com",
        password="!",
    )


@pytest.fixture
def world() -> tuple[dict[str, int], dict[int, str]]:
    """The users (me follows `followed`) and one event of each kind: ids by name, labels by id."""
    users = {name: _user(name).pk for name in ("me", "followed", "stranger", "other")}
    Follow.objects.create(follower_id=users["me"], followee_id=users["followed"])
    labels = {}
    for label, kind in EVENTS.items():
        event = Event.objects.create(
            name=kind.name,
            data="{}",
            slug=kind.slug,
            previous_slug=kind.previous_slug,
            author_id=users[kind.author] if kind.author else None,
            recipient_id=users[kind.recipient] if kind.recipient else None,
        )
        labels[event.pk] = label
    return users, labels


def test_the_table_covers_every_topic_and_event_kind():
    kinds = {name.split(":")[0] for names, _, _ in TABLE for name in names.split(",")}
    assert kinds == {"articles", "article", "feed", "user"}
    received = set().union(*(expected for _, _, expected in TABLE))
    assert received == set(EVENTS)


@pytest.mark.parametrize(("names", "whose", "expected"), TABLE)
def test_sql_filter_and_python_predicate_select_the_same_events(world, names, whose, expected):
    users, labels = world
    topics = parse_topics(names.split(","))
    user_id = users[whose] if whose else None
    following = set(
        Follow.objects.filter(follower_id=user_id).values_list("followee_id", flat=True)
    )
    events = list(Event.objects.order_by("pk"))

    selected = {labels[e.id] for e in after(0, where=matching(topics, user_id=user_id))}
    accepted = {
        labels[e.pk]
        for e in events
        if accepts(topics, user_id=user_id, following=following, event=e)
    }

    assert selected == accepted == expected
    # The hub offers each accepted event under a key the stream listens on.
    keys = stream_keys(topics, user_id=user_id) | {author_key(a) for a in following}
    for event in events:
        if labels[event.pk] in accepted:
            assert keys & set(event_keys(event)), labels[event.pk]


def test_no_topics_select_nothing(world):
    users, _ = world
    assert after(0, where=matching(Topics(), user_id=users["me"])) == []
    assert len(after(0)) == len(EVENTS)  # no filter: every event (the hub's gap fill)
