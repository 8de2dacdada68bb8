"""Command line behind `make run` and `make eval`.

`run` checks the settings (a wrong one is a single line, before Dagster starts), skips the build when
nothing changed since the last one, else materialises every asset with one progress line per step,
writes the full Dagster event log to a file and ends with a summary of the published warehouse.
`eval` scores the warehouse against the gold folder.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines import config
from pipelines.config import ConfigError, Paths

ERROR_LINES = 12  # lines of a failing step's error shown on the terminal; the log file has all of it
STEP_NAMES = {
    "warehouse_models": "dbt build",
    "published_warehouse_scores_against_gold": "gold score",
    "quarantine_every_file_accounted_for": "file accounting",
}


_OUT = sys.stdout  # the terminal; while a build runs, sys.stdout (dbt's output) goes to the log file


def _say(line: str = "") -> None:
    print(line, file=_OUT, flush=True)


def _step_line(step: str, seconds: float, detail: str) -> str:
    return f"  {STEP_NAMES.get(step, step):<22} {seconds:6.1f} s  {detail}".rstrip()


def _materialized(records) -> dict[str, dict]:
    """Metadata of each asset materialised in these records, by asset key string."""
    out = {}
    for rec in records:
        event = rec.event_log_entry.dagster_event
        if event is not None and event.is_step_materialization:
            mat = event.step_materialization_data.materialization
            out[mat.asset_key.to_user_string()] = {k: v.value for k, v in mat.metadata.items()}
    return out


def _detail(step: str, meta: dict[str, dict], checks: dict[str, int]) -> str:
    """The counts worth a glance for a step, from its materialisations' metadata."""
    if step == "ingest":
        docs = meta.get("raw_documents", {})
        held = meta.get("quarantine", {})
        return (
            f"{docs.get('files', '?')} files: {docs.get('documents', '?')} documents, "
            f"{held.get('quarantined', '?')} quarantined"
        )
    if step == "documents":
        first = meta.get("facts", {})
        return (
            f"{first.get('processed_now', '?')} documents processed, {first.get('reused', '?')} reused, "
            f"{first.get('rows_written_now', '?')} facts written, "
            f"{meta.get('rejected', {}).get('rows_written_now', 0)} rows rejected"
        )
    if step == "warehouse_models":
        return f"{sum(1 for k in meta if '/' in k)} models, {checks.get('passed', 0)} tests passed"
    if step == "published_warehouse":
        return str(meta.get("published_warehouse", {}).get("path", ""))
    if step == "analyst_report":
        return str(meta.get("analyst_report", {}).get("path", ""))
    if step == "quarantine_every_file_accounted_for":
        return "every input file is a document or a quarantine row" if checks.get("passed") else ""
    if step == "published_warehouse_scores_against_gold" and "core_f1" not in checks:
        return "no gold for these documents (PIPELINE_GOLD)"
    if "core_f1" in checks:
        return f"core F1 {checks['core_f1']:.4f} against PIPELINE_GOLD (make eval lists misses)"
    return ""


class Progress(threading.Thread):
    """Follows a run's events in the instance's event log and prints a line as each step ends."""

    def __init__(self, instance, run_id: str, poll_seconds: float = 0.3):
        super().__init__(daemon=True)
        self.instance, self.run_id, self.poll = instance, run_id, poll_seconds
        self.done = threading.Event()
        self.failures: list[tuple[str, str]] = []
        self._cursor = None
        self._step_started: dict[str, float] = {}
        self._meta: dict[str, dict[str, dict]] = {}
        self._checks: dict[str, dict[str, int]] = {}

    def run(self) -> None:
        while not self.done.is_set():
            self.drain()
            self.done.wait(self.poll)
        self.drain()

    def drain(self) -> None:
        from dagster import DagsterEventType as T

        kinds = {
            T.STEP_START,
            T.STEP_SUCCESS,
            T.STEP_FAILURE,
            T.ASSET_MATERIALIZATION,
            T.ASSET_CHECK_EVALUATION,
        }
        while True:
            conn = self.instance.get_records_for_run(
                self.run_id, cursor=self._cursor, of_type=kinds, limit=200
            )
            for rec in conn.records:
                self._handle(rec)
            self._cursor = conn.cursor
            if not conn.has_more:
                return

    def _handle(self, rec) -> None:
        entry = rec.event_log_entry
        event, step = entry.dagster_event, entry.step_key or ""
        kind = event.event_type_value
        if kind == "STEP_START":
            self._step_started[step] = entry.timestamp
        elif kind == "ASSET_MATERIALIZATION":
            self._meta.setdefault(step, {}).update(_materialized([rec]))
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            tally = self._checks.setdefault(step, {})
            outcome = "passed" if evaluation.passed else "failed"
            tally[outcome] = tally.get(outcome, 0) + 1
            if "core_f1" in evaluation.metadata:
                tally["core_f1"] = evaluation.metadata["core_f1"].value
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE"):
            seconds = entry.timestamp - self._step_started.get(step, entry.timestamp)
            if kind == "STEP_SUCCESS":
                _say(
                    _step_line(
                        step, seconds, _detail(step, self._meta.get(step, {}), self._checks.get(step, {}))
                    )
                )
            else:
                self.failures.append((step, failure_message(event.step_failure_data) or entry.user_message))
                _say(_step_line(step, seconds, "FAILED"))


