"""Load a large, realistic, reproducible dataset for benchmarks: `manage.py seed`.

Seeded users are `seed_00001` … with the email domain `seed.conduit` and the password
`conduit-bench`. Running the command again first removes everything they wrote (their articles,
follows, favorites, comments), then loads the same dataset again from the same random seed: the
result depends only on the options, never on how often it ran. Other users and their data are
left alone.
"""

import random
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import batched
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser, OutputWrapper
from django.db import connection, models, transaction
from django.db.models import Q

from core.domain.models import Article, ArticleTag, Comment, Favorite, Follow, Tag, User
from core.domain.models.users import identity_key
from core.domain.services.tags import tag_uses_recount
from core.domain.text import skeleton

PASSWORD = "conduit-bench"  # noqa: S105 - documented benchmark credentials
EMAIL_DOMAIN = "seed.conduit"
# Fixed, so that a given seed always gives the same timestamps; every seeded article is older
# than anything written afterwards.
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 365 * 24 * 3600
BATCH = 2_000

_TEXT = """
async await python django ninja pydantic orm query index cache latency throughput request response
schema token user profile article comment feed tag favorite follow server client browser network
socket thread process worker event loop stream queue pool connection transaction commit rollback
table column row join filter order limit offset count sum json render parse validate serialize
field model view router service selector test fixture factory benchmark measure ratio floor
ceiling design pattern habit style review merge branch release deploy build package module
function class method value type error warning log metric trace span budget target goal plan note
draft idea story dragon river mountain forest garden coffee tea bread music poem letter travel
city village market light shadow morning evening winter summer spring autumn ocean island bridge
tower castle road simple clear quick careful honest modern classic gentle bold quiet bright dark
small large
"""
WORDS = tuple(dict.fromkeys(_TEXT.split()))  # unique: tag names are made from them


@dataclass(frozen=True, slots=True)
class Sizes:
    users: int
    follows: int  # per user, on average
    articles: int
    tags: int  # the pool each article draws 1 to 5 tags from
    favorites: int
    comments: int


