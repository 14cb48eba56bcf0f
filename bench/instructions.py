"""Instructions per request, counted by valgrind's callgrind: a side-by-side measure that other
tenants of a shared machine do not move.

`make bench` measures CPU time, which other tenants of a shared machine inflate (seen here: 13-36 %
steal on a 2-core VM while the bench loaded it, one run's figures 1.5 to 2 times another's). Callgrind
counts the instructions the application executes for N requests of one endpoint, sent in-process
to its ASGI application one at a time (no uvicorn, no network, no wrk). PostgreSQL's work is not
counted, nor the kernel's (thread wake-ups, sockets). It complements `make bench`, it does not
replace it: one client, no concurrency.

Run it on a machine otherwise idle. Two runs side by side (two checkouts each, two databases)
agreed within 1 %; but while the test suite loaded the machine, some endpoints counted 2-3 times
their idle figure, in most windows of a run: something in the process (not found yet) does work
in proportion to how long it waits.

    python bench/instructions.py --baseline /path/to/other/checkout --only tags favorite

Each endpoint's requests are `bench/run.py`'s, on its database (seeded if empty, `--seed`). Under
valgrind the application starts with instrumentation off, answers WARMUP requests (connections,
prepared statements, caches) and one `GET /api/user` per token the measured requests send (as
clients do, each has used its token before: `make bench` replays its requests in a loop), then
this script switches it on for the measured requests only (the warm-up's objects frozen out of
the collector's way first: a full collection over them, falling in one run's window and not in
another's, moved a count by 2x).
About 30-90 s per endpoint and checkout.
"""

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run

WARMUP = 30
# The measured requests are counted in this many windows; the median window is the figure. Work
# that falls in one window and not another (a first-time import, a timer, a collection) then
# moves one window, not the figure.
WINDOWS = 5
DEFAULT = [
    "tags",
    "get article",
    "list articles",
    "favorite",
    "comment",
    "follow",
    "create article",
]

# Run inside a checkout (cwd): replays the requests of a JSON file against its ASGI application,
# the first WARMUP before the gate opens (GATE.ready: this process's id; GATE.go: measure), the
# rest after; GATE.done when they are answered. Every answer must be a success.
CLIENT = r"""
import asyncio, gc, importlib.util, json, os, pathlib, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.config.settings")
from core.config.asgi import application

requests, warmup, gate = json.loads(pathlib.Path(sys.argv[1]).read_text()), int(sys.argv[2]), sys.argv[3]
windows = int(sys.argv[4])
# This checkout's uvicorn-style requests (tests/asgi.py), whichever checkout is measured.
spec = importlib.util.spec_from_file_location("conduit_asgi", sys.argv[5])
asgi = sys.modules["conduit_asgi"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(asgi)

async def call(n, method, path, token, body):
    data = body.replace("{n}", str(n)).encode()
    json_body = [(b"content-type", b"application/json")] if data else []
    answer = await asgi.request(
        application, path, method=method, token=token, body=data, headers=json_body
    )
    if answer.status >= 400:
        raise SystemExit(f"{method} {path}: {answer.status}")

async def main():
    for n, r in enumerate(requests[:warmup]):
        await call(n, *r)
    # What the warm-up allocated is kept out of the collector's way: a collection inside the
    # count then walks only what the measured requests left, not a heap whose size depends on
    # the warm-up (one full collection of it cost as much as 30 requests).
    gc.collect()
    gc.freeze()
    pathlib.Path(gate + ".ready").write_text(str(os.getpid()))
    measured = requests[warmup:]
    size = len(measured) // windows
    for k in range(windows):  # GATE.go.K: count window K; GATE.done.K: it is answered
        while not pathlib.Path(f"{gate}.go.{k}").exists():
            await asyncio.sleep(0.02)
        for n, r in enumerate(measured[k * size : (k + 1) * size], start=warmup + k * size):
            await call(n, *r)
        pathlib.Path(f"{gate}.done.{k}").write_text("")

import uvloop
uvloop.run(main())
"""


