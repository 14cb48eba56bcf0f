from core.domain.models.articles import Article, ArticleTag, Favorite, Tag
from core.domain.models.comments import Comment
from core.domain.models.events import Event
from core.domain.models.moderation import ModerationAction
from core.domain.models.users import Follow, User

__all__ = [
    "Article",
    "ArticleTag",
    "Comment",
    "Event",
    "Favorite",
    "Follow",
    "ModerationAction",
    "Tag",
    "User",
]
