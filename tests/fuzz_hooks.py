"""Schemathesis hooks for tests/test_fuzz.py (loaded through SCHEMATHESIS_HOOKS).

The operations that require a token (their `security` has no anonymous alternative) carry the
token of a user registered for the run; the others are called without one. The fuzzer changes
that user's password (PUT /user), which revokes every earlier token: it goes on with the token
the response carries, as a client does. (A token renewed on a timer made the run depend on
the machine's speed: which requests met a revoked token, and so which states were explored.)

Renamed articles are followed. A new title moves an article to a new slug (PUT
/articles/{slug}), and the old slug answers 404. The stateful phase follows links from every
response it has kept, so after create → update-with-a-new-title it may still comment on, favorite
or read the article under the slug the create returned: a 404 that schemathesis reports as "not
available after creation" whenever hypothesis happens to draw that order. A client follows the
move (the update's response and the `article.updated` event name the new slug); so does the
fuzzer: a slug known to have moved is replaced by the article's current one before the request.
"""

import json
import os
import uuid
from pathlib import Path
from typing import Any

import requests
import schemathesis

BASE_URL = os.environ["FUZZ_BASE_URL"]
CREATE_ARTICLE = "POST /api/articles"
UPDATE_ARTICLE = "PUT /api/articles/{slug}"
UPDATE_USER = "PUT /api/user"

moved: dict[str, str] = {}  # old slug → the slug the same article got by its next rename


def current_slug(slug: str) -> str:
    seen = set()
    while slug in moved and slug not in seen:
        seen.add(slug)
        slug = moved[slug]
    return slug


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    slug = (case.path_parameters or {}).get("slug")
    if isinstance(slug, str) and slug in moved:
        case.path_parameters["slug"] = current_slug(slug)


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    label = case.operation.label
    if label == UPDATE_USER and response.status_code == 200 and FreshUser.token is not None:
        sent = (case.headers or {}).get("Authorization")
        if sent == f"Token {FreshUser.token}":  # our user's, not a generated header
            FreshUser.token = str(response.json()["user"]["token"])
    if not (label in (CREATE_ARTICLE, UPDATE_ARTICLE) and 200 <= response.status_code < 300):
        return
    slug = response.json()["article"]["slug"]
    moved.pop(slug, None)  # the slug names this article now, whatever it named before
    if label == UPDATE_ARTICLE and case.path_parameters["slug"] != slug:
        moved[case.path_parameters["slug"]] = slug


class FreshUser:
    token: str | None = None  # the current token of the run's user

    def get(self, case: Any, context: Any) -> str:
        if FreshUser.token is None:
            name = f"fz{uuid.uuid4().hex[:12]}"
            user = {"username": name, "email": f"{name}@example.com", "password": "fuzz-password"}
            response = requests.post(f"{BASE_URL}/api/users", json={"user": user}, timeout=30)
            response.raise_for_status()
            FreshUser.token = str(response.json()["user"]["token"])
        return FreshUser.token

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


def _token_required() -> list[str]:
    spec = json.loads((Path(__file__).parent.parent / "openapi.json").read_text())
    return [
        operation["operationId"]
        for path in spec["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict)
        and operation.get("security")
        and {} not in operation["security"]
    ]


# No caching by schemathesis (refresh_interval=None): `get` runs before every request and
# answers the token of the moment.
schemathesis.auth(refresh_interval=None).apply_to(operation_id=_token_required())(FreshUser)
