"""Throwaway PostgreSQL and Redis servers on free ports, for the fault tests to stop and start.

The machine's own servers are never touched: other work (and other test runs) use them.
"""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.live import free_port


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"PostgreSQL's {name} is not installed")
    return path


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    directory: Path
    port: int

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        subprocess.run(
            _as_postgres(
                [
                    _pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "log"),
                    "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
                    "-c fsync=off -c full_page_writes=off",
                    "-w", "-t", "60", "start",
                ]
            ),
            check=True,
            capture_output=True,
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]),
            check=True,
            capture_output=True,
        )

    def create_database(self, name: str) -> str:
        with psycopg.connect(
            self.url().replace("postgres://", "postgresql://"), autocommit=True
        ) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextmanager
def postgres() -> Iterator[Postgres]:
    """A new PostgreSQL cluster, running, removed afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="conduit-pg-"))
    directory.chmod(0o755)
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(directory, owner.pw_uid, owner.pw_gid)
    server = Postgres(directory, free_port())
    try:
        subprocess.run(
            _as_postgres(
                [_pg_bin("initdb"), "-D", str(server.data), "-A", "trust", "-U", "postgres",
                 "-E", "UTF8", "--no-sync"]
            ),
            check=True,
            capture_output=True,
        )  # fmt: skip
        server.start()
        yield server
    finally:
        subprocess.run(
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(server.data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class Redis:
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            ping = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            )
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


@contextmanager
def redis() -> Iterator[Redis]:
    """A new Redis server, running, stopped afterwards."""
    server = Redis(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()
