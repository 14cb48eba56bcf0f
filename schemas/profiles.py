from typing import Any

from pydantic import BaseModel

from core.domain.selectors.profiles import ProfileView
from schemas import examples
from schemas.examples import example


class Profile(BaseModel):
    model_config = example(examples.PROFILE)

    username: str
    bio: str | None
    image: str | None
    following: bool


def profile_json(profile: ProfileView) -> dict[str, Any]:
    """A `Profile` on the wire."""
    return {
        "username": profile.username,
        "bio": profile.bio,
        "image": profile.image,
        "following": profile.following,
    }


class ProfileResponse(BaseModel):
    profile: Profile