class Progress:
    """One status line per phase; redrawn in place on a terminal."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out
        self.live = out.isatty()
        self.started = time.monotonic()

    def track[T](self, label: str, items: Sequence[T], step: int = BATCH) -> Iterator[list[T]]:
        """Yield `items` in batches of `step`, reporting how far along the phase is."""
        total = len(items)
        done = 0
        for batch in batched(items, step):
            yield list(batch)
            done += len(batch)
            if self.live:
                self._line(label, done, total, end="\r")
        self._line(label, done, total, end="\n")

    def _line(self, label: str, done: int, total: int, *, end: str) -> None:
        share = 100 * done // total if total else 100
        bar = "#" * (share // 5)
        elapsed = time.monotonic() - self.started
        self.out.write(
            f"  {label:<12} [{bar:<20}] {done:>9,}/{total:,} {elapsed:6.1f}s", ending=end
        )
        self.out.flush()


class Command(BaseCommand):
    help = "Load a reproducible benchmark dataset (replacing the one loaded before)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=1_000)
        parser.add_argument("--follows", type=int, default=20, help="per user, on average")
        parser.add_argument("--articles", type=int, default=20_000)
        parser.add_argument("--tags", type=int, default=200, help="size of the tag pool")
        parser.add_argument("--favorites", type=int, default=100_000)
        parser.add_argument("--comments", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=1, help="random seed")

    def handle(self, *args: Any, **options: Any) -> None:
        sizes = Sizes(
            users=max(options["users"], 1),
            follows=max(options["follows"], 0),
            articles=max(options["articles"], 0),
            tags=max(options["tags"], 1),
            favorites=max(options["favorites"], 0),
            comments=max(options["comments"], 0),
        )
        started = time.monotonic()
        progress = Progress(self.stdout)
        with transaction.atomic():
            removed = _remove_seeded()
            if removed:
                self.stdout.write(f"  removed the previous seed data ({removed:,} rows)")
            _load(sizes, random.Random(options["seed"]), progress)
            tag_uses_recount()  # the links were inserted directly, past the article services
        with connection.cursor() as cursor:
            # Fresh planner statistics, and (PostgreSQL) a visibility map so that counts can be
            # index-only scans, as they would be on a database that autovacuum has looked after.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        self.stdout.write(
            f"Seeded {sizes.users:,} users, {sizes.articles:,} articles, "
            f"{sizes.favorites:,} favorites, {sizes.comments:,} comments "
            f"in {time.monotonic() - started:.1f}s (password {PASSWORD!r})."
        )


def _remove_seeded() -> int:
    """Delete the seeded users and everything that hangs off them; the number of rows removed."""
    seeded = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values("pk")
    # Leaves first, each as one DELETE, so that the cascades below find nothing left to collect.
    querysets: list[models.QuerySet[Any]] = [
        Comment.objects.filter(Q(author__in=seeded) | Q(article__author__in=seeded)),
        Favorite.objects.filter(Q(user__in=seeded) | Q(article__author__in=seeded)),
        ArticleTag.objects.filter(article__author__in=seeded),
        Follow.objects.filter(Q(follower__in=seeded) | Q(followee__in=seeded)),
        Article.objects.filter(author__in=seeded),
        User.objects.filter(pk__in=seeded),
    ]
    return sum(queryset.delete()[0] for queryset in querysets)


def _load(sizes: Sizes, rng: random.Random, progress: Progress) -> None:
    users = _users(sizes, rng, progress)
    _follows(users, sizes, rng, progress)
    tags = _tags(sizes)
    articles = _articles(users, tags, sizes, rng, progress)
    _favorites(users, articles, sizes, rng, progress)
    _comments(users, articles, sizes, rng, progress)


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high))).capitalize() + "."


def _markdown(rng: random.Random) -> str:
    """About 2 KB of Markdown: a heading, paragraphs, a list and sometimes some code."""
    parts = [f"## {_sentence(rng, 3, 6)[:-1]}"]
    for _ in range(5):
        parts.append(" ".join(_sentence(rng, 8, 18) for _ in range(3)))
    parts.append("\n".join(f"- **{rng.choice(WORDS)}**: {_sentence(rng, 4, 9)}" for _ in range(4)))
    if rng.random() < 0.3:
        parts.append(f"```python\n{rng.choice(WORDS)} = await {rng.choice(WORDS)}()\n```")
    parts.append(" ".join(_sentence(rng, 8, 16) for _ in range(3)))
    return "\n\n".join(parts) + "\n"


def _at(rng: random.Random) -> datetime:
    return EPOCH - timedelta(seconds=rng.randrange(SPAN_SECONDS), microseconds=rng.randrange(10**6))


def _insert[M: models.Model](
    model: type[M], objects: Sequence[M], label: str, progress: Progress
) -> list[M]:
    created: list[M] = []
    for batch in progress.track(label, objects):
        created.extend(model._default_manager.bulk_create(batch))
    return created


def _users(sizes: Sizes, rng: random.Random, progress: Progress) -> list[User]:
    password = make_password(PASSWORD)  # one hash for all: hashing 1,000 would take a minute
    users = []
    for n in range(1, sizes.users + 1):
        joined = _at(rng)
        users.append(
            User(
                username=f"seed_{n:05d}",
                username_skeleton=skeleton(f"seed_{n:05d}"),
                email=f"seed_{n:05d}@{EMAIL_DOMAIN}",
                # bulk_create skips save(), which derives the keys
                username_key=identity_key(f"seed_{n:05d}"),
                email_key=identity_key(f"seed_{n:05d}@{EMAIL_DOMAIN}"),
                password=password,
                bio=_sentence(rng, 5, 15) if rng.random() < 0.7 else None,
                image=f"https://img.seed.conduit/{n}.png" if rng.random() < 0.5 else None,
                created_at=joined,
                updated_at=joined,
            )
        )
    return _insert(User, users, "users", progress)


def _follows(users: list[User], sizes: Sizes, rng: random.Random, progress: Progress) -> None:
    follows = []
    for index, follower in enumerate(users):
        count = min(rng.randint(sizes.follows // 2, sizes.follows * 3 // 2), len(users) - 1)
        for other in rng.sample(range(len(users) - 1), count):
            followee = users[other if other < index else other + 1]  # never oneself
            follows.append(Follow(follower=follower, followee=followee, created_at=_at(rng)))
    _insert(Follow, follows, "follows", progress)


def _tags(sizes: Sizes) -> list[Tag]:
    names = [
        WORDS[n % len(WORDS)] + (str(n // len(WORDS)) if n >= len(WORDS) else "")
        for n in range(sizes.tags)
    ]
    Tag.objects.bulk_create([Tag(name=name) for name in names], ignore_conflicts=True)
    by_name = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    return [by_name[name] for name in names]


def _articles(
    users: list[User], tags: list[Tag], sizes: Sizes, rng: random.Random, progress: Progress
) -> list[Article]:
    drafts = []
    for n in range(1, sizes.articles + 1):
        title = _sentence(rng, 3, 8)[:-1]
        written = _at(rng)
        edited = written + timedelta(hours=rng.randrange(48)) if rng.random() < 0.2 else written
        drafts.append(
            Article(
                slug=f"{'-'.join(title.lower().split())}-{n}",
                title=title,
                description=_sentence(rng, 6, 14),
                body=_markdown(rng),
                author=rng.choice(users),
                created_at=written,
                updated_at=edited,
            )
        )
    articles = _insert(Article, drafts, "articles", progress)
    links = [
        ArticleTag(article=article, tag=tag, position=position)
        for article in articles
        for position, tag in enumerate(rng.sample(tags, min(rng.randint(1, 5), len(tags))))
    ]
    _insert(ArticleTag, links, "article tags", progress)
    return articles


def _popular(rng: random.Random, items: Sequence[Any]) -> Any:
    """An item drawn with a long tail: a few articles get most of the attention."""
    return items[int(len(items) * rng.random() ** 3)]


def _pairs(
    rng: random.Random, users: list[User], articles: list[Article], wanted: int
) -> Iterable[tuple[User, Article]]:
    seen: set[tuple[int, int]] = set()
    wanted = min(wanted, len(users) * len(articles))
    while len(seen) < wanted:
        user, article = rng.choice(users), _popular(rng, articles)
        if (user.pk, article.pk) not in seen:
            seen.add((user.pk, article.pk))
            yield user, article


def _favorites(
    users: list[User], articles: list[Article], sizes: Sizes, rng: random.Random, progress: Progress
) -> None:
    if not articles:
        return
    favorites = [
        Favorite(user=user, article=article, created_at=article.created_at + timedelta(days=1))
        for user, article in _pairs(rng, users, articles, sizes.favorites)
    ]
    _insert(Favorite, favorites, "favorites", progress)


def _comments(
    users: list[User], articles: list[Article], sizes: Sizes, rng: random.Random, progress: Progress
) -> None:
    if not articles:
        return
    comments = []
    for _ in range(sizes.comments):
        article = _popular(rng, articles)
        at = article.created_at + timedelta(minutes=rng.randrange(1, 60 * 24 * 30))
        comments.append(
            Comment(
                article=article,
                author=rng.choice(users),
                body=" ".join(_sentence(rng, 5, 20) for _ in range(rng.randint(1, 3))),
                created_at=at,
                updated_at=at,
            )
        )
    _insert(Comment, comments, "comments", progress)
