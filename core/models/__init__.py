from core.models.articles import Article, ArticleTag, Favorite, Tag
from core.models.comments import Comment
from core.models.events import Event
from core.models.users import Follow, User

__all__ = ["Article", "ArticleTag", "Comment", "Event", "Favorite", "Follow", "Tag", "User"]
