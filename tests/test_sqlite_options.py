"""Every SQLite configuration gets the same options (WAL, immediate transactions, a lock
timeout), a `DATABASE_URL=sqlite:///path` too: without them 20 concurrent writes got 503
"database is locked"."""

import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest

from tests import live

pytestmark = pytest.mark.live

SHOW = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
)


def options(**env: str) -> dict[str, object]:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    base["DJANGO_SETTINGS_MODULE"] = "core.config.settings"
    out = subprocess.run(
        [sys.executable, "-c", SHOW], env={**base, **env}, cwd=live.ROOT,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found: dict[str, object] = json.loads(out.stdout)
    return found


def test_a_sqlite_url_gets_the_sqlite_options(tmp_path: Path) -> None:
    default = options(SQLITE_PATH=str(tmp_path / "a.sqlite3"))
    assert default["transaction_mode"] == "IMMEDIATE"
    assert options(DATABASE_URL=f"sqlite:///{tmp_path}/b.sqlite3") == default


async def test_concurrent_writes_on_a_sqlite_url_all_succeed(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path}/url.sqlite3",
        RATE_LIMIT_CLIENT="off",
        RATE_LIMIT_REGISTER_IP="off",
    )
    live.migrate(env)
    with live.serving(env, tmp_path / "uvicorn.log") as server:
        async with httpx.AsyncClient(base_url=f"{server.url}/api", timeout=60) as http:
            name = f"w{uuid.uuid4().hex[:8]}"
            user = {"username": name, "email": f"{name}@example.com", "password": "p" * 12}
            registered = await http.post("/users", json={"user": user})
            token = registered.json()["user"]["token"]

            async def create(n: int) -> int:
                article = {"title": f"Concurrent {n}", "description": "d", "body": "b",
                           "tagList": [f"t{n}", "shared"]}  # fmt: skip
                r = await http.post(
                    "/articles",
                    json={"article": article},
                    headers={"Authorization": f"Token {token}"},
                )
                return r.status_code

            statuses = await asyncio.gather(*(create(n) for n in range(20)))
    assert statuses == [201] * 20
