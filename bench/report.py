"""A bench/results/*.json report as Markdown tables: the ones docs/performance.md shows.

python bench/report.py bench/results/<stamp>.json          # make bench's results
python bench/report.py bench/results/events-<stamp>.json   # make bench-events' results
python bench/report.py bench/results/deployed-<stamp>.json # bench/deployed.py's results

The documentation site builds its Performance page with these functions (docs/hooks.py), from
the result files themselves: no figure there is typed by hand.
"""

import json
import statistics
import sys
from pathlib import Path
from typing import Any


def share(result: dict[str, Any]) -> str:
    return f"{100 * result['of_floor']:.0f}%" if result.get("of_floor") is not None else ""


def measured(results: list[dict[str, Any]], server: str, workers: int) -> str:
    """The table `make bench` prints, for one server and worker count."""
    lines = [
        "| endpoint | req/s | p50 ms | p99 ms | errors | CPU ms/req | DB CPU ms/req | of floor |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        if (r["server"], r["workers"]) in {(server, workers), ("floor", workers)}:
            name = f"{r['endpoint']}: **floor**" if r["server"] == "floor" else r["endpoint"]
            lines.append(
                f"| {name} | {r['rps']:.0f} | {r['p50_ms']:.0f} | {r['p99_ms']:.0f} "
                f"| {r['errors']} | {r['cpu_ms_per_request']:.2f} "
                f"| {r['db_cpu_ms_per_request']:.2f} | {share(r)} |"
            )
    return "\n".join(lines)


def before_after(results: list[dict[str, Any]], workers: int) -> str:
    """Conduit beside the baseline checkout, measured in the same run."""
    runs = {(r["server"], r["endpoint"]): r for r in results if r["workers"] == workers}
    lines = [
        "| endpoint | req/s before → after | CPU ms/req before → after | of floor before → after |",
        "|---|--:|--:|--:|",
    ]
    for (server, endpoint), after in runs.items():
        before = runs.get(("baseline", endpoint))
        if server != "conduit" or before is None:
            continue
        floor = f"{share(before)} → {share(after)}" if after.get("of_floor") else ""
        lines.append(
            f"| {endpoint} | {before['rps']:.0f} → {after['rps']:.0f} "
            f"| {before['cpu_ms_per_request']:.2f} → {after['cpu_ms_per_request']:.2f} | {floor} |"
        )
    return "\n".join(lines)


def deployed(results: list[dict[str, Any]]) -> str:
    """bench/deployed.py: the stack behind nginx beside the direct uvicorn, medians over the
    interleaved rounds. CPU counts every process that served a request; the part in nginx and
    PgBouncer is in brackets."""

    def median(runs: list[dict[str, Any]], key: str) -> float:
        return statistics.median(r[key] or 0 for r in runs)

    lines = [
        "| endpoint | req/s direct | req/s via nginx | via nginx ÷ direct | p50 ms direct → nginx "
        "| CPU ms/req direct → nginx (nginx + PgBouncer) | DB CPU ms/req direct → nginx "
        "| errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for endpoint in dict.fromkeys(r["endpoint"] for r in results):
        direct = [r for r in results if (r["endpoint"], r["server"]) == (endpoint, "direct")]
        proxied = [r for r in results if (r["endpoint"], r["server"]) == (endpoint, "deployed")]
        if not direct or not proxied:
            continue
        rps, via = median(direct, "rps"), median(proxied, "rps")
        lines.append(
            f"| {endpoint} | {rps:.0f} | {via:.0f} | {via / rps:.2f} "
            f"| {median(direct, 'p50_ms'):.0f} → {median(proxied, 'p50_ms'):.0f} "
            f"| {median(direct, 'cpu_ms_per_request'):.2f} → "
            f"{median(proxied, 'cpu_ms_per_request'):.2f} "
            f"({median(proxied, 'edge_cpu_ms_per_request'):.2f}) "
            f"| {median(direct, 'db_cpu_ms_per_request'):.2f} → "
            f"{median(proxied, 'db_cpu_ms_per_request'):.2f} "
            f"| {sum(r['errors'] for r in [*direct, *proxied])} |"
        )
    return "\n".join(lines)


def conditions(report: dict[str, Any]) -> str:
    """Where and how a report was measured, in one sentence."""
    machine = report["machine"]
    load = ", ".join(f"{value:.1f}" for value in machine["load_before"])
    return (
        f"Measured at commit `{report['commit']}` on {machine['cpus']} cores, Python "
        f"{machine['python']}, load average {load} when it started."
    )


def _ms(figures: dict[str, float], *keys: str) -> str:
    return " / ".join(f"{figures[key]:.0f}" for key in keys)


def events(results: dict[str, Any]) -> str:
    """`make bench-events`: idle streams, then delivery latency with one and two workers."""
    blocks = []
    idle = results.get("idle")
    if idle:
        fan = idle["fan_out"]
        blocks.append(
            "\n".join(
                [
                    "| idle streams, 1 worker | |",
                    "|---|--:|",
                    f"| connected | {idle['connected']:,} of {idle['streams']:,}, "
                    f"in {idle['connect_seconds']:.1f} s |",
                    f"| memory per stream | {idle['kb_per_stream']:.1f} KB (RSS "
                    f"{idle['rss_kb_warm'] / 1024:.0f} MB → {idle['rss_kb_all'] / 1024:.0f} MB); "
                    f"{idle['threads']} threads |",
                    f"| one event to all {fan['pairs']:,}: p50 / p99 / max | "
                    f"{_ms(fan['send_to_deliver'], 'p50_ms', 'p99_ms', 'max_ms')} ms; "
                    f"{fan['missed']} missed, {fan['duplicates']} duplicates |",
                ]
            )
        )
    runs = [results[key] for key in ("one-worker", "two-workers") if key in results]
    if runs:
        lines = [
            f"| {runs[0]['subscribers']:,} subscribers, {runs[0]['events']} events "
            "| send→deliver p50 | p99 | 201→deliver p50 | p99 | POST p50 | missed "
            "| duplicates | server CPU ms per event |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for run in runs:
            d = run["delivery"]
            label = f"{run['workers']} worker{'s' if run['workers'] > 1 else ''} ({run['layer']})"
            lines.append(
                f"| {label} | {d['send_to_deliver']['p50_ms']:.0f} "
                f"| {d['send_to_deliver']['p99_ms']:.0f} | {d['answer_to_deliver']['p50_ms']:.0f} "
                f"| {d['answer_to_deliver']['p99_ms']:.0f} | {run['post']['p50_ms']:.0f} "
                f"| {d['missed']} of {d['pairs']:,} | {d['duplicates']} "
                f"| {run['server_cpu_ms_per_event']:.0f} |"
            )
            if run["workers"] > 1:
                for worker, figures in d["by_worker"].items():
                    lines.append(
                        f"| {worker} ({run['by_worker'][worker]} streams) | "
                        f"{figures['p50_ms']:.0f} | {figures['p99_ms']:.0f} | | | | | | |"
                    )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def instructions(report: dict[str, Any]) -> str:
    """`make bench-instructions`: instructions per request, Conduit beside the baseline."""
    counts = {(r["server"], r["endpoint"]): r["instructions"] for r in report["results"]}
    endpoints = list(dict.fromkeys(endpoint for _, endpoint in counts))
    if not any(server == "baseline" for server, _ in counts):
        lines = ["| endpoint | instructions per request |", "|---|--:|"]
        lines += [f"| {e} | {counts['conduit', e]:,} |" for e in endpoints]
        return "\n".join(lines)
    lines = [
        "| endpoint | instructions per request, before → after | change |",
        "|---|--:|--:|",
    ]
    for endpoint in endpoints:
        before, after = counts["baseline", endpoint], counts["conduit", endpoint]
        lines.append(
            f"| {endpoint} | {before / 1e6:.2f} M → {after / 1e6:.2f} M "
            f"| {100 * (after - before) / before:+.1f} % |"
        )
    return "\n".join(lines)


def main() -> None:
    report = json.loads(Path(sys.argv[1]).read_text())
    if report.get("kind") == "instructions":  # bench/instructions.py
        print(instructions(report))
        return
    print(conditions(report))
    results = report["results"]
    if isinstance(results, dict):  # make bench-events
        print(f"\n{events(results)}")
        return
    if any(r["server"] == "deployed" for r in results):  # bench/deployed.py
        print(f"\n{deployed(results)}")
        return
    for workers in sorted({r["workers"] for r in results}):
        print(f"\n{workers} worker(s), after:\n\n{measured(results, 'conduit', workers)}")
        if any(r["server"] == "baseline" for r in results):
            print(f"\n{workers} worker(s), before → after:\n\n{before_after(results, workers)}")


if __name__ == "__main__":
    main()
