"""The production stack for tests/test_deploy.py, on free ports: PgBouncer (deploy/pgbouncer.ini),
groups of workers (`python -m core.config.serve`, what `make serve` runs), nginx
(deploy/nginx.conf). The shipped files are used as they are, with only their ports, paths,
host names and credentials replaced (each replacement must match exactly once).
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg

from tests.live import ROOT, free_port

DEPLOY = ROOT / "deploy"


def render(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        if text.count(old) != 1:
            raise AssertionError(f"{old!r} appears {text.count(old)} times in the shipped config")
        text = text.replace(old, new)
    return text


def _as_postgres(command: list[str]) -> list[str]:
    # PgBouncer refuses to run as root; CI runs as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def wait_for(check: Callable[[], bool], what: str, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, httpx.TransportError, psycopg.OperationalError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"not within {within} s: {what}")


# --- PgBouncer ----------------------------------------------------------------------------------


@dataclass
class PgBouncer:
    directory: Path
    port: int
    database: str
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.database}"

    def start(self) -> None:
        log = (self.directory / "pgbouncer.log").open("ab")
        self.process = subprocess.Popen(
            _as_postgres(["pgbouncer", str(self.directory / "pgbouncer.ini")]),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self._answers, "PgBouncer answers", within=20)

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError((self.directory / "pgbouncer.log").read_text())
        with psycopg.connect(self.url.replace("postgres://", "postgresql://"), connect_timeout=2):
            return True

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: immediate shutdown
            self.process.wait(10)
        self.process = None


@contextmanager
def pgbouncer(database_url: str) -> Iterator[PgBouncer]:
    parts = urlsplit(database_url)
    database = parts.path.lstrip("/")
    directory = Path(tempfile.mkdtemp(prefix="conduit-pgbouncer-"))
    directory.chmod(0o755)
    port = free_port()
    (directory / "userlist.txt").write_text('"postgres" ""\n')
    ini = render(
        (DEPLOY / "pgbouncer.ini").read_text(),
        {
            "conduit = host=127.0.0.1 port=5432 dbname=conduit": (
                f"{database} = host={parts.hostname or '127.0.0.1'} port={parts.port or 5432} "
                f"dbname={database}"
            ),
            "listen_port = 6432": f"listen_port = {port}",
            "auth_type = scram-sha-256": "auth_type = trust",  # the CI PostgreSQL trusts too
            "auth_file = /etc/pgbouncer/userlist.txt": f"auth_file = {directory}/userlist.txt",
            "logfile = /var/log/postgresql/pgbouncer.log": "logfile =",
            # The CI PostgreSQL is shared: a few server connections are plenty here.
            "default_pool_size = 20": "default_pool_size = 4",
            "reserve_pool_size = 5": "reserve_pool_size = 1",
            "pidfile = /var/run/postgresql/pgbouncer.pid": "pidfile =",
        },
    )
    (directory / "pgbouncer.ini").write_text(ini)
    for path in directory.iterdir():
        path.chmod(0o644)
    bouncer = PgBouncer(directory, port, database)
    bouncer.start()
    try:
        yield bouncer
    finally:
        bouncer.stop()
        shutil.rmtree(directory, ignore_errors=True)


# --- Workers ------------------------------------------------------------------------------------


@dataclass
class WorkerGroup:
    """`python -m core.config.serve` on its own port: uvicorn's supervisor and its workers."""

    port: int
    workers: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "core.config.serve", "--port", str(self.port),
                   "--workers", str(self.workers), "--no-access-log"]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT
        )

    def wait_serving(self) -> None:
        def serving() -> bool:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"the workers exited:\n{self.log.read_text()[-3000:]}")
            ok = httpx.get(f"{self.url}/api/health", timeout=5).status_code == 200
            return ok and len(self.pids()) == self.workers

        wait_for(serving, f"workers on :{self.port}", within=180)  # a busy machine is slow

    def pids(self) -> set[int]:
        """The worker processes (the supervisor's children that run a worker)."""
        if self.process is None:
            return set()
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except FileNotFoundError:
            return set()
        found = set()
        for child in children:
            try:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            except FileNotFoundError:
                continue
            if b"spawn_main" in cmdline:
                found.add(int(child))
        return found

    def rolling_restart(self, within: float = 150) -> tuple[set[int], set[int]]:
        """SIGHUP: uvicorn replaces each worker, the new one serving before the old one stops.
        Returns the old and the new worker pids once every old one has exited."""
        old = self.pids()
        assert self.process is not None
        self.process.send_signal(signal.SIGHUP)

        def replaced() -> bool:
            now = self.pids()
            return len(now) == self.workers and not (now & old)

        wait_for(replaced, f"workers on :{self.port} replaced", within=within)
        return old, self.pids()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def production_env(base: dict[str, str], database_url: str, **extra: str) -> dict[str, str]:
    """A worker's environment as docs/deploy.md sets it, on loopback HTTP (no TLS here, so no
    HTTPS redirect)."""
    return {
        **{k: v for k, v in base.items() if k not in {"DEBUG", "SQLITE_PATH"}},
        "DJANGO_SETTINGS_MODULE": "core.config.settings",
        "CONDUIT_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "JWT_SECRET": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": database_url,
        "DB_PREPARED_STATEMENTS": "false",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


# --- nginx --------------------------------------------------------------------------------------


@dataclass
class Nginx:
    directory: Path
    port: int
    process: subprocess.Popen[bytes] | None = None
    upstreams: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def error_log(self) -> str:
        return (self.directory / "error.log").read_text()


MAIN_CONF = """
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log {dir}/access.log;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    include {dir}/conduit.conf;
}}
"""


@contextmanager
def nginx(upstreams: list[int], overrides: dict[str, str] | None = None) -> Iterator[Nginx]:
    """nginx with deploy/nginx.conf in front of `upstreams`; `overrides`: further replacements
    (bench/deployed.py lifts the request rate for its single wrk client; the tests add none)."""
    directory = Path(tempfile.mkdtemp(prefix="conduit-nginx-"))
    directory.chmod(0o755)
    (directory / "tmp").mkdir(mode=0o777)
    (directory / "tmp").chmod(0o777)  # nginx's workers run as nobody under a root master
    port = free_port()
    servers = "\n    ".join(f"server 127.0.0.1:{p} max_fails=0;" for p in upstreams)
    site = render(
        (DEPLOY / "nginx.conf").read_text(),
        {
            "listen 80 default_server;": f"listen 127.0.0.1:{port} default_server;",
            "listen 80;": f"listen 127.0.0.1:{port};",
            "server_name conduit.example.com;": "server_name 127.0.0.1 localhost;",
            "server 127.0.0.1:8000 max_fails=0;": servers,
            **(overrides or {}),
        },
    )
    (directory / "conduit.conf").write_text(site)
    (directory / "nginx.conf").write_text(MAIN_CONF.format(dir=directory))
    check = subprocess.run(
        ["nginx", "-t", "-c", str(directory / "nginx.conf"), "-p", str(directory)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    server = Nginx(directory, port, upstreams=upstreams)
    server.process = subprocess.Popen(
        ["nginx", "-c", str(directory / "nginx.conf"), "-p", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=(directory / "stderr.log").open("wb"),
    )
    try:
        wait_for(lambda: httpx.get(f"{server.url}/api/health", timeout=5).status_code == 200,
                 "nginx answers", within=30)  # fmt: skip
        yield server
    finally:
        server.process.terminate()  # SIGTERM: fast shutdown
        server.process.wait(10)
        shutil.rmtree(directory, ignore_errors=True)