def count(
    source: Path, requests: list[list[str]], warmup: int, windows: int, env: dict[str, str]
) -> list[int]:
    """Instructions the checkout `source` executes answering `requests` after the first `warmup`,
    in `windows` equal windows: one count per window."""
    with tempfile.TemporaryDirectory(prefix="conduit-instructions-") as tmp:
        gate, file, out = f"{tmp}/gate", Path(tmp, "requests.json"), f"{tmp}/callgrind.out"
        file.write_text(json.dumps(requests))
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            sys.executable,
            "-c",
            CLIENT,
            str(file),
            str(warmup),
            gate,
            str(windows),
            str(run.ROOT / "tests" / "asgi.py"),
        ]
        env = {**env, "PYTHONPATH": str(source), "PYTHONHASHSEED": "0"}
        with subprocess.Popen(
            command, cwd=source, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
        ) as valgrind:

            def wait_for(path: str) -> None:
                while not Path(path).exists():
                    if valgrind.poll() is not None:
                        raise RuntimeError(f"the client ended: {valgrind.stderr.read()[-2000:]!r}")  # type: ignore[union-attr]
                    time.sleep(0.05)

            def control(*command: str) -> None:
                subprocess.run(
                    ["callgrind_control", *command, pid], check=True, capture_output=True
                )

            wait_for(gate + ".ready")
            pid = Path(gate + ".ready").read_text()
            control("-i", "on")
            for k in range(windows):
                control("-z")  # the client's wait for the gate is not counted
                Path(f"{gate}.go.{k}").touch()
                wait_for(f"{gate}.done.{k}")
                control("-d")  # callgrind.out.<k+1>: this window's counts
            control("-i", "off")
            _, errors = valgrind.communicate()
        if valgrind.returncode != 0:
            raise RuntimeError(errors.decode()[-2000:])
        # Each dump's "totals: <instructions>" line.
        return [
            int(re.search(r"^totals: (\d+)$", Path(f"{out}.{k + 1}").read_text(), re.M)[1])  # type: ignore[index]
            for k in range(windows)
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", type=Path, help="another checkout, measured beside this one")
    parser.add_argument("--only", nargs="+", default=DEFAULT, help="endpoint names (bench/run.py)")
    parser.add_argument("--requests", type=int, default=100, help="measured, per endpoint")
    parser.add_argument("--seed", action="store_true", help="seed the bench database first")
    parser.add_argument("--output", type=Path, default=run.RESULTS)
    parser.add_argument("--label", default="", help="a note stored with the results")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")

    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/conduit_bench"
    )
    run.ensure_database(database_url)
    run.setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.seed:
        call_command("seed", **run.seed_sizes(1.0))
    run.remove_bench_articles()
    chosen = [e for e in run.endpoints(random.Random(5)) if e.name in args.only]
    env = {**os.environ, "DATABASE_URL": database_url, "RATE_LIMIT_CLIENT": "off"}
    env.update(dict.fromkeys(run.ACCOUNT_LIMITS, "off"))
    env["ACCESS_LOG"] = "off"
    # Under valgrind every statement takes far longer by the clock: the slow-query log (its
    # wrapper kept, as in production) would fire on some and count its own work.
    env["SLOW_QUERY_MS"] = "3600000"
    env.pop("DEBUG", None)
    sources = {"conduit": run.ROOT, **({"baseline": args.baseline} if args.baseline else {})}
    # As bench/run.py: our tokens as they are; the baseline's issued by its own code, where it
    # issued one (token formats change between versions).
    tokens = {
        "conduit": {},
        **({"baseline": run.token_map(args.baseline, env, chosen)} if args.baseline else {}),
    }
    total = WARMUP + args.requests
    results: list[dict[str, Any]] = []
    args.output.mkdir(parents=True, exist_ok=True)
    path = args.output / f"instructions-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
    print(f"{'endpoint':22} {'server':9} {'instructions per request':>25}", flush=True)
    try:
        for endpoint in chosen:
            for name, source in sources.items():
                drawn = endpoint.fresh(total) if endpoint.fresh else endpoint.requests
                cycle = [drawn[n % len(drawn)] for n in range(total)]
                requests = [
                    [r.method, r.path, tokens[name].get(r.token, r.token), r.body] for r in cycle
                ]
                # Each client has used its token before (a sign-in), as in a steady state.
                signed_in = dict.fromkeys(r[2] for r in requests[WARMUP:] if r[2])
                warmup = [*requests[:WARMUP], *(["GET", "/api/user", t, ""] for t in signed_in)]
                counts = count(Path(source), warmup + requests[WARMUP:], len(warmup), WINDOWS, env)
                per_window = [n / (args.requests // WINDOWS) for n in counts]
                per_request = statistics.median(per_window)
                results.append(
                    {
                        "endpoint": endpoint.name,
                        "server": name,
                        "instructions": round(per_request),
                        "windows": [round(n) for n in per_window],
                    }
                )
                print(f"{endpoint.name:22} {name:9} {per_request:25,.0f}", flush=True)
                write(path, args, results)  # as it goes: a run cut short keeps what it measured
    finally:
        run.remove_bench_articles()
    print(f"\nwritten to {path}")


def write(path: Path, args: argparse.Namespace, results: list[dict[str, Any]]) -> None:
    report = {
        "kind": "instructions",
        "label": args.label,
        "commit": run.git_commit(),
        "baseline": str(args.baseline) if args.baseline else None,
        "requests": args.requests,
        "warmup": WARMUP,
        "results": results,
    }
    path.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
