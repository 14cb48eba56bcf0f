from schemas import examples
from schemas.common import Body
from schemas.examples import example


class Profile(Body):
    model_config = example(examples.PROFILE)

    username: str
    bio: str | None
    image: str | None
    following: bool


class ProfileResponse(Body):
    profile: Profile
