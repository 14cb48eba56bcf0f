"""Users and authentication: POST /users, POST /users/login, GET /user, PUT /user."""

import pytest

from core.domain.models import User

pytestmark = pytest.mark.django_db(transaction=True)

JAKE = {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}


async def register(api, **fields):
    return await api.post("/api/users", {"user": {**JAKE, **fields}})


# --- register ------------------------------------------------------------------------------


async def test_register_returns_201_with_user_and_token(api):
    r = await register(api)
    assert r.status == 201
    user = r.body["user"]
    assert set(user) == {"email", "token", "username", "bio", "image"}
    assert user["username"] == "jake"
    assert user["email"] == "jake@jake.jake"
    assert user["bio"] is None
    assert user["image"] is None
    assert isinstance(user["token"], str)
    assert user["token"]


async def test_register_token_authenticates(api):
    token = (await register(api)).body["user"]["token"]
    r = await api.get("/api/user", token=token)
    assert r.status == 200
    assert r.body["user"]["username"] == "jake"


async def test_register_never_stores_the_password(api):
    await register(api)
    user = await User.objects.aget(username="jake")
    assert user.password != "jakejake"
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize("field", ["username", "email", "password"])
@pytest.mark.parametrize("value", ["", "   ", None])
async def test_register_blank_field_is_422(api, field, value):
    r = await register(api, **{field: value})
    assert r.status == 422
    assert r.body == {"errors": {field: ["can't be blank"]}}


async def test_register_missing_fields_are_all_reported(api):
    r = await api.post("/api/users", {"user": {}})
    assert r.status == 422
    assert r.body["errors"] == {
        "username": ["can't be blank"],
        "email": ["can't be blank"],
        "password": ["can't be blank"],
    }


async def test_register_without_user_wrapper_is_422(api):
    r = await api.post("/api/users", JAKE)
    assert r.status == 422
    assert r.body == {"errors": {"user": ["can't be blank"]}}


async def test_register_password_shorter_than_8_is_422(api):
    r = await register(api, password="seven77")
    assert r.status == 422
    assert r.body == {"errors": {"password": ["is too short (minimum is 8 characters)"]}}


@pytest.mark.parametrize("password", ["12345678", "x" * 64, "ünïcödé pässwörd 🔑", "p" * 256])
async def test_register_accepts_passwords_from_8_to_256_characters(api, password):
    r = await register(api, password=password)
    assert r.status == 201
    login = await api.post(
        "/api/users/login", {"user": {"email": JAKE["email"], "password": password}}
    )
    assert login.status == 200


async def test_register_password_is_not_stripped(api):
    await register(api, password="  spaced out  ")
    r = await api.post(
        "/api/users/login", {"user": {"email": JAKE["email"], "password": "spaced out"}}
    )
    assert r.status == 401


async def test_register_too_long_username_is_422(api):
    r = await register(api, username="u" * 65)
    assert r.status == 422
    assert r.body == {"errors": {"username": ["is too long (maximum is 64 characters)"]}}


@pytest.mark.parametrize("username", ["has space", "slash/name", "émile?", ".dot"])
async def test_register_username_with_unsafe_characters_is_422(api, username):
    r = await register(api, username=username)
    assert r.status == 422
    assert list(r.body["errors"]) == ["username"]


@pytest.mark.parametrize("username", ["jake_the-dog", "Émile", "u1234567890", "a.b"])
async def test_register_accepts_word_characters_dots_and_hyphens(api, username):
    assert (await register(api, username=username)).status == 201


@pytest.mark.parametrize("email", ["no-at-sign", "two@@signs", "sp ace@x.y"])
async def test_register_malformed_email_is_422(api, email):
    r = await register(api, email=email)
    assert r.status == 422
    assert r.body == {"errors": {"email": ["is invalid"]}}


async def test_register_taken_username_is_409(api):
    await register(api)
    r = await register(api, email="other@example.com")
    assert r.status == 409
    assert r.body == {"errors": {"username": ["has already been taken"]}}


