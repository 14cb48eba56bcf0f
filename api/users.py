from typing import cast

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api import throttle
from api.auth import session, token
from api.rendering import respond
from api.responses import CONFLICT, INVALID, UNAUTHORIZED
from core.domain.auth import token_issue
from core.domain.services.users import UserChanges, user_login, user_register, user_update
from schemas.users import (
    LoginUserRequest,
    NewUserRequest,
    SignedIn,
    UpdateUserRequest,
    UserResponse,
)

router = Router(tags=["User and Authentication"])


@router.post(
    "/users/login",
    response={200: UserResponse, **UNAUTHORIZED, **INVALID},
    operation_id="Login",
    summary="Existing user login",
    description=(
        "Login for existing user. A wrong email or password gives 401. Too many attempts from "
        "one client, or too many failed attempts on one account, give 429 "
        "(docs/security-limits.md)."
    ),
)
async def login(request: HttpRequest, payload: LoginUserRequest) -> HttpResponse:
    email = payload.user.email
    async with throttle.login_attempt(request, email=email):  # its slot held while hashing
        user = await user_login(email=email, password=payload.user.password)
    return respond(UserResponse, {"user": SignedIn(user, token_issue(user))})


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
async def register(request: HttpRequest, payload: NewUserRequest) -> HttpResponse:
    new = payload.user
    await throttle.registration_attempt(request, email=new.email)
    async with throttle.probe(request):
        user = await user_register(username=new.username, email=new.email, password=new.password)
    await throttle.signed_in(request, email=new.email, slot=None)
    return respond(UserResponse, {"user": SignedIn(user, token_issue(user))}, status=201)


@router.get(
    "/user",
    auth=token,
    response={200: UserResponse, **UNAUTHORIZED, **INVALID},
    operation_id="GetCurrentUser",
    summary="Get current user",
    description="Gets the currently logged-in user, with the token that was sent.",
)
async def current_user(request: HttpRequest) -> HttpResponse:
    current = session(request)
    return respond(UserResponse, {"user": SignedIn(current.user, current.token)})


@router.put(
    "/user",
    auth=token,
    response={200: UserResponse, **UNAUTHORIZED, **CONFLICT, **INVALID},
    operation_id="UpdateCurrentUser",
    summary="Update current user",
    description=(
        "Update the current user's fields; only the fields sent change. A new password revokes "
        "every earlier token except the one sent (and the one in the response), and ends the "
        "live-event streams opened with the revoked ones."
    ),
)
async def update_current_user(request: HttpRequest, payload: UpdateUserRequest) -> HttpResponse:
    changes = cast(UserChanges, payload.user.model_dump(exclude_unset=True))
    names = "email" in changes or "username" in changes  # a 409 tells they are taken
    current = session(request)
    async with throttle.probe(request, reveals=names):
        user = await user_update(user=current.user, changes=changes, session=current.viewer.session)
    # The same session: this token and the one sent keep working after a password change.
    return respond(
        UserResponse, {"user": SignedIn(user, token_issue(user, session=current.viewer.session))}
    )
