"""Command line: `python -m pipelines.cli run` materialises every asset and prints a summary;
`python -m pipelines.cli eval` scores the warehouse against the gold in tests/gold."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from pipelines.config import REPO_ROOT, resolve_paths

GOLD_DIR = REPO_ROOT / "tests" / "gold"


def run() -> int:
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.ops.dead_runs import release_dead_runs, run_tags

    paths = resolve_paths()
    instance = dg.DagsterInstance.get()
    for run_id in release_dead_runs(instance):
        print(f"run {run_id} was killed before it finished: marked failed, its pool slot freed", file=sys.stderr)
    job = defs.resolve_job_def("build_warehouse")
    result = job.execute_in_process(instance=instance, raise_on_error=False, tags=run_tags())
    if not result.success:
        print("run failed; see the Dagster UI (make ui) or the log above", file=sys.stderr)
        return 1
    print(summary(paths.database))
    return 0


def summary(database: Path) -> str:
    con = duckdb.connect(str(database), read_only=True)
    try:
        docs = con.execute("select count(*) from marts.documents").fetchone()[0]
        held = con.execute("select count(*) from marts.quarantine").fetchone()[0]
        by_type = con.execute("select fact_type, count(*) from marts.facts group by 1 order by 2 desc").fetchall()
        people = con.execute("select count(*) from marts.people").fetchone()[0]
        projects = con.execute("select count(*) from marts.projects").fetchone()[0]
    finally:
        con.close()
    lines = [f"documents read: {docs}", f"rows quarantined: {held}",
             "facts: " + ", ".join(f"{t} {n}" for t, n in by_type),
             f"people: {people}, projects: {projects}", f"warehouse: {database}",
             f"report: {database.parent / 'report' / 'index.html'}"]
    return "\n".join(lines)


def evaluate(show: int) -> int:
    from pipelines.ops.evaluate import format_report, score_warehouse

    report = score_warehouse(resolve_paths().database, GOLD_DIR)
    if report is None:
        print(f"no document in the warehouse has gold in {GOLD_DIR}")
        return 0
    print(format_report(report, show))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pipelines")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="materialise every asset on PIPELINE_INPUT into PIPELINE_WAREHOUSE")
    ev = sub.add_parser("eval", help="score the warehouse against tests/gold")
    ev.add_argument("--show", type=int, default=40, help="misses and false hits to list")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run()
    return evaluate(args.show)


if __name__ == "__main__":
    sys.exit(main())
