import pytest
from django.core.management import call_command

from core.domain.models import Article, Comment, User
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_loads_users_articles_and_comments_once():
    call_command("demo")
    counts = (User.objects.count(), Article.objects.count(), Comment.objects.count())
    assert counts[0] >= 3
    assert counts[1] >= 5
    assert counts[2] >= 3
    call_command("demo")
    assert (User.objects.count(), Article.objects.count(), Comment.objects.count()) == counts


async def test_demo_leaves_a_database_with_users_alone():
    await factories.user()
    await call_command_async("demo")
    assert await Article.objects.acount() == 0


async def call_command_async(*args):
    from asgiref.sync import sync_to_async

    await sync_to_async(call_command)(*args)
