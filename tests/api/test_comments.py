"""Comments: GET/POST /articles/:slug/comments, DELETE /articles/:slug/comments/:id."""

import re

import pytest

from core.domain.models import Comment, Follow
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

ISO_MILLIS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


async def test_create_comment_returns_201(api, member, other):
    article = await factories.article(member.user)
    r = await api.post(
        f"/api/articles/{article.slug}/comments",
        {"comment": {"body": "Thank you so much!"}},
        token=other.token,
    )
    assert r.status == 201
    comment = r.body["comment"]
    assert set(comment) == {"id", "createdAt", "updatedAt", "body", "author"}
    assert isinstance(comment["id"], int)
    assert comment["body"] == "Thank you so much!"
    assert ISO_MILLIS.match(comment["createdAt"])
    assert comment["author"] == {
        "username": other.user.username,
        "bio": None,
        "image": None,
        "following": False,
    }


@pytest.mark.parametrize(
    "payload", [{"comment": {"body": ""}}, {"comment": {"body": "  "}}, {"comment": {}}]
)
async def test_create_blank_comment_is_422(api, member, payload):
    article = await factories.article(member.user)
    r = await api.post(f"/api/articles/{article.slug}/comments", payload, token=member.token)
    assert r.status == 422
    assert r.body == {"errors": {"body": ["can't be blank"]}}


async def test_create_comment_on_unknown_article_is_404(api, member):
    r = await api.post(
        "/api/articles/nope/comments", {"comment": {"body": "hi"}}, token=member.token
    )
    assert r.status == 404
    assert r.body == {"errors": {"article": ["not found"]}}


async def test_create_comment_without_token_is_401(api):
    r = await api.post("/api/articles/some-slug/comments", {"comment": {"body": "hi"}})
    assert r.status == 401
    assert r.body == {"errors": {"token": ["is missing"]}}


async def test_list_comments_newest_first(api, member, other):
    article = await factories.article(member.user)
    first = await factories.comment(article, other.user, "First comment")
    second = await factories.comment(article, member.user, "Second comment")
    r = await api.get(f"/api/articles/{article.slug}/comments")
    assert r.status == 200
    assert [c["id"] for c in r.body["comments"]] == [second.pk, first.pk]
    assert [c["body"] for c in r.body["comments"]] == ["Second comment", "First comment"]


async def test_list_comments_only_of_that_article(api, member):
    article = await factories.article(member.user)
    elsewhere = await factories.article(member.user)
    await factories.comment(elsewhere, member.user)
    assert (await api.get(f"/api/articles/{article.slug}/comments")).body == {"comments": []}


async def test_list_comments_shows_following_for_the_viewer(api, member, other):
    article = await factories.article(member.user)
    await factories.comment(article, other.user)
    await Follow.objects.acreate(follower=member.user, followee=other.user)
    mine = (await api.get(f"/api/articles/{article.slug}/comments", token=member.token)).body
    anonymous = (await api.get(f"/api/articles/{article.slug}/comments")).body
    assert mine["comments"][0]["author"]["following"] is True
    assert anonymous["comments"][0]["author"]["following"] is False


async def test_list_comments_of_unknown_article_is_404(api):
    r = await api.get("/api/articles/nope/comments")
    assert r.status == 404
    assert r.body == {"errors": {"article": ["not found"]}}


async def test_delete_own_comment(api, member, other):
    article = await factories.article(member.user)
    first = await factories.comment(article, other.user, "First comment")
    await factories.comment(article, other.user, "Second comment")
    r = await api.delete(f"/api/articles/{article.slug}/comments/{first.pk}", token=other.token)
    assert r.status == 204
    assert r.body is None
    remaining = (await api.get(f"/api/articles/{article.slug}/comments")).body["comments"]
    assert [c["body"] for c in remaining] == ["Second comment"]


async def test_delete_someone_elses_comment_is_403(api, member, other):
    article = await factories.article(member.user)
    comment = await factories.comment(article, other.user)
    r = await api.delete(f"/api/articles/{article.slug}/comments/{comment.pk}", token=member.token)
    assert r.status == 403
    assert r.body == {"errors": {"comment": ["forbidden"]}}
    assert await Comment.objects.filter(pk=comment.pk).aexists()


async def test_delete_unknown_comment_is_404(api, member):
    article = await factories.article(member.user)
    r = await api.delete(f"/api/articles/{article.slug}/comments/99999", token=member.token)
    assert r.status == 404
    assert r.body == {"errors": {"comment": ["not found"]}}


async def test_delete_comment_through_another_article_is_404(api, member):
    article = await factories.article(member.user)
    elsewhere = await factories.article(member.user)
    comment = await factories.comment(article, member.user)
    r = await api.delete(
        f"/api/articles/{elsewhere.slug}/comments/{comment.pk}", token=member.token
    )
    assert r.status == 404
    assert await Comment.objects.filter(pk=comment.pk).aexists()


async def test_delete_comment_on_unknown_article_is_404(api, member):
    r = await api.delete("/api/articles/nope/comments/1", token=member.token)
    assert r.status == 404
    assert r.body == {"errors": {"article": ["not found"]}}


@pytest.mark.parametrize("comment_id", ["abc", "0", "-1", "1.5", str(2**64)])
async def test_delete_comment_with_malformed_id_is_422(api, member, comment_id):
    article = await factories.article(member.user)
    r = await api.delete(f"/api/articles/{article.slug}/comments/{comment_id}", token=member.token)
    assert r.status == 422
    assert list(r.body["errors"]) == ["id"]


async def test_delete_comment_without_token_is_401(api):
    r = await api.delete("/api/articles/some-slug/comments/1")
    assert r.status == 401
    assert r.body == {"errors": {"token": ["is missing"]}}
