"""The moderation console: Django's admin over Conduit's data, for staff accounts.

Staff are `django.contrib.auth` users (`manage.py createsuperuser`), a population apart from
Conduit's users. Lists are read-only views with search and filters; every change goes through
core.domain.services.moderation (the services the API uses, so events reach open clients, and
an audit row records who did what, when and why): the admin's own edit and delete are off.
"""

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.contrib.auth.models import User as StaffUser
from django.db.models import Count, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html

from core.domain.limits import MODERATION_REASON_MAX
from core.domain.models import Article, Comment, Favorite, ModerationAction, Tag, User
from core.domain.services.moderation import (
    article_takedown,
    comment_takedown,
    user_suspend,
    user_unsuspend,
)

if TYPE_CHECKING:  # generic in django-stubs only
    ModelAdmin = admin.ModelAdmin[Any]
else:
    ModelAdmin = admin.ModelAdmin


class ModerationSite(admin.AdminSite):
    site_header = "Conduit moderation"
    site_title = "Conduit moderation"
    index_title = "Moderation"
    enable_nav_sidebar = False


site = ModerationSite(name="admin")
site.register(StaffUser, UserAdmin)
site.register(Group, GroupAdmin)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=MODERATION_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Kept in the moderation log with your name and the time.",
    )


def _moderated[M: Model](
    title: str,
    act: Callable[[M, str, str], Awaitable[bool]],
    *,
    permission: str,
) -> Callable[[ModelAdmin, HttpRequest, QuerySet[Any]], HttpResponse | None]:
    """An admin action that asks for a reason, then runs `act(obj, moderator, reason)` for each
    selected object (each in its own transaction, through the moderation services)."""

    def action(
        modeladmin: ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]
    ) -> HttpResponse | None:
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            moderator = request.user.get_username()
            reason = form.cleaned_data["reason"]
            selected = list(queryset.order_by("pk"))
            done = sum(async_to_sync(act)(obj, moderator, reason) for obj in selected)
            modeladmin.message_user(request, f"{title}: {done} done.", messages.SUCCESS)
            if done < len(selected):
                skipped = len(selected) - done
                modeladmin.message_user(
                    request, f"{skipped} skipped: already in that state, or gone.", messages.WARNING
                )
            return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": f"{title}: why?",
            "action_title": title,
            "objects": list(queryset[:100]),
            "count": queryset.count(),
            "ids": [str(pk) for pk in queryset.values_list("pk", flat=True)],
            "action": request.POST.get("action", ""),
            "form": form,
            "opts": modeladmin.model._meta,
            "checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "moderation/reason.html", context)

    action.__name__ = title.lower().replace(" ", "_")
    return admin.action(description=title, permissions=[permission])(action)


class ReadOnly(ModelAdmin):
    """Lists and detail pages to look at; changes only through the moderation actions."""

    list_per_page = 50
    show_full_result_count = False  # a COUNT(*) of the whole table on every page is too dear

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


class SuspendedFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"
    field = "suspended_at"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Iterable[tuple[str, str]]:
        return [("active", "active"), ("suspended", "suspended")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in {"active", "suspended"}:
            return queryset.filter(**{f"{self.field}__isnull": self.value() == "active"})
        return queryset


class AuthorStatusFilter(SuspendedFilter):
    title = "author status"
    parameter_name = "author_status"
    field = "author__suspended_at"


async def _suspend(user: User, moderator: str, reason: str) -> bool:
    return await user_suspend(user_id=user.pk, moderator=moderator, reason=reason)


async def _lift(user: User, moderator: str, reason: str) -> bool:
    return await user_unsuspend(user_id=user.pk, moderator=moderator, reason=reason)


@admin.register(User, site=site)
class ConduitUserAdmin(ReadOnly):
    list_display = ["username", "email", "articles", "comments", "created_at", "status"]
    list_filter = [SuspendedFilter, ("created_at", admin.DateFieldListFilter)]
    search_fields = ["username", "email"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    exclude = ["password"]
    actions = [
        _moderated("Suspend users", _suspend, permission="moderate"),
        _moderated("Lift suspension", _lift, permission="moderate"),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        by_author = {"author_id": OuterRef("pk")}
        articles = Article.objects.filter(**by_author).order_by().values("author_id")
        comments = Comment.objects.filter(**by_author).order_by().values("author_id")
        users: QuerySet[User] = super().get_queryset(request)
        return users.annotate(
            n_articles=Coalesce(Subquery(articles.annotate(n=Count("*")).values("n")), 0),
            n_comments=Coalesce(Subquery(comments.annotate(n=Count("*")).values("n")), 0),
        )

    @admin.display(description="articles", ordering="n_articles")
    def articles(self, user: Any) -> int:
        return int(user.n_articles)

    @admin.display(description="comments", ordering="n_comments")
    def comments(self, user: Any) -> int:
        return int(user.n_comments)

    @admin.display(description="status", ordering="suspended_at")
    def status(self, user: User) -> str:
        if user.suspended_at is None:
            return "active"
        return f"suspended {user.suspended_at:%Y-%m-%d %H:%M}"


class FavoritesFilter(admin.SimpleListFilter):
    title = "favorites"
    parameter_name = "favorites"
    _RANGES = {"0": (0, 0), "1-9": (1, 9), "10-99": (10, 99), "100+": (100, None)}

    def lookups(self, request: HttpRequest, model_admin: Any) -> Iterable[tuple[str, str]]:
        return [(key, key) for key in self._RANGES]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        found = self._RANGES.get(self.value() or "")
        if found is None:
            return queryset
        low, high = found
        queryset = queryset.filter(n_favorites__gte=low)
        return queryset if high is None else queryset.filter(n_favorites__lte=high)


class TagFilter(admin.SimpleListFilter):
    """The 30 most used tags (a filter listing every tag would not fit the page)."""

    title = "tag"
    parameter_name = "tag"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Iterable[tuple[str, str]]:
        top = Tag.objects.annotate(n=Count("article_tags")).order_by("-n", "name")[:30]
        return [(tag.name, tag.name) for tag in top]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(article_tags__tag__name=self.value())
        return queryset


async def _takedown_article(article: Article, moderator: str, reason: str) -> bool:
    return await article_takedown(slug=article.slug, moderator=moderator, reason=reason)


@admin.register(Article, site=site)
class ArticleAdmin(ReadOnly):
    list_display = ["title", "author_link", "tags", "favorites", "comments", "created_at"]
    list_filter = [
        AuthorStatusFilter,
        TagFilter,
        FavoritesFilter,
        ("created_at", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "slug", "description", "author__username"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    list_select_related = ["author"]
    actions = [_moderated("Delete articles", _takedown_article, permission="moderate")]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        favorites = Favorite.objects.filter(article_id=OuterRef("pk")).order_by()
        comments = Comment.objects.filter(article_id=OuterRef("pk")).order_by()
        articles: QuerySet[Article] = super().get_queryset(request)
        return articles.annotate(
            n_favorites=Coalesce(
                Subquery(favorites.values("article_id").annotate(n=Count("*")).values("n")),
                0,
            ),
            n_comments=Coalesce(
                Subquery(comments.values("article_id").annotate(n=Count("*")).values("n")),
                0,
            ),
        ).prefetch_related("article_tags__tag")

    @admin.display(description="author", ordering="author__username")
    def author_link(self, article: Article) -> str:
        suspended = " (suspended)" if article.author.suspended_at else ""
        return format_html(
            '<a href="?author__id__exact={}">{}</a>{}',
            article.author_id,
            article.author.username,
            suspended,
        )

    @admin.display(description="tags")
    def tags(self, article: Article) -> str:
        links = sorted(article.article_tags.all(), key=lambda link: link.position)
        return ", ".join(link.tag.name for link in links)

    @admin.display(description="favorites", ordering="n_favorites")
    def favorites(self, article: Any) -> int:
        return int(article.n_favorites)

    @admin.display(description="comments", ordering="n_comments")
    def comments(self, article: Any) -> int:
        return int(article.n_comments)


async def _takedown_comment(comment: Comment, moderator: str, reason: str) -> bool:
    return await comment_takedown(comment_id=comment.pk, moderator=moderator, reason=reason)


@admin.register(Comment, site=site)
class CommentAdmin(ReadOnly):
    list_display = ["id", "excerpt", "article", "author", "created_at"]
    list_filter = [AuthorStatusFilter, ("created_at", admin.DateFieldListFilter)]
    search_fields = ["body", "author__username", "article__slug"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    list_select_related = ["author", "article"]
    actions = [_moderated("Delete comments", _takedown_comment, permission="moderate")]

    @admin.display(description="comment")
    def excerpt(self, comment: Comment) -> str:
        return comment.body if len(comment.body) <= 80 else comment.body[:79] + "…"


@admin.register(Tag, site=site)
class TagAdmin(ReadOnly):
    list_display = ["name", "articles"]
    search_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tag]:
        tags: QuerySet[Tag] = super().get_queryset(request)
        return tags.annotate(n_articles=Count("article_tags"))

    @admin.display(description="articles", ordering="n_articles")
    def articles(self, tag: Any) -> Any:
        return format_html('<a href="../article/?tag={}">{}</a>', tag.name, tag.n_articles)


@admin.register(ModerationAction, site=site)
class ModerationActionAdmin(ReadOnly):
    """The audit log: read-only for everyone, superusers included."""

    list_display = ["created_at", "moderator", "action", "target", "reason"]
    list_filter = ["action", "moderator", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["moderator", "target", "reason"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
