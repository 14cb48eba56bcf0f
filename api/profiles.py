from django.http import HttpRequest, HttpResponse
from ninja import Router

from api import throttle
from api.auth import deferred_token, optional_token, viewer, writer
from api.params import ProfileUsername
from api.rendering import respond
from api.responses import INVALID, NOT_FOUND, UNAUTHORIZED
from core.domain.selectors.profiles import profile_get
from core.domain.services.profiles import profile_follow, profile_unfollow
from schemas.profiles import ProfileResponse

router = Router(tags=["Profile"])

RESPONSES = {200: ProfileResponse, **UNAUTHORIZED, **NOT_FOUND, **INVALID}


@router.get(
    "/profiles/{username}",
    auth=optional_token,
    response=RESPONSES,
    operation_id="GetProfileByUsername",
    summary="Get a profile",
    description="Get a profile of a user of the system. Auth is optional.",
)
async def get_profile(request: HttpRequest, username: ProfileUsername) -> HttpResponse:
    async with throttle.probe(request):  # a 404 tells that no such user exists
        profile = await profile_get(username=username, viewer=viewer(request))
    return respond(ProfileResponse, {"profile": profile})


@router.post(
    "/profiles/{username}/follow",
    auth=deferred_token,
    response=RESPONSES,
    operation_id="FollowUserByUsername",
    summary="Follow a user",
    description="Follow a user by username. Following twice is harmless; following yourself is 422.",
)
async def follow(request: HttpRequest, username: ProfileUsername) -> HttpResponse:
    async with throttle.probe(request):
        profile = await profile_follow(follower=writer(request), username=username)
    return respond(ProfileResponse, {"profile": profile})


@router.delete(
    "/profiles/{username}/follow",
    auth=deferred_token,
    response=RESPONSES,
    operation_id="UnfollowUserByUsername",
    summary="Unfollow a user",
    description="Unfollow a user by username. Unfollowing someone not followed is harmless.",
)
async def unfollow(request: HttpRequest, username: ProfileUsername) -> HttpResponse:
    async with throttle.probe(request):
        profile = await profile_unfollow(follower=writer(request), username=username)
    return respond(ProfileResponse, {"profile": profile})
