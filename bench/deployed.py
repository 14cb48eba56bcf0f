"""The deployed stack beside `make bench`'s direct uvicorn, endpoint by endpoint, in one run.

    python bench/deployed.py [--duration 10] [--rounds 2] [--only NAME …] [--no-seed]

Two targets on the same seeded database (BENCH_DATABASE_URL), driven with the same wrk requests
(bench/run.py's endpoints), interleaved: for each round, for each endpoint, one target then the
other (the order swapped every round), so a busy machine disturbs both alike.

- **direct**: what `make bench` measures with 2 workers: uvicorn straight on PostgreSQL.
- **deployed**: the production stack as tests/test_deploy.py starts it (tests/deploy_stack.py,
  imported, not copied): nginx with deploy/nginx.conf in front of `python -m core.config.serve
  --workers 2` with production settings, on PgBouncer (deploy/pgbouncer.ini, transaction mode,
  so no prepared statements).

One override, for the benchmark only: wrk is a single client on one address, and the shipped
`limit_req` (50 r/s per address, burst 200) would answer nearly all of it 429. Its rate is lifted
(the zone is still looked up on every request); `limit_conn` (64 per address) is kept, and wrk
opens 64 connections. CPU per request counts every process that served it: for the deployed
stack nginx, PgBouncer and the workers (`edge` is nginx + PgBouncer alone), plus the PostgreSQL
backends (DB). Writes bench/results/deployed-<time>.json.
"""

import argparse
import os
import random
import secrets
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report, run  # noqa: E402

# Labelled wherever it shows: the only change to the shipped nginx.conf (besides the ports and
# host names the deployment test replaces too).
LIMIT_REQ_OVERRIDE = {
    "rate=50r/s;": "rate=1000000r/s;  # BENCH ONLY: one wrk client on one address",
}
DEFAULT_ENDPOINTS = ["list articles", "get article", "tags", "current user", "favorite+unfavorite"]


@dataclass
class Deployed:
    """nginx → one `core.config.serve` group of `workers` → PgBouncer, as a bench target."""

    name: str
    workers: int
    url: str
    edge_roots: list[int]  # nginx's master, PgBouncer (its runuser wrapper when root)
    worker_root: int

    def edge_pids(self) -> list[int]:
        return [pid for root in self.edge_roots for pid in run.process_tree(root)]

    def pids(self) -> list[int]:
        return [*self.edge_pids(), *run.process_tree(self.worker_root)]


@contextmanager
def deployed_stack(
    database_url: str, workers: int, env: dict[str, str], logs: Path
) -> Iterator[Deployed]:
    from tests import deploy_stack
    from tests.events.streams import server_env

    with ExitStack() as stack:
        bouncer = stack.enter_context(deploy_stack.pgbouncer(database_url))
        worker_env = deploy_stack.production_env(
            server_env(env), bouncer.url, JWT_SECRET=env["JWT_SECRET"]
        )
        group = deploy_stack.WorkerGroup(
            run.free_port(), workers, worker_env, logs / "deployed-workers.log"
        )
        stack.callback(group.stop)
        group.start()
        group.wait_serving()
        edge = stack.enter_context(deploy_stack.nginx([group.port], LIMIT_REQ_OVERRIDE))
        processes = [edge.process, bouncer.process, group.process]
        if None in processes:
            raise RuntimeError("the deployed stack did not start")
        edge_pid, bouncer_pid, group_pid = (p.pid for p in processes if p is not None)
        yield Deployed("deployed", workers, edge.url, [edge_pid, bouncer_pid], group_pid)


def measure(
    target: run.Target,
    endpoint: run.Endpoint,
    args: argparse.Namespace,
    round_: int,
) -> run.Result:
    run.run_wrk(target.url, endpoint.requests, seconds=args.warmup, connections=args.connections)
    edge = target.edge_pids() if isinstance(target, Deployed) else []
    before = run.cpu_seconds(edge)
    result = run.measure(
        target,
        endpoint,
        seconds=args.duration,
        warmup=0,
        connections=args.connections,
        db_pids=run.backend_pids,
    )
    if edge:
        used = run.cpu_used(before, run.cpu_seconds(edge))
        result.edge_cpu_ms_per_request = round(1000 * used / max(result.requests, 1), 3)
    result.round = round_
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per run")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of load before each")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds")
    parser.add_argument("--only", nargs="+", default=DEFAULT_ENDPOINTS, help="endpoint names")
    parser.add_argument("--no-seed", action="store_true", help="reuse the seeded database")
    parser.add_argument("--scale", type=float, default=1.0, help="dataset size (see run.py)")
    parser.add_argument("--output", type=Path, default=run.RESULTS, help="where the JSON goes")
    parser.add_argument("--label", default="", help="a note stored with the results")
    args = parser.parse_args()
    # `kill PID` stops the servers it started too (SystemExit unwinds the cleanup).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/conduit_bench"
    )
    # One JWT secret for the tokens issued here, the direct server and the production workers
    # (production_env would draw its own, and refuse a development one).
    os.environ["JWT_SECRET"] = secrets.token_urlsafe(48)
    run.ensure_database(database_url)
    run.setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not args.no_seed:
        call_command("seed", **run.seed_sizes(args.scale))
    run.remove_bench_articles()
    chosen = [e for e in run.endpoints(random.Random(5)) if e.name in args.only]
    # As `make bench`: wrk is one client, the app's per-client ceiling off on both targets.
    env = {**os.environ, "DATABASE_URL": database_url, "RATE_LIMIT_CLIENT": "off"}
    env.pop("DEBUG", None)

    load = os.getloadavg()
    print(
        f"{os.cpu_count()} CPUs, load {load[0]:.2f}; {args.workers} workers, "
        f"{args.connections} connections, {args.rounds} rounds of {args.duration:.0f} s "
        f"after {args.warmup:.0f} s of warm-up",
        flush=True,
    )
    results: list[run.Result] = []
    with tempfile.TemporaryDirectory(prefix="conduit-bench-logs-") as logs, ExitStack() as stack:
        direct = run.start_server(
            "direct", "core.config.asgi:application", args.workers, env, Path(logs), "/api/tags"
        )
        stack.callback(direct.stop)
        proxied = stack.enter_context(deployed_stack(database_url, args.workers, env, Path(logs)))
        try:
            for round_ in range(1, args.rounds + 1):
                for endpoint in chosen:
                    targets: list[run.Target] = [direct, proxied]
                    for target in targets if round_ % 2 else targets[::-1]:
                        result = measure(target, endpoint, args, round_)
                        results.append(result)
                        print(run.table(results[-1:]).splitlines()[-1], flush=True)
        finally:
            run.remove_bench_articles()

    print()
    print(report.deployed([asdict(r) for r in results]))
    run.write_results(
        args,
        prefix="deployed-",
        machine={"load_before": load},
        settings={"nginx_override": LIMIT_REQ_OVERRIDE},
        results=[asdict(r) for r in results],
    )


if __name__ == "__main__":
    main()
