"""Articles: list, feed, get, create, update, delete."""

import re
from datetime import timedelta

import pytest

from core.domain.models import Article, ArticleTag, Comment, Favorite, Follow, Tag
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

ISO_MILLIS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
DRAGON = {
    "title": "How to train your dragon",
    "description": "Ever wonder how?",
    "body": "You have to believe",
    "tagList": ["reactjs", "angularjs", "dragons"],
}


async def create(api, token, **fields):
    return await api.post("/api/articles", {"article": {**DRAGON, **fields}}, token=token)


# --- create --------------------------------------------------------------------------------


async def test_create_returns_201_with_the_article(api, member):
    r = await create(api, member.token)
    assert r.status == 201
    article = r.body["article"]
    assert set(article) == {
        "slug",
        "title",
        "description",
        "body",
        "tagList",
        "createdAt",
        "updatedAt",
        "favorited",
        "favoritesCount",
        "author",
    }
    assert article["slug"] == "how-to-train-your-dragon"
    assert article["title"] == DRAGON["title"]
    assert article["description"] == DRAGON["description"]
    assert article["body"] == DRAGON["body"]
    assert article["tagList"] == ["reactjs", "angularjs", "dragons"]
    assert article["favorited"] is False
    assert article["favoritesCount"] == 0
    assert article["author"] == {
        "username": member.user.username,
        "bio": None,
        "image": None,
        "following": False,
    }
    assert ISO_MILLIS.match(article["createdAt"])
    assert article["createdAt"] == article["updatedAt"]


async def test_create_keeps_the_tag_order_given_and_drops_duplicates(api, member):
    r = await create(api, member.token, tagList=["zeta", "alpha", "zeta", "mid"])
    assert r.body["article"]["tagList"] == ["zeta", "alpha", "mid"]
    again = await api.get(f"/api/articles/{r.body['article']['slug']}")
    assert again.body["article"]["tagList"] == ["zeta", "alpha", "mid"]


async def test_create_without_tag_list_has_no_tags(api, member):
    fields = {k: v for k, v in DRAGON.items() if k != "tagList"}
    r = await api.post("/api/articles", {"article": fields}, token=member.token)
    assert r.status == 201
    assert r.body["article"]["tagList"] == []


async def test_create_reuses_existing_tags(api, member):
    await create(api, member.token, title="One", tagList=["shared"])
    await create(api, member.token, title="Two", tagList=["shared"])
    assert await Tag.objects.filter(name="shared").acount() == 1


async def test_duplicate_titles_get_distinct_slugs(api, member, other):
    first = await create(api, member.token)
    second = await create(api, member.token)
    third = await create(api, other.token)
    slugs = {r.body["article"]["slug"] for r in (first, second, third)}
    assert [r.status for r in (first, second, third)] == [201, 201, 201]
    assert len(slugs) == 3
    assert all(slug.startswith("how-to-train-your-dragon") for slug in slugs)


async def test_title_without_slug_characters_still_gets_a_slug(api, member):
    r = await create(api, member.token, title="!!! ???")
    assert r.status == 201
    assert r.body["article"]["slug"]
    assert (await api.get(f"/api/articles/{r.body['article']['slug']}")).status == 200


async def test_unicode_title_gets_a_unicode_slug(api, member):
    r = await create(api, member.token, title="Ça va très bien 日本")
    slug = r.body["article"]["slug"]
    assert slug == "ça-va-très-bien-日本"  # reached over HTTP in tests/test_live.py


async def test_article_titled_feed_does_not_shadow_the_feed(api, member):
    r = await create(api, member.token, title="Feed")
    assert r.body["article"]["slug"] != "feed"
    assert (await api.get(f"/api/articles/{r.body['article']['slug']}")).status == 200


@pytest.mark.parametrize("field", ["title", "description", "body"])
@pytest.mark.parametrize("value", ["", "  ", None])
async def test_create_blank_field_is_422(api, member, field, value):
    r = await create(api, member.token, **{field: value})
    assert r.status == 422
    assert r.body == {"errors": {field: ["can't be blank"]}}


