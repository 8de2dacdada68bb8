"""A build killed in the middle leaves the published copy exactly as it was; the next run completes."""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time

import polars as pl

from tests.conftest import RAW, REPO


def run(env, log):
    """Start a build in its own process group, its log in a file (a full pipe would stall it)."""
    out = log.open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "run"],
        cwd=REPO,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def build_folders(tmp_path):
    """The samples as input, an empty warehouse, and a Dagster home with the project's instance settings."""
    inp, wh, home = tmp_path / "input", tmp_path / "warehouse", tmp_path / "home"
    shutil.copytree(RAW, inp)
    home.mkdir()
    shutil.copy(REPO / "pipelines" / "dagster_instance.yaml", home / "dagster.yaml")
    env = {**os.environ, "PIPELINE_INPUT": str(inp), "PIPELINE_WAREHOUSE": str(wh), "DAGSTER_HOME": str(home)}
    return inp, wh, home, env


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_kill_mid_build_then_rebuild(tmp_path):
    inp, wh, home, env = build_folders(tmp_path)
    first = run(env, tmp_path / "first.log")
    assert first.wait(timeout=900) == 0, (tmp_path / "first.log").read_text()[-3000:]
    published = wh / "published" / "warehouse.duckdb"
    before = sha(published)

    (inp / "extra.txt").write_text("今年以来，全区固定资产投资增长15%，新开工项目30个。", encoding="utf-8")
    second = run(env, tmp_path / "second.log")
    # kill the whole process group once the run is past ingest and writing Parquet
    deadline = time.time() + 300
    while time.time() < deadline and second.poll() is None:
        if len(list((wh / "parquet" / "build_manifest").glob("*.parquet"))) > 1:
            break
        time.sleep(0.2)
    time.sleep(1.0)
    os.killpg(second.pid, signal.SIGKILL)
    second.wait(timeout=60)
    assert sha(published) == before  # the readers' copy is untouched
    for parquet in (wh / "parquet").rglob("*.parquet"):
        pl.read_parquet(parquet)  # every Parquet file is whole (written to a temp name, then renamed)
    assert not list((wh / "published").glob(".*tmp*"))

    third = run(env, tmp_path / "third.log")
    assert third.wait(timeout=900) == 0, (tmp_path / "third.log").read_text()[-3000:]
    # the killed run held the writer pool's slot: the third build marked it failed and freed the slot
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(home))
    statuses = sorted(r.status.value for r in instance.get_runs())
    instance.dispose()
    assert statuses == ["FAILURE", "SUCCESS", "SUCCESS"]
    assert sha(published) != before
    import duckdb

    con = duckdb.connect(str(published), read_only=True)
    assert (
        con.execute("select count(*) from marts.documents where source_file = 'extra.txt'").fetchone()[0] == 1
    )
