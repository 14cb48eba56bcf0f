from dataclasses import dataclass
from typing import Annotated, Any, Self

from pydantic import BaseModel, StringConstraints, model_validator

from core.domain import limits, models
from schemas import examples
from schemas.common import Body
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


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A user with the token their response carries: what `User` reads (the token here, every
    other field from the user)."""

    user: models.User
    token: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.user, name)


class User(Body):
    model_config = example(examples.USER)

    email: str
    token: str
    username: str
    bio: str | None
    image: str | None


class LoginUserRequest(BaseModel):
    user: LoginUser


class NewUserRequest(BaseModel):
    user: NewUser


class UpdateUserRequest(BaseModel):
    user: UpdateUser


class UserResponse(Body):
    user: User
