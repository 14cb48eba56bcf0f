"""Path parameters shared by several routers, documented once."""

from typing import Annotated

from ninja import Path

ArticleSlug = Annotated[
    str, Path(description="The article's slug, made from its title: `how-to-train-your-dragon`.")
]
ProfileUsername = Annotated[str, Path(description="The username of the profile.")]
CommentId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The comment's id.")]
