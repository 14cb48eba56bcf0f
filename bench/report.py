"""A bench/results/*.json report as the README's Markdown tables.

python bench/report.py bench/results/<stamp>.json
"""

import json
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
            name = "list articles: **floor**" if r["server"] == "floor" else r["endpoint"]
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


def main() -> None:
    results = json.loads(Path(sys.argv[1]).read_text())["results"]
    for workers in sorted({r["workers"] for r in results}):
        print(f"\n{workers} worker(s), after:\n\n{measured(results, 'conduit', workers)}")
        if any(r["server"] == "baseline" for r in results):
            print(f"\n{workers} worker(s), before → after:\n\n{before_after(results, workers)}")


if __name__ == "__main__":
    main()
