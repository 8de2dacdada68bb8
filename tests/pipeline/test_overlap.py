"""Two builds started at once on one warehouse both finish: the writer pool makes them queue.

Each build is its own process on one Dagster instance (pipelines/dagster_instance.yaml, pool
`warehouse_writer` with one slot), as overlapping scheduled and sensor runs would be. DuckDB
allows one writer, so without the pool the second dbt step fails on the file lock. The event
logs show the writing steps of the two runs never ran at the same time.
"""

import dagster as dg
import duckdb

from tests.pipeline.test_crash import build_folders, run

WRITING_STEPS = ("ingest", "documents", "warehouse_models", "published_warehouse")


def test_two_overlapping_builds_queue_on_the_writer_pool(tmp_path):
    _, wh, home, env = build_folders(tmp_path)
    # the instance's storage is created once, as `dg dev` or the daemon would, before runs race to it
    setup = dg.DagsterInstance.from_config(str(home))
    setup.get_runs()
    setup.dispose()
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    procs = [run(env, log) for log in logs]
    for proc, log in zip(procs, logs):
        assert proc.wait(timeout=1200) == 0, log.read_text()[-3000:]

    instance = dg.DagsterInstance.from_config(str(home))
    runs = instance.get_runs()
    assert len(runs) == 2 and all(r.status == dg.DagsterRunStatus.SUCCESS for r in runs)
    spans = []  # (start, end, run) of every writing step
    for r in runs:
        for stats in instance.get_run_step_stats(r.run_id):
            if stats.step_key in WRITING_STEPS:
                spans.append((stats.start_time, stats.end_time, r.run_id, stats.step_key))
    assert len(spans) == 2 * len(WRITING_STEPS)
    spans.sort()
    for (_s1, e1, r1, k1), (s2, _e2, r2, k2) in zip(spans, spans[1:]):
        assert s2 >= e1 - 0.05, f"{k1} of {r1[:8]} overlapped {k2} of {r2[:8]}"
    instance.dispose()

    con = duckdb.connect(str(wh / "published" / "warehouse.duckdb"), read_only=True)
    assert con.execute("select count(*) from marts.documents").fetchone()[0] == 5
    assert con.execute("select count(distinct build_id) from meta.builds").fetchone()[0] == 2
