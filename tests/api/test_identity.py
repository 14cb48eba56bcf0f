"""Usernames and emails are one account per caseless spelling, for every Unicode letter, and
agree on SQLite and PostgreSQL (core.domain.models.users.identity_key): SQLite's LOWER() folds
ASCII only, so "Ärger@…" could not log in there and "ärger@…" became a second account."""

import asyncio
import unicodedata

import pytest

from core.domain.models import User

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse"

# (registered, the same account spelled otherwise)
SPELLINGS = [
    ("Ärger", "ärger"),
    ("ÉLODIE", "élodie"),
    ("Straße", "STRASSE"),
    ("ΟΔΥΣΣΕΥΣ", "οδυσσευς"),
    ("Привет", "пРИВЕТ"),
    ("ǅemal", "ǆemal"),
]


def nfkc(text):
    return unicodedata.normalize("NFKC", text)


async def register(api, username, email):
    user = {"username": username, "email": email, "password": PASSWORD}
    return await api.post("/api/users", {"user": user})


async def login(api, email):
    return await api.post("/api/users/login", {"user": {"email": email, "password": PASSWORD}})


@pytest.mark.parametrize(("name", "_"), SPELLINGS)
async def test_login_with_exactly_the_registered_values(api, name, _):
    email = f"{name}@example.com"
    assert (await register(api, name, email)).status == 201
    r = await login(api, email)
    assert r.status == 200, r.body
    # Usernames are stored NFKC-normalised (core.domain.text): "ǅ" (one letter) becomes "Dž".
    assert (r.body["user"]["username"], r.body["user"]["email"]) == (nfkc(name), email)


@pytest.mark.parametrize(("name", "other"), SPELLINGS)
async def test_another_case_is_the_same_account(api, name, other):
    assert (await register(api, name, f"{name}@example.com")).status == 201
    taken = await register(api, other, f"{other}@example.com")
    assert taken.status == 409
    assert taken.body == {
        "errors": {"username": ["has already been taken"], "email": ["has already been taken"]}
    }
    r = await login(api, f"{other}@example.com")
    assert r.status == 200
    assert r.body["user"]["username"] == nfkc(name)
    assert await User.objects.acount() == 1


async def test_an_update_to_another_case_of_a_taken_name_is_409(api, member):
    assert (await register(api, "Ärger", "Ärger@example.com")).status == 201
    r = await api.put(
        "/api/user",
        {"user": {"username": "ÄRGER", "email": "ärger@EXAMPLE.com"}},
        token=member.token,
    )
    assert r.status == 409
    assert set(r.body["errors"]) == {"username", "email"}


async def test_concurrent_registrations_of_two_cases_make_one_account(api):
    results = await asyncio.gather(
        register(api, "Ärger", "Ärger@example.com"), register(api, "ärger", "ärger@example.com")
    )
    assert sorted(r.status for r in results) == [201, 409]
    assert await User.objects.acount() == 1