async def test_create_without_article_wrapper_is_422(api, member):
    r = await api.post("/api/articles", DRAGON, token=member.token)
    assert r.status == 422
    assert r.body == {"errors": {"article": ["can't be blank"]}}


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        (["ok", ""], "can't be blank"),
        (["x" * 65], "is too long (maximum is 64 characters)"),
        ([f"t{i}" for i in range(21)], "is too long (maximum is 20 items)"),
        ("a,b", "must be a list"),
        ([1], "must be a string"),
        (None, "must be a list"),
    ],
)
async def test_create_invalid_tag_list_is_422(api, member, tags, message):
    r = await create(api, member.token, tagList=tags)
    assert r.status == 422
    assert r.body == {"errors": {"tagList": [message]}}


async def test_create_too_long_title_is_422(api, member):
    r = await create(api, member.token, title="t" * 256)
    assert r.status == 422
    assert r.body == {"errors": {"title": ["is too long (maximum is 255 characters)"]}}


async def test_create_without_token_is_401(api):
    r = await api.post("/api/articles", {"article": DRAGON})
    assert r.status == 401
    assert r.body == {"errors": {"token": ["is missing"]}}
    assert await Article.objects.acount() == 0


# --- get -----------------------------------------------------------------------------------


async def test_get_returns_the_article_with_body(api, member):
    slug = (await create(api, member.token)).body["article"]["slug"]
    r = await api.get(f"/api/articles/{slug}")
    assert r.status == 200
    assert r.body["article"]["body"] == DRAGON["body"]
    assert r.body["article"]["favorited"] is False


async def test_get_unknown_slug_is_404(api):
    r = await api.get("/api/articles/no-such-article")
    assert r.status == 404
    assert r.body == {"errors": {"article": ["not found"]}}


async def test_get_with_invalid_token_is_401_even_though_auth_is_optional(api, member):
    slug = (await create(api, member.token)).body["article"]["slug"]
    r = await api.get(f"/api/articles/{slug}", headers={"Authorization": "Token garbage"})
    assert r.status == 401


async def test_get_shows_flags_for_the_viewer(api, member, other):
    article = await factories.article(member.user)
    await api.post(f"/api/articles/{article.slug}/favorite", token=other.token)
    await api.post(f"/api/profiles/{member.user.username}/follow", token=other.token)
    seen_by_other = (await api.get(f"/api/articles/{article.slug}", token=other.token)).body[
        "article"
    ]
    seen_by_author = (await api.get(f"/api/articles/{article.slug}", token=member.token)).body[
        "article"
    ]
    anonymous = (await api.get(f"/api/articles/{article.slug}")).body["article"]
    assert (seen_by_other["favorited"], seen_by_other["author"]["following"]) == (True, True)
    assert (seen_by_author["favorited"], seen_by_author["author"]["following"]) == (False, False)
    assert (anonymous["favorited"], anonymous["author"]["following"]) == (False, False)
    assert (
        seen_by_other["favoritesCount"]
        == seen_by_author["favoritesCount"]
        == anonymous["favoritesCount"]
        == 1
    )


# --- update --------------------------------------------------------------------------------


async def test_update_body_keeps_slug_and_created_at_and_moves_updated_at(api, member):
    created = (await create(api, member.token)).body["article"]
    r = await api.put(
        f"/api/articles/{created['slug']}", {"article": {"body": "New body"}}, token=member.token
    )
    assert r.status == 200
    updated = r.body["article"]
    assert updated["body"] == "New body"
    assert updated["slug"] == created["slug"]
    assert updated["title"] == created["title"]
    assert updated["description"] == created["description"]
    assert updated["createdAt"] == created["createdAt"]
    assert updated["updatedAt"] > created["updatedAt"]


async def test_update_title_changes_the_slug_and_the_old_one_404s(api, member):
    old = (await create(api, member.token)).body["article"]["slug"]
    r = await api.put(
        f"/api/articles/{old}",
        {"article": {"title": "Did you train your dragon?"}},
        token=member.token,
    )
    assert r.status == 200
    assert r.body["article"]["slug"] == "did-you-train-your-dragon"
    assert (await api.get(f"/api/articles/{old}")).status == 404
    assert (await api.get("/api/articles/did-you-train-your-dragon")).status == 200


