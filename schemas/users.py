from typing import Annotated, Any, Self

from pydantic import BaseModel, StringConstraints, model_validator

from core.domain import limits, models
from schemas import examples
from schemas.examples import example
from schemas.fields import (
    NOT_BLANK,
    PASSWORD_FORMAT,
    SINGLE_LINE,
    SINGLE_LINE_TEXT,
    Bio,
    Email,
    ImageUrl,
    Password,
    Username,
    unset,
)

# Login checks only that something was typed: the length rules apply when a password is set.
_Typed = Annotated[
    str, StringConstraints(min_length=1, max_length=limits.PASSWORD_MAX), PASSWORD_FORMAT
]


class LoginUser(BaseModel):
    model_config = example(examples.LOGIN_USER)

    email: Annotated[
        str,
        StringConstraints(min_length=1, max_length=limits.EMAIL_MAX),
        NOT_BLANK,
        SINGLE_LINE_TEXT,
        SINGLE_LINE,
    ]
    password: _Typed


class NewUser(BaseModel):
    model_config = example(examples.NEW_USER)

    username: Username
    email: Email
    password: Password


class UpdateUser(BaseModel):
    """Only the fields present change; `bio` and `image` accept null (or "") to clear them."""

    model_config = example(examples.UPDATE_USER, minProperties=1)

    email: Email = unset()
    password: Password = unset()
    username: Username = unset()
    bio: Bio = unset()
    image: ImageUrl = unset()

    @model_validator(mode="after")
    def _something_to_change(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("must contain at least one field")
        return self


class User(BaseModel):
    model_config = example(examples.USER)

    email: str
    token: str
    username: str
    bio: str | None
    image: str | None


def user_json(user: models.User, *, token: str) -> dict[str, Any]:
    """A `User` on the wire."""
    return {
        "email": user.email,
        "token": token,
        "username": user.username,
        "bio": user.bio,
        "image": user.image,
    }


class LoginUserRequest(BaseModel):
    user: LoginUser


class NewUserRequest(BaseModel):
    user: NewUser


class UpdateUserRequest(BaseModel):
    user: UpdateUser


class UserResponse(BaseModel):
    user: User
