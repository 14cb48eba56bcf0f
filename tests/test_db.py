"""CompiledQuery: a queryset compiled once gives what the ORM gives, for any parameter values."""

import pytest
from asgiref.sync import sync_to_async

from core.domain.db import CompiledQuery, Markers, count_of
from core.domain.models import Article, User
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def by_author(markers: Markers):
    queryset = Article.objects.filter(author__username=markers.text("author"))
    return queryset.order_by("-created_at", "-id").values_list("slug", "created_at", "author_id")


async def test_a_compiled_query_gives_the_orms_rows_for_each_value(member, other):
    for user in (member.user, other.user, member.user):
        await factories.article(user)
    markers = Markers()
    compiled = await sync_to_async(CompiledQuery)(by_author(markers), markers)
    for user in (member.user, other.user):
        expected = [
            row
            async for row in Article.objects.filter(author__username=user.username)
            .order_by("-created_at", "-id")
            .values_list("slug", "created_at", "author_id")
        ]
        rows = await sync_to_async(compiled.rows)({"author": user.username})
        assert rows == expected  # timestamps converted (aware) as the ORM does on every database
        assert rows[0][1].tzinfo is not None
        page = await sync_to_async(compiled.rows)({"author": user.username}, limit=1, offset=1)
        assert page == expected[1:2]


async def test_count_of_counts_like_count_even_when_nothing_matches(member):
    await factories.article(member.user)
    markers = Markers()
    query = count_of(User.objects.filter(username=markers.text("name")))
    compiled = await sync_to_async(CompiledQuery)(query, markers)
    assert await sync_to_async(compiled.rows)({"name": member.user.username}) == [(1,)]
    assert await sync_to_async(compiled.rows)({"name": "nobody"}) == [(0,)]


def test_a_parameter_the_orm_rewrites_cannot_be_compiled():
    markers = Markers()
    query = User.objects.filter(username__contains=markers.text("part")).values_list("pk")
    with pytest.raises(ValueError, match="part"):
        CompiledQuery(query, markers)