async def test_update_to_a_title_already_used_gets_a_distinct_slug(api, member):
    await create(api, member.token, title="Taken title")
    slug = (await create(api, member.token, title="Another")).body["article"]["slug"]
    r = await api.put(
        f"/api/articles/{slug}", {"article": {"title": "Taken title"}}, token=member.token
    )
    assert r.status == 200
    assert r.body["article"]["slug"].startswith("taken-title-")


async def test_update_with_same_title_keeps_the_slug(api, member):
    slug = (await create(api, member.token)).body["article"]["slug"]
    r = await api.put(
        f"/api/articles/{slug}", {"article": {"title": DRAGON["title"]}}, token=member.token
    )
    assert r.body["article"]["slug"] == slug


async def test_update_without_taglist_keeps_tags(api, member):
    slug = (await create(api, member.token)).body["article"]["slug"]
    r = await api.put(
        f"/api/articles/{slug}", {"article": {"description": "d"}}, token=member.token
    )
    assert r.body["article"]["tagList"] == DRAGON["tagList"]


async def test_update_with_empty_taglist_removes_all_tags(api, member):
    slug = (await create(api, member.token)).body["article"]["slug"]
    r = await api.put(f"/api/articles/{slug}", {"article": {"tagList": []}}, token=member.token)
    assert r.body["article"]["tagList"] == []
    assert (await api.get(f"/api/articles/{slug}")).body["article"]["tagList"] == []


async def test_update_with_taglist_replaces_it_in_the_order_given(api, member):
    slug = (await create(api, member.token)).body["article"]["slug"]
    r = await api.put(
        f"/api/articles/{slug}", {"article": {"tagList": ["new", "dragons"]}}, token=member.token
    )
    assert r.body["article"]["tagList"] == ["new", "dragons"]


async def test_update_with_null_taglist_is_422_and_keeps_tags(api, member):
    slug = (await create(api, member.token)).body["article"]["slug"]
    r = await api.put(f"/api/articles/{slug}", {"article": {"tagList": None}}, token=member.token)
    assert r.status == 422
    assert r.body == {"errors": {"tagList": ["must be a list"]}}
    assert (await api.get(f"/api/articles/{slug}")).body["article"]["tagList"] == DRAGON["tagList"]


@pytest.mark.parametrize("field", ["title", "description", "body"])
async def test_update_cannot_blank_a_field(api, member, field):
    slug = (await create(api, member.token)).body["article"]["slug"]
    r = await api.put(f"/api/articles/{slug}", {"article": {field: ""}}, token=member.token)
    assert r.status == 422
    assert r.body == {"errors": {field: ["can't be blank"]}}


async def test_update_with_no_fields_is_422(api, member):
    slug = (await create(api, member.token)).body["article"]["slug"]
    r = await api.put(f"/api/articles/{slug}", {"article": {}}, token=member.token)
    assert r.status == 422


async def test_update_someone_elses_article_is_403(api, member, other):
    slug = (await create(api, member.token)).body["article"]["slug"]
    r = await api.put(f"/api/articles/{slug}", {"article": {"body": "hijacked"}}, token=other.token)
    assert r.status == 403
    assert r.body == {"errors": {"article": ["forbidden"]}}
    assert (await api.get(f"/api/articles/{slug}")).body["article"]["body"] == DRAGON["body"]


async def test_update_unknown_slug_is_404(api, member):
    r = await api.put("/api/articles/nope", {"article": {"body": "x"}}, token=member.token)
    assert r.status == 404
    assert r.body == {"errors": {"article": ["not found"]}}


async def test_update_without_token_is_401_before_lookup(api):
    r = await api.put("/api/articles/some-slug", {"article": {"body": "x"}})
    assert r.status == 401


# --- delete --------------------------------------------------------------------------------


