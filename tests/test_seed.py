"""`manage.py seed`: a realistic dataset of the size asked for, the same every time."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import F

from core.domain.models import Article, ArticleTag, Comment, Favorite, Follow, Tag, User
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

SMALL = {
    "users": 12,
    "follows": 4,
    "articles": 40,
    "tags": 10,
    "favorites": 90,
    "comments": 30,
    "verbosity": 0,
}


def seed(**options):
    call_command("seed", **{**SMALL, **options})


def snapshot():
    """Everything seeded, independent of row ids."""
    articles = sorted(
        (a.slug, a.title, a.body, a.author.username, a.created_at)
        for a in Article.objects.select_related("author")
    )
    tags = sorted(
        (link.article.slug, link.position, link.tag.name)
        for link in ArticleTag.objects.select_related("article", "tag")
    )
    favorites = sorted(Favorite.objects.values_list("user__username", "article__slug"))
    follows = sorted(Follow.objects.values_list("follower__username", "followee__username"))
    comments = sorted(Comment.objects.values_list("article__slug", "author__username", "body"))
    return articles, tags, favorites, follows, comments


def test_seed_creates_the_sizes_asked_for():
    seed()
    assert User.objects.count() == 12
    assert Article.objects.count() == 40
    assert Favorite.objects.count() == 90
    assert Comment.objects.count() == 30
    assert Tag.objects.count() == 10
    per_article = Counter(ArticleTag.objects.values_list("article_id", flat=True))
    assert set(per_article.values()) <= {1, 2, 3, 4, 5}
    assert len(per_article) == 40
    follows_per_user = Counter(Follow.objects.values_list("follower_id", flat=True))
    assert 2 * 12 <= sum(follows_per_user.values()) <= 6 * 12  # about 4 each
    assert not Follow.objects.filter(follower_id=F("followee_id")).exists()


def test_seed_bodies_are_markdown_of_about_two_kilobytes():
    seed()
    bodies = list(Article.objects.values_list("body", flat=True))
    assert all(body.startswith("## ") for body in bodies)
    assert 1_200 < sum(map(len, bodies)) / len(bodies) < 2_800


def test_seeding_again_gives_the_same_dataset_not_a_second_one():
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first
    assert User.objects.count() == 12


def test_another_random_seed_gives_other_data():
    seed()
    first = snapshot()
    seed(seed=2)
    assert snapshot()[0] != first[0]


async def test_seed_leaves_other_users_and_their_articles_alone():
    member = await factories.user("keeper")
    article = await factories.article(member, tags=["kept"])
    await call_seed()
    assert await Article.objects.filter(pk=article.pk).aexists()
    assert await User.objects.filter(username="keeper").aexists()
    assert await User.objects.acount() == 13


async def call_seed(**options):
    from asgiref.sync import sync_to_async

    await sync_to_async(seed)(**options)


def test_seeded_users_can_log_in_with_the_documented_password(client):
    seed()
    r = client.post(
        "/api/users/login",
        {"user": {"email": "seed_00001@seed.conduit", "password": "conduit-bench"}},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert r.json()["user"]["username"] == "seed_00001"
