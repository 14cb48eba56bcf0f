"""Schemathesis hooks for tests/test_fuzz.py (loaded through SCHEMATHESIS_HOOKS).

With FUZZ_AUTH=1, requests carry the token of a freshly registered user, renewed every few
seconds (a fresh user per window keeps its requests independent of what earlier ones changed).
"""

import os
import uuid
from typing import Any

import requests
import schemathesis

BASE_URL = os.environ["FUZZ_BASE_URL"]
TOKEN_LIFETIME = 5  # seconds


if os.environ.get("FUZZ_AUTH") == "1":

    @schemathesis.auth(refresh_interval=TOKEN_LIFETIME)
    class FreshUser:
        def get(self, case: Any, context: Any) -> str:
            name = f"fz{uuid.uuid4().hex[:12]}"
            user = {"username": name, "email": f"{name}@example.com", "password": "fuzz-password"}
            response = requests.post(f"{BASE_URL}/api/users", json={"user": user}, timeout=30)
            response.raise_for_status()
            return str(response.json()["user"]["token"])

        def set(self, case: Any, data: str, context: Any) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}
