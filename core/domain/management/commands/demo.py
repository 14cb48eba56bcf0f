"""Load a small demo dataset into an empty database, so a fresh `make run` has something to show."""

from typing import Any

from asgiref.sync import async_to_sync
from django.core.management.base import BaseCommand

from core.domain.auth import Viewer
from core.domain.models import Follow, User
from core.domain.services.articles import article_create, article_favorite
from core.domain.services.comments import comment_create
from core.domain.services.users import user_register, user_update

PASSWORD = "conduit-demo"  # noqa: S105 - documented demo credentials (README.md)

# No images: the SPA shows its bundled default avatar, which works offline.
USERS = [
    ("jake", "I work at statefarm"),
    ("emma", "Writes about the web, coffee and typography."),
    ("leo", None),
    ("mira", "Dragon trainer. Occasional poet."),
]

ARTICLES = [
    (
        "jake",
        "How to train your dragon",
        "Ever wonder how?",
        ["dragons", "training"],
        "## It takes a Jacobian\n\nYou have to **believe** — and to practise every day.\n\n"
        "1. Find a dragon\n2. Be patient\n3. Bring snacks\n",
    ),
    (
        "emma",
        "Typography for the web in 2026",
        "Variable fonts, fluid type scales and what still goes wrong.",
        ["typography", "css", "web"],
        "Good type is mostly *restraint*.\n\n> Pick one serif and one sans, then stop.\n\n"
        "```css\nhtml { font-size: clamp(1rem, 0.9rem + 0.5vw, 1.25rem); }\n```\n",
    ),
    (
        "mira",
        "A short poem about dragons",
        "Scales, sky and a very small village.",
        ["dragons", "poetry"],
        "*Above the hill a shadow turns,*\n*the baker runs, the bread still burns.*\n",
    ),
    (
        "emma",
        "Async Django without tears",
        "What actually changes when your views become coroutines.",
        ["django", "python", "async"],
        "Async views are easy; **blocking calls** are the hard part.\n\n"
        "- Hash passwords in a thread\n- Never keep a connection per thread\n",
    ),
    (
        "leo",
        "Why I write tests first",
        "A confession in three parts.",
        ["testing", "python"],
        "Part one: I used to not.\n\nPart two: I lost a weekend.\n\nPart three: I do now.\n",
    ),
    (
        "jake",
        "Welcome to Conduit",
        "A place to share your knowledge.",
        ["welcome"],
        "Sign up, follow a few authors and build your own feed. Markdown **works** here.\n",
    ),
]

COMMENTS = [
    ("how-to-train-your-dragon", "mira", "Snacks are the key, can confirm."),
    ("how-to-train-your-dragon", "emma", "Bookmarked for the weekend."),
    ("async-django-without-tears", "leo", "The bit about connections saved me hours."),
    ("welcome-to-conduit", "emma", "Hello everyone!"),
]

FOLLOWS = [("emma", "jake"), ("leo", "emma"), ("mira", "jake"), ("jake", "mira")]
FAVORITES = [
    ("emma", "how-to-train-your-dragon"),
    ("mira", "how-to-train-your-dragon"),
    ("leo", "async-django-without-tears"),
    ("jake", "a-short-poem-about-dragons"),
]


class Command(BaseCommand):
    help = "Load the demo dataset (users, articles, comments) if the database has no users yet."

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.exists():
            self.stdout.write("Database has users already: demo data not loaded.")
            return
        async_to_sync(load)()
        self.stdout.write(
            f"Loaded demo data: {len(USERS)} users (password {PASSWORD!r}), "
            f"{len(ARTICLES)} articles."
        )


async def load() -> None:
    users: dict[str, User] = {}
    for username, bio in USERS:
        user = await user_register(
            username=username, email=f"{username}@demo.conduit", password=PASSWORD
        )
        users[username] = await user_update(user=user, changes={"bio": bio})
    for author, title, description, tags, body in ARTICLES:
        await article_create(
            author=Viewer.of(users[author]),
            title=title,
            description=description,
            body=body,
            tag_list=tags,
        )
    for slug, author, body in COMMENTS:
        await comment_create(slug=slug, author=Viewer.of(users[author]), body=body)
    for follower, followee in FOLLOWS:
        await Follow.objects.acreate(follower=users[follower], followee=users[followee])
    for username, slug in FAVORITES:
        await article_favorite(slug=slug, viewer=Viewer.of(users[username]))