async def test_delete_returns_204_and_removes_everything_attached(api, member, other):
    article = await factories.article(member.user, tags=["gone"])
    await factories.comment(article, other.user)
    await api.post(f"/api/articles/{article.slug}/favorite", token=other.token)
    r = await api.delete(f"/api/articles/{article.slug}", token=member.token)
    assert r.status == 204
    assert r.body is None
    assert (await api.get(f"/api/articles/{article.slug}")).status == 404
    assert await Comment.objects.acount() == 0
    assert await Favorite.objects.acount() == 0
    assert await ArticleTag.objects.acount() == 0
    assert (await api.get("/api/tags")).body == {"tags": []}


async def test_delete_someone_elses_article_is_403(api, member, other):
    article = await factories.article(member.user)
    r = await api.delete(f"/api/articles/{article.slug}", token=other.token)
    assert r.status == 403
    assert r.body == {"errors": {"article": ["forbidden"]}}
    assert await Article.objects.filter(pk=article.pk).aexists()


async def test_delete_unknown_slug_is_404(api, member):
    r = await api.delete("/api/articles/nope", token=member.token)
    assert r.status == 404
    assert r.body == {"errors": {"article": ["not found"]}}


async def test_delete_without_token_is_401(api):
    assert (await api.delete("/api/articles/some-slug")).status == 401


# --- list ----------------------------------------------------------------------------------


async def test_list_is_newest_first_without_bodies(api, member):
    first = await factories.article(member.user, title="First")
    second = await factories.article(member.user, title="Second")
    r = await api.get("/api/articles")
    assert r.status == 200
    assert r.body["articlesCount"] == 2
    assert [a["slug"] for a in r.body["articles"]] == [second.slug, first.slug]
    assert all("body" not in a for a in r.body["articles"])


async def test_list_orders_by_creation_time_not_by_id(api, member):
    older = await factories.article(member.user, title="Older")
    newer = await factories.article(member.user, title="Newer")
    older.created_at = newer.created_at + timedelta(seconds=1)
    await older.asave(update_fields=["created_at"])
    slugs = [a["slug"] for a in (await api.get("/api/articles")).body["articles"]]
    assert slugs == [older.slug, newer.slug]


async def test_list_empty(api):
    r = await api.get("/api/articles")
    assert r.body == {"articles": [], "articlesCount": 0}


async def test_list_paginates_with_limit_and_offset(api, member):
    articles = [await factories.article(member.user) for _ in range(5)]
    newest_first = [a.slug for a in reversed(articles)]
    page = await api.get("/api/articles?limit=2&offset=1")
    assert [a["slug"] for a in page.body["articles"]] == newest_first[1:3]
    assert page.body["articlesCount"] == 5
    beyond = await api.get("/api/articles?offset=10")
    assert beyond.body == {"articles": [], "articlesCount": 5}


async def test_list_default_limit_is_20(api, member):
    for _ in range(21):
        await factories.article(member.user)
    r = await api.get("/api/articles")
    assert len(r.body["articles"]) == 20
    assert r.body["articlesCount"] == 21


async def test_list_limit_above_100_is_capped(api, member):
    r = await api.get("/api/articles?limit=1000000000000")
    assert r.status == 200


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("limit=0", "limit", "must be greater than or equal to 1"),
        ("limit=-1", "limit", "must be greater than or equal to 1"),
        ("limit=abc", "limit", "must be an integer"),
        ("offset=-1", "offset", "must be greater than or equal to 0"),
        ("offset=1.5", "offset", "must be an integer"),
    ],
)
async def test_list_invalid_pagination_is_422(api, query, field, message):
    r = await api.get(f"/api/articles?{query}")
    assert r.status == 422
    assert r.body == {"errors": {field: [message]}}


async def test_list_huge_offset_is_empty_not_an_error(api, member):
    await factories.article(member.user)
    r = await api.get(f"/api/articles?offset={10**30}")
    assert r.status == 200
    assert r.body == {"articles": [], "articlesCount": 1}


