from typing import Self

from pydantic import BaseModel

from core import models
from schemas import examples
from schemas.examples import example


class Profile(BaseModel):
    model_config = example(examples.PROFILE)

    username: str
    bio: str | None
    image: str | None
    following: bool

    @classmethod
    def of(cls, user: models.User, *, following: bool) -> Self:
        return cls(username=user.username, bio=user.bio, image=user.image, following=following)


class ProfileResponse(BaseModel):
    profile: Profile
