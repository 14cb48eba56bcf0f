"""A client's journey through the generated Python SDK, with its typed models only.

tests/contract/test_python_sdk.py type-checks it with mypy --strict against the generated
`conduit_client` (not part of the repository), and runs it in a fresh virtual environment with
only the built wheel installed: `python sdk_journey.py <base url> <username>`.
"""

import sys
from datetime import datetime
from http import HTTPStatus

from conduit_client import AuthenticatedClient, Client
from conduit_client.api.articles import create_article, delete_article, get_article, get_articles
from conduit_client.api.comments import create_article_comment, get_article_comments
from conduit_client.api.favorites import create_article_favorite
from conduit_client.api.user_and_authentication import create_user, get_current_user
from conduit_client.models import (
    ArticlePreview,
    GenericErrorModel,
    MultipleArticlesResponse,
    MultipleCommentsResponse,
    NewArticle,
    NewArticleRequest,
    NewComment,
    NewCommentRequest,
    NewUser,
    NewUserRequest,
    SingleArticleResponse,
    SingleCommentResponse,
    UserResponse,
)


def journey(base_url: str, name: str) -> None:
    """register → create an article with tags → list by tag → favorite → comment → delete."""
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)
    new_user = NewUser(username=name, email=f"{name}@example.com", password="jakejake")

    registered = create_user.sync(client=anonymous, body=NewUserRequest(user=new_user))
    assert isinstance(registered, UserResponse)
    assert registered.user.username == name
    assert registered.user.bio is None
    taken = create_user.sync(client=anonymous, body=NewUserRequest(user=new_user))
    assert isinstance(taken, GenericErrorModel)
    assert taken.errors["username"] == ["has already been taken"]

    jake = AuthenticatedClient(
        base_url=base_url,
        token=registered.user.token,
        prefix="Token",
        raise_on_unexpected_status=True,
    )
    me = get_current_user.sync(client=jake)
    assert isinstance(me, UserResponse)
    assert me.user.email == f"{name}@example.com"

    created = create_article.sync(
        client=jake,
        body=NewArticleRequest(
            article=NewArticle(
                title="Typed all the way",
                description="A generated client",
                body="No dict access.",
                tag_list=[name, "python"],
            )
        ),
    )
    assert isinstance(created, SingleArticleResponse)
    article = created.article
    assert article.tag_list == [name, "python"]
    assert isinstance(article.created_at, datetime)
    assert article.created_at.tzinfo is not None
    assert article.author.username == name

    listed = get_articles.sync(client=jake, tag=name)
    assert isinstance(listed, MultipleArticlesResponse)
    assert listed.articles_count == 1
    (preview,) = listed.articles
    assert isinstance(preview, ArticlePreview)
    assert (preview.slug, preview.favorited) == (article.slug, False)
    # Optional authentication: the same list for a reader without a token.
    public = get_articles.sync(client=anonymous, tag=name)
    assert isinstance(public, MultipleArticlesResponse)
    assert [a.slug for a in public.articles] == [article.slug]

    favorited = create_article_favorite.sync(client=jake, slug=article.slug)
    assert isinstance(favorited, SingleArticleResponse)
    assert (favorited.article.favorited, favorited.article.favorites_count) == (True, 1)

    commented = create_article_comment.sync(
        client=jake, slug=article.slug, body=NewCommentRequest(comment=NewComment(body="Nice."))
    )
    assert isinstance(commented, SingleCommentResponse)
    comments = get_article_comments.sync(client=jake, slug=article.slug)
    assert isinstance(comments, MultipleCommentsResponse)
    assert [(c.id, c.body) for c in comments.comments] == [(commented.comment.id, "Nice.")]

    deleted = delete_article.sync_detailed(client=jake, slug=article.slug)
    assert deleted.status_code == HTTPStatus.NO_CONTENT
    gone = get_article.sync(client=jake, slug=article.slug)
    assert isinstance(gone, GenericErrorModel)
    assert gone.errors["article"] == ["not found"]


if __name__ == "__main__":
    journey(sys.argv[1], sys.argv[2])
    print("journey ok")