async def test_register_taken_email_is_409(api):
    await register(api)
    r = await register(api, username="other")
    assert r.status == 409
    assert r.body == {"errors": {"email": ["has already been taken"]}}


async def test_register_uniqueness_ignores_case(api):
    await register(api)
    r = await register(api, username="JAKE", email="Jake@Jake.Jake")
    assert r.status == 409
    assert r.body == {
        "errors": {"username": ["has already been taken"], "email": ["has already been taken"]}
    }


async def test_register_ignores_unknown_fields(api):
    r = await register(api, admin=True, token="forged", id=1)
    assert r.status == 201
    assert "admin" not in r.body["user"]
    assert r.body["user"]["token"] != "forged"


# --- login ---------------------------------------------------------------------------------


async def test_login_returns_user_with_token(api, member):
    r = await api.post(
        "/api/users/login", {"user": {"email": member.user.email, "password": member.password}}
    )
    assert r.status == 200
    assert r.body["user"]["username"] == member.user.username
    assert r.body["user"]["email"] == member.user.email
    assert (await api.get("/api/user", token=r.body["user"]["token"])).status == 200


async def test_login_email_ignores_case(api, member):
    r = await api.post(
        "/api/users/login",
        {"user": {"email": member.user.email.upper(), "password": member.password}},
    )
    assert r.status == 200


async def test_login_wrong_password_is_401(api, member):
    r = await api.post(
        "/api/users/login", {"user": {"email": member.user.email, "password": "wrong password"}}
    )
    assert r.status == 401
    assert r.body == {"errors": {"credentials": ["invalid"]}}


async def test_login_unknown_email_looks_like_a_wrong_password(api):
    r = await api.post(
        "/api/users/login", {"user": {"email": "nobody@example.com", "password": "whatever1"}}
    )
    assert r.status == 401
    assert r.body == {"errors": {"credentials": ["invalid"]}}


@pytest.mark.parametrize("field", ["email", "password"])
async def test_login_blank_field_is_422(api, field):
    credentials = {"email": "jake@jake.jake", "password": "jakejake", field: ""}
    r = await api.post("/api/users/login", {"user": credentials})
    assert r.status == 422
    assert r.body == {"errors": {field: ["can't be blank"]}}


async def test_login_does_not_apply_password_length_rules(api):
    r = await api.post(
        "/api/users/login", {"user": {"email": "jake@jake.jake", "password": "short"}}
    )
    assert r.status == 401


# --- current user --------------------------------------------------------------------------


async def test_current_user_returns_the_token_sent(api, member):
    r = await api.get("/api/user", token=member.token)
    assert r.status == 200
    assert r.body == {
        "user": {
            "email": member.user.email,
            "token": member.token,
            "username": member.user.username,
            "bio": None,
            "image": None,
        }
    }


async def test_current_user_without_token_is_401(api):
    r = await api.get("/api/user")
    assert r.status == 401
    assert r.body == {"errors": {"token": ["is missing"]}}


async def test_current_user_accepts_bearer_scheme(api, member):
    r = await api.get("/api/user", headers={"Authorization": f"Bearer {member.token}"})
    assert r.status == 200


@pytest.mark.parametrize(
    "header", ["Token", "Token ", "Basic abc", "Token not.a.jwt", "Token a.b.c", "tokenonly"]
)
async def test_current_user_with_malformed_authorization_is_401(api, header):
    r = await api.get("/api/user", headers={"Authorization": header})
    assert r.status == 401
    assert r.body == {"errors": {"token": ["is invalid"]}}


# --- update --------------------------------------------------------------------------------


async def test_update_changes_only_the_fields_sent(api, member):
    r = await api.put("/api/user", {"user": {"bio": "I like to skateboard"}}, token=member.token)
    assert r.status == 200
    assert r.body["user"]["bio"] == "I like to skateboard"
    assert r.body["user"]["username"] == member.user.username
    assert r.body["user"]["email"] == member.user.email
    again = await api.get("/api/user", token=member.token)
    assert again.body["user"]["bio"] == "I like to skateboard"


