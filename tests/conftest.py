"""Shared fixtures: the repository's sample documents and gold, and one warehouse built from them.

Tests marked `integration` build or read a real warehouse (Dagster, dbt, DuckDB); `browser` tests drive
headless Chromium. `make test-fast` leaves both out; `make test` (CI) runs everything.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "seeds" / "raw"
GOLD = REPO / "tests" / "gold"

INTEGRATION_DIRS = {"pipeline", "ui"}  # every test in these folders builds or serves a warehouse
BROWSER_DIRS = {"ui"}


def pytest_collection_modifyitems(items):
    """Marks by where a test lives and what it uses, so no test file has to repeat them."""
    for item in items:
        folders = set(Path(item.path).relative_to(REPO / "tests").parts[:-1])
        if folders & INTEGRATION_DIRS or "sample_warehouse" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.integration)
        if folders & BROWSER_DIRS:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


def read_raw(name: str) -> str:
    return (RAW / name).read_text(encoding="utf-8")


def pipeline_assets() -> list:
    """Every asset of the code location (its asset checks run where the job runs them, not here)."""
    from pipelines.definitions import defs

    return list(defs.assets)


def build(inp: Path, wh: Path, **resources):
    """Materialise every asset from `inp` into `wh` on an ephemeral instance; the Dagster result."""
    import dagster as dg

    from pipelines.defs.resources import build_resources

    mp = pytest.MonkeyPatch()
    mp.setenv("PIPELINE_WAREHOUSE", str(wh))
    mp.setenv("PIPELINE_INPUT", str(inp))
    try:
        return dg.materialize(pipeline_assets(), resources=build_resources(str(inp), str(wh), **resources),
                              instance=dg.DagsterInstance.ephemeral())
    finally:
        mp.undo()


@dataclass(frozen=True)
class Built:
    result: object  # dagster's ExecuteInProcessResult
    input_dir: Path
    warehouse_dir: Path

    @property
    def database(self) -> Path:
        return self.warehouse_dir / "warehouse.duckdb"

    @property
    def published(self) -> Path:
        return self.warehouse_dir / "published" / "warehouse.duckdb"


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Built:
    """The five samples plus two files that must be quarantined, built once per test run with the gold
    configured. Read it only: a test that writes works on a copy or builds its own."""
    root = tmp_path_factory.mktemp("samples")
    inp, wh = root / "input", root / "warehouse"
    shutil.copytree(RAW, inp)
    (inp / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (inp / "blank.txt").write_text("   \n")
    result = build(inp, wh, gold_dir=str(GOLD))
    assert result.success
    return Built(result, inp, wh)
