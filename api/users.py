from typing import cast

from django.http import HttpRequest
from ninja import Router, Status

from api import throttle
from api.auth import session, token
from api.responses import CONFLICT, INVALID, UNAUTHORIZED
from core.auth import token_issue
from core.errors import Unauthorized
from core.services.users import UserChanges, user_login, user_register, user_update
from schemas.users import LoginUserRequest, NewUserRequest, UpdateUserRequest, User, UserResponse

router = Router(tags=["User and Authentication"])


@router.post(
    "/users/login",
    response={200: UserResponse, **UNAUTHORIZED, **INVALID},
    operation_id="Login",
    summary="Existing user login",
    description=(
        "Login for existing user. A wrong email or password gives 401. Too many attempts from "
        "one client, or too many failed attempts on one account, give 429."
    ),
)
async def login(request: HttpRequest, payload: LoginUserRequest) -> UserResponse:
    email = payload.user.email
    await throttle.login_attempt(request, email=email)
    try:
        user = await user_login(email=email, password=payload.user.password)
    except Unauthorized:
        await throttle.login_failed(email=email)
        raise
    return UserResponse(user=User.of(user, token=token_issue(user)))


@router.post(
    "/users",
    response={201: UserResponse, **CONFLICT, **INVALID},
    operation_id="CreateUser",
    summary="Register a new user",
    description=(
        "Register a new user. A username or email already taken gives 409. Too many attempts "
        "from one client, or for one email, give 429."
    ),
)
async def register(request: HttpRequest, payload: NewUserRequest) -> Status[UserResponse]:
    new = payload.user
    await throttle.registration_attempt(request, email=new.email)
    user = await user_register(username=new.username, email=new.email, password=new.password)
    return Status(201, UserResponse(user=User.of(user, token=token_issue(user))))


@router.get(
    "/user",
    auth=token,
    response={200: UserResponse, **UNAUTHORIZED, **INVALID},
    operation_id="GetCurrentUser",
    summary="Get current user",
    description="Gets the currently logged-in user, with the token that was sent.",
)
async def current_user(request: HttpRequest) -> UserResponse:
    current = session(request)
    return UserResponse(user=User.of(current.user, token=current.token))


@router.put(
    "/user",
    auth=token,
    response={200: UserResponse, **UNAUTHORIZED, **CONFLICT, **INVALID},
    operation_id="UpdateCurrentUser",
    summary="Update current user",
    description=(
        "Update the current user's fields; only the fields sent change. A new password revokes "
        "every earlier token: use the token in the response."
    ),
)
async def update_current_user(request: HttpRequest, payload: UpdateUserRequest) -> UserResponse:
    changes = cast(UserChanges, payload.user.model_dump(exclude_unset=True))
    user = await user_update(user=session(request).user, changes=changes)
    return UserResponse(user=User.of(user, token=token_issue(user)))