async def test_update_every_field(api, member):
    changes = {
        "username": "renamed",
        "email": "renamed@example.com",
        "bio": "New bio",
        "image": "https://example.com/photo.jpg",
        "password": "a brand new password",
    }
    r = await api.put("/api/user", {"user": changes}, token=member.token)
    assert r.status == 200
    user = r.body["user"]
    assert {k: user[k] for k in ("username", "email", "bio", "image")} == {
        k: changes[k] for k in ("username", "email", "bio", "image")
    }
    login = await api.post(
        "/api/users/login",
        {"user": {"email": "renamed@example.com", "password": "a brand new password"}},
    )
    assert login.status == 200
    assert (await api.get("/api/user", token=user["token"])).status == 200


@pytest.mark.parametrize("field", ["bio", "image"])
@pytest.mark.parametrize("empty", [None, "", "  "])
async def test_update_bio_and_image_can_be_cleared_to_null(api, member, field, empty):
    value = "https://example.com/a.png" if field == "image" else "something"
    await api.put("/api/user", {"user": {field: value}}, token=member.token)
    r = await api.put("/api/user", {"user": {field: empty}}, token=member.token)
    assert r.status == 200
    assert r.body["user"][field] is None
    assert (await api.get("/api/user", token=member.token)).body["user"][field] is None


@pytest.mark.parametrize("field", ["email", "username", "password"])
@pytest.mark.parametrize("value", ["", None])
async def test_update_cannot_empty_or_null_credentials(api, member, field, value):
    r = await api.put("/api/user", {"user": {field: value}}, token=member.token)
    assert r.status == 422
    assert r.body == {"errors": {field: ["can't be blank"]}}
    login = await api.post(
        "/api/users/login", {"user": {"email": member.user.email, "password": member.password}}
    )
    assert login.body["user"]["username"] == member.user.username


async def test_update_short_password_is_422(api, member):
    r = await api.put("/api/user", {"user": {"password": "short7c"}}, token=member.token)
    assert r.status == 422
    assert r.body == {"errors": {"password": ["is too short (minimum is 8 characters)"]}}


async def test_update_with_no_fields_is_422(api, member):
    r = await api.put("/api/user", {"user": {}}, token=member.token)
    assert r.status == 422
    assert r.body == {"errors": {"user": ["must contain at least one field"]}}


@pytest.mark.parametrize(
    "image", ["javascript:alert(1)", "ftp://example.com/a.png", "not a url", "//example.com/a.png"]
)
async def test_update_image_must_be_an_http_url(api, member, image):
    r = await api.put("/api/user", {"user": {"image": image}}, token=member.token)
    assert r.status == 422
    assert r.body == {"errors": {"image": ["must be an http or https URL"]}}


async def test_update_to_own_email_is_allowed(api, member):
    r = await api.put("/api/user", {"user": {"email": member.user.email}}, token=member.token)
    assert r.status == 200


async def test_update_to_taken_username_or_email_is_409(api, member, other):
    r = await api.put(
        "/api/user",
        {"user": {"username": other.user.username, "email": other.user.email.upper()}},
        token=member.token,
    )
    assert r.status == 409
    assert r.body == {
        "errors": {"username": ["has already been taken"], "email": ["has already been taken"]}
    }


async def test_username_change_keeps_tokens_valid(api, member):
    await api.put("/api/user", {"user": {"username": "newname"}}, token=member.token)
    r = await api.get("/api/user", token=member.token)
    assert r.status == 200
    assert r.body["user"]["username"] == "newname"


async def test_update_without_token_is_401(api):
    r = await api.put("/api/user", {"user": {"bio": "x"}})
    assert r.status == 401
    assert r.body == {"errors": {"token": ["is missing"]}}


async def test_deleted_user_token_is_401(api, member):
    await User.objects.filter(pk=member.user.pk).adelete()
    r = await api.get("/api/user", token=member.token)
    assert r.status == 401
    assert r.body == {"errors": {"token": ["is invalid"]}}
