"""What ingest guards: an emptied input folder does not wipe the warehouse, and the accounting check holds
the build to the listing ingest took (a file arriving mid-build waits for the next run)."""

import shutil

import dagster as dg
import polars as pl
import pytest

from pipelines.config import table_file
from pipelines.defs.checks import every_file_accounted_for
from pipelines.defs.ingest import ingest, status_key
from pipelines.defs.resources import build_resources
from tests.conftest import RAW, pipeline_assets


def run(assets, inp, wh, monkeypatch, **env):
    monkeypatch.setenv("PIPELINE_WAREHOUSE", str(wh))
    monkeypatch.setenv("PIPELINE_INPUT", str(inp))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return dg.materialize(
        assets,
        resources=build_resources(str(inp), str(wh)),
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def failure_message(result) -> str:
    event = result.get_step_failure_events()[0].step_failure_data
    return event.user_failure_data.description if event.user_failure_data else event.error.message


def test_a_file_that_arrives_after_ingest_waits_for_the_next_run(tmp_path, monkeypatch):
    inp, wh = tmp_path / "input", tmp_path / "warehouse"
    shutil.copytree(RAW, inp)
    (inp / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert run([ingest], inp, wh, monkeypatch).success
    (inp / "arrived-mid-build.txt").write_text("今年全市投资增长5%。")  # a drop folder gets a file
    (inp / "scan.png").unlink()  # and loses one
    resources = build_resources(str(inp), str(wh))
    result = every_file_accounted_for(pipeline=resources["pipeline"])
    assert result.passed, result.metadata
    listing = pl.read_parquet(wh / "parquet" / table_file("input_listing"))
    assert "arrived-mid-build.txt" not in listing["source_path"].to_list()
    assert "scan.png" in listing["source_path"].to_list()


def published_bytes(wh):
    return {p.relative_to(wh).as_posix(): p.read_bytes() for p in sorted((wh / "published").rglob("*"))
            if p.is_file()}


@pytest.fixture
def warehouse_copy(sample_warehouse, tmp_path):
    """A writable copy of the sample warehouse (its five documents and two quarantined files)."""
    wh = tmp_path / "warehouse"
    shutil.copytree(sample_warehouse.warehouse_dir, wh, symlinks=True)
    return wh


def test_an_empty_input_folder_does_not_replace_the_warehouse(warehouse_copy, tmp_path, monkeypatch):
    wh, empty = warehouse_copy, tmp_path / "unmounted-share"
    empty.mkdir()
    before = published_bytes(wh)
    raw_before = (wh / "parquet" / table_file("raw_documents")).read_bytes()
    result = run(pipeline_assets(), empty, wh, monkeypatch)
    assert not result.success
    message = failure_message(result)
    assert message == (
        f"the input folder {empty} has 0 files but the warehouse holds 5 documents: refusing to delete 5 of "
        "them; set PIPELINE_ALLOW_SHRINK=1 if this is intended"
    )
    assert published_bytes(wh) == before and before
    assert (wh / "parquet" / table_file("raw_documents")).read_bytes() == raw_before
    status = pl.read_parquet(wh / "parquet" / status_key(result.run_id)).row(0, named=True)
    assert status["status"] == "refused" and status["reason"] == message


def test_a_nearly_empty_folder_is_refused_too(warehouse_copy, tmp_path, monkeypatch):
    inp = tmp_path / "input"
    inp.mkdir()
    for path in sorted(RAW.iterdir())[:2]:  # 2 of 5 kept: fewer than half
        shutil.copy(path, inp / path.name)
    result = run([ingest], inp, warehouse_copy, monkeypatch)
    assert not result.success and "refusing to delete 3 of them" in failure_message(result)


def test_allow_shrink_lets_the_build_empty_the_warehouse(warehouse_copy, tmp_path, monkeypatch):
    empty = tmp_path / "emptied-on-purpose"
    empty.mkdir()
    result = run(pipeline_assets(), empty, warehouse_copy, monkeypatch, PIPELINE_ALLOW_SHRINK="1")
    assert result.success
    assert pl.read_parquet(warehouse_copy / "parquet" / table_file("raw_documents")).height == 0