def failure_message(data) -> str:
    """What a person needs from a failed step: the step's own description of the failure (dg.Failure), else
    the error and its causes, message by message, without the stack (that is in the log file)."""
    described = getattr(data.user_failure_data, "description", None) if data.user_failure_data else None
    if described:
        return described
    lines, error = [], data.error
    while error is not None:
        lines.append(error.message.strip())
        error = error.cause
    return "\n".join(lines)


def _write_log(instance, run_id: str, path: Path) -> None:
    """Every event of the run, one line each (dbt's colour codes removed), after dbt's own output."""
    ansi = re.compile(r"\x1b\[[0-9;]*m")
    with path.open("a", encoding="utf-8") as out:
        out.write("\n# Dagster event log\n")
        for entry in instance.all_logs(run_id):
            stamp = datetime.fromtimestamp(entry.timestamp, tz=UTC).isoformat(timespec="milliseconds")
            kind = entry.dagster_event.event_type_value if entry.dagster_event else "LOG"
            level = (
                entry.level
                if isinstance(entry.level, str)
                else {10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL"}.get(entry.level)
            )
            message = ansi.sub("", entry.user_message or "")
            out.write(f"{stamp} {level} {entry.step_key or '-'} {kind} {message}\n")


def summary(database: Path, report: Path | None = None) -> list[str]:
    """What the warehouse holds, in words that cannot be misread."""
    con = duckdb.connect(str(database), read_only=True)
    try:

        def one(sql: str) -> int:
            return con.execute(sql).fetchone()[0]

        tables = {
            r[0]
            for r in con.execute("select schema_name || '.' || table_name from duckdb_tables()").fetchall()
        }
        docs, held = one("select count(*) from marts.documents"), one("select count(*) from marts.quarantine")
        by_type = con.execute(
            "select fact_type, count(*) from marts.facts group by 1 order by 2 desc, 1"
        ).fetchall()
        people, projects = (
            one("select count(*) from marts.people"),
            one("select count(*) from marts.projects"),
        )
        rejected = (
            con.execute(
                "select rule, count(*) from marts.rejected_rows group by 1 order by 2 desc, 1"
            ).fetchall()
            if "marts.rejected_rows" in tables
            else None
        )
    finally:
        con.close()
    total = sum(n for _, n in by_type)
    lines = [
        f"documents:   {docs} ({held} input files quarantined: marts.quarantine)",
        f"facts:       {total} in all; by type: " + ", ".join(f"{t} {n}" for t, n in by_type),
        f"people:      {people}; projects: {projects}",
    ]
    if rejected is not None:
        lines.append(
            f"rejected:    {sum(n for _, n in rejected)} rows (marts.rejected_rows)"
            + ("; " + ", ".join(f"{r} {n}" for r, n in rejected) if rejected else "")
        )
    lines.append(f"published:   {database}")
    if report is not None:
        lines.append(f"report:      {report}")
    return lines


def run(force: bool = False) -> int:
    try:
        paths = config.check()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from pipelines.ops import uptodate

    started = time.perf_counter()
    digest = uptodate.fingerprint(paths)
    last = None if force else uptodate.is_current(paths, digest)
    if last is not None:
        _say(
            f"nothing changed since build {last['run_id'][:8]} ({last['finished']}): "
            "same input files, code and "
            "settings; nothing rebuilt or republished (--force to rebuild)"
        )
        for line in summary(paths.published_dir / "warehouse.duckdb", paths.report_file):
            _say(line)
        return 0
    return _build(paths, digest, started)


def _build(paths: Paths, digest: str, started: float) -> int:
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.defs.jobs import build_warehouse
    from pipelines.ops import uptodate
    from pipelines.ops.dead_runs import release_dead_runs, run_tags

    instance = dg.DagsterInstance.get()
    for run_id in release_dead_runs(instance):
        print(
            f"run {run_id} was killed before it finished: marked failed, its pool slot freed", file=sys.stderr
        )
    run_id = str(uuid.uuid4())  # chosen here so the progress thread can follow the run's events
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    log_path = config.log_file(paths.warehouse_dir, stamp)
    _say(f"build {run_id[:8]}: {paths.input_dir} -> {paths.warehouse_dir}")
    _say(f"  full event log: {log_path}")
    uptodate.forget(paths)
    progress = Progress(instance, run_id)
    progress.start()
    quiet = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # dagster-dbt writes dbt's own output to sys.stdout: it goes to the log file, not the terminal
        with log_path.open("w", encoding="utf-8") as raw, contextlib.redirect_stdout(raw):
            result = defs.resolve_job_def(build_warehouse.name).execute_in_process(
                instance=instance, raise_on_error=False, tags=run_tags(), run_id=run_id, run_config=quiet
            )
    finally:
        progress.done.set()
        progress.join()
        _write_log(instance, run_id, log_path)
    elapsed = time.perf_counter() - started
    if not result.success:
        for step, message in progress.failures or [("run", "failed before any step ran")]:
            lines = message.strip().splitlines()
            print(f"error in step {STEP_NAMES.get(step, step)}:", file=sys.stderr)
            for line in lines[:ERROR_LINES]:
                print(f"  {line}", file=sys.stderr)
            if len(lines) > ERROR_LINES:
                print(f"  ... {len(lines) - ERROR_LINES} more lines in the log", file=sys.stderr)
        print(
            f"build failed after {elapsed:.1f} s; the published copy is unchanged. Full log: {log_path}",
            file=sys.stderr,
        )
        return 1
    finished = datetime.now(UTC).isoformat(timespec="seconds")
    uptodate.record(paths, digest, run_id, finished)
    _say(f"build {run_id[:8]} finished in {elapsed:.1f} s")
    for line in summary(paths.published_dir / "warehouse.duckdb", paths.report_file):
        _say(line)
    return 0


def evaluate(show: int) -> int:
    from pipelines.ops.evaluate import format_report, score_warehouse

    gold = config.gold_dir()
    if gold is None:
        print("error: PIPELINE_GOLD is not set (make eval sets it to tests/gold)", file=sys.stderr)
        return 2
    database = config.resolve_paths().database
    report = score_warehouse(database, gold)
    if report is None:
        print(f"no document in the warehouse has gold in {gold}")
    else:
        print(format_report(report, show))
    _evaluate_indicators(database, gold, show)
    return 0


def _evaluate_indicators(database, gold, show: int) -> None:
    """A second section when the gold folder has indicator tables (tests/gold/indicators/*.csv): scored only
    on the documents of the warehouse that the table covers."""
    from pipelines.ops.evaluate import format_indicators, score_indicator_warehouse

    for table in sorted((gold / "indicators").glob("*.csv")):
        report = score_indicator_warehouse(database, table)
        if report.pred == 0 and report.hit == 0 and not _has_documents_of(database, table):
            print(f"\nindicators ({table.name}): no document of this table in the warehouse")
            continue
        print("\n" + format_indicators(report, table.name, show))


def _has_documents_of(database, table) -> bool:
    from pipelines.ops.evaluate import _read_only, load_indicator_gold, stem_of

    stems = {stem_of(g["source_file"]) for g in load_indicator_gold(table)}
    with _read_only(database) as con:
        files = [r[0] for r in con.execute("select source_file from marts.documents").fetchall()]
    return any(stem_of(f) in stems for f in files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pipelines")
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="build the warehouse from PIPELINE_INPUT into PIPELINE_WAREHOUSE")
    run_parser.add_argument("--force", action="store_true", help="build even when nothing changed")
    ev = sub.add_parser("eval", help="score the warehouse against the gold in PIPELINE_GOLD")
    ev.add_argument("--show", type=int, default=40, help="misses and false hits to list")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(args.force)
    return evaluate(args.show)


if __name__ == "__main__":
    sys.exit(main())
