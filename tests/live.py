"""Real servers for end-to-end tests: a fresh database and uvicorn processes on free ports."""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fresh_database(tmp_dir: Path) -> Iterator[dict[str, str]]:
    """Environment variables naming a new, migrated database of the kind the tests run on."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env["CONDUIT_ENV"] = "development"  # explicitly: production refuses to start without secrets
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        name = f"conduit_live_{uuid.uuid4().hex[:8]}"
        admin = _admin_dsn(db)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = _url(db, name)
        try:
            migrate(env)
            yield env
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["SQLITE_PATH"] = str(tmp_dir / "live.sqlite3")
        migrate(env)
        yield env


def _url(db: dict[str, Any], name: str) -> str:
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def _admin_dsn(db: dict[str, Any]) -> str:
    return _url(db, "postgres")


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self, timeout: float = 10) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_server(env: dict[str, str], log: Path, *extra: str) -> Server:
    """uvicorn serving the app on a free port, once it answers."""
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "core.config.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off",
        "--loop", "uvloop", "--http", "httptools", *extra,
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    # Generous: on a busy two-core machine a cold start (imports, first pool) can take a while.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited:\n{log.read_text()}")
        try:
            if httpx.get(f"{server.url}/api/health", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"uvicorn did not answer within 90 s:\n{log.read_text()}")


@contextmanager
def serving(env: dict[str, str], log: Path, *extra: str) -> Iterator[Server]:
    """`start_server`, stopped when the block ends."""
    server = start_server(env, log, *extra)
    try:
        yield server
    finally:
        server.stop()