async def test_list_filters_by_tag(api, member):
    tagged = await factories.article(member.user, tags=["dragons", "magic"])
    await factories.article(member.user, tags=["cooking"])
    r = await api.get("/api/articles?tag=dragons")
    assert [a["slug"] for a in r.body["articles"]] == [tagged.slug]
    assert r.body["articles"][0]["tagList"] == ["dragons", "magic"]
    assert r.body["articlesCount"] == 1


async def test_list_filters_by_author(api, member, other):
    mine = await factories.article(member.user)
    await factories.article(other.user)
    r = await api.get(f"/api/articles?author={member.user.username}")
    assert [a["slug"] for a in r.body["articles"]] == [mine.slug]
    assert r.body["articlesCount"] == 1


async def test_list_filters_by_favorited(api, member, other):
    liked = await factories.article(member.user)
    await factories.article(member.user)
    await api.post(f"/api/articles/{liked.slug}/favorite", token=other.token)
    r = await api.get(f"/api/articles?favorited={other.user.username}")
    assert [a["slug"] for a in r.body["articles"]] == [liked.slug]
    assert r.body["articles"][0]["favoritesCount"] == 1


async def test_list_combines_filters(api, member, other):
    match = await factories.article(member.user, tags=["x"])
    await factories.article(member.user, tags=["y"])
    await factories.article(other.user, tags=["x"])
    r = await api.get(f"/api/articles?tag=x&author={member.user.username}")
    assert [a["slug"] for a in r.body["articles"]] == [match.slug]


async def test_list_unknown_filter_values_give_an_empty_list(api, member):
    await factories.article(member.user, tags=["x"])
    for query in ("tag=nope", "author=nobody", "favorited=nobody"):
        assert (await api.get(f"/api/articles?{query}")).body == {
            "articles": [],
            "articlesCount": 0,
        }


async def test_list_empty_filter_is_ignored(api, member):
    await factories.article(member.user)
    assert (await api.get("/api/articles?tag=&author=")).body["articlesCount"] == 1


async def test_list_flags_are_for_the_viewer(api, member, other):
    article = await factories.article(member.user)
    await api.post(f"/api/articles/{article.slug}/favorite", token=other.token)
    await api.post(f"/api/profiles/{member.user.username}/follow", token=other.token)
    mine = (await api.get("/api/articles", token=other.token)).body["articles"][0]
    anonymous = (await api.get("/api/articles")).body["articles"][0]
    assert (mine["favorited"], mine["author"]["following"], mine["favoritesCount"]) == (
        True,
        True,
        1,
    )
    assert (
        anonymous["favorited"],
        anonymous["author"]["following"],
        anonymous["favoritesCount"],
    ) == (False, False, 1)


# --- feed ----------------------------------------------------------------------------------


async def test_feed_shows_only_followed_authors_newest_first(api, member, other):
    third = await factories.user()
    followed_old = await factories.article(other.user)
    await factories.article(third)
    followed_new = await factories.article(other.user)
    await factories.article(member.user)
    await Follow.objects.acreate(follower=member.user, followee=other.user)
    r = await api.get("/api/articles/feed", token=member.token)
    assert r.status == 200
    assert [a["slug"] for a in r.body["articles"]] == [followed_new.slug, followed_old.slug]
    assert r.body["articlesCount"] == 2
    assert all(a["author"]["following"] for a in r.body["articles"])
    assert all("body" not in a for a in r.body["articles"])


async def test_feed_paginates(api, member, other):
    for _ in range(3):
        await factories.article(other.user)
    await Follow.objects.acreate(follower=member.user, followee=other.user)
    r = await api.get("/api/articles/feed?limit=1&offset=1", token=member.token)
    assert len(r.body["articles"]) == 1
    assert r.body["articlesCount"] == 3


async def test_feed_of_a_new_user_is_empty(api, member, other):
    await factories.article(other.user)
    r = await api.get("/api/articles/feed", token=member.token)
    assert r.body == {"articles": [], "articlesCount": 0}


async def test_feed_without_token_is_401(api):
    r = await api.get("/api/articles/feed")
    assert r.status == 401
    assert r.body == {"errors": {"token": ["is missing"]}}
