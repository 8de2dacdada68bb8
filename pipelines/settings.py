"""Where a run reads and writes: the two settings other tools call, and the paths derived from them.

PIPELINE_INPUT     folder of raw files (default seeds/raw)
PIPELINE_WAREHOUSE folder for warehouse.duckdb and its Parquet (default warehouse/)

Dagster and dbt read the same variable: dbt's profiles.yml and sources use
env_var('PIPELINE_WAREHOUSE'), so `export_for_dbt` puts the resolved path into the environment
that dbt subprocesses inherit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "transforms"


@dataclass(frozen=True)
class Paths:
    input_dir: Path
    warehouse_dir: Path

    @property
    def database(self) -> Path:
        return self.warehouse_dir / "warehouse.duckdb"

    @property
    def parquet_dir(self) -> Path:
        return self.warehouse_dir / "parquet"

    def parquet(self, name: str) -> Path:
        return self.parquet_dir / f"{name}.parquet"

    def table_dir(self, name: str) -> Path:
        """Folder of a per-document table: one Parquet file per processed batch."""
        return self.parquet_dir / name

    def batch_file(self, name: str, batch_id: str) -> Path:
        return self.table_dir(name) / f"{batch_id}.parquet"

    @property
    def batch_index(self) -> Path:
        """doc_id -> batch_id of every current document (see pipelines/batches.py)."""
        return self.parquet_dir / "batches.parquet"


def resolve_paths(input_dir: str | None = None, warehouse_dir: str | None = None) -> Paths:
    """Absolute paths from explicit values, else the environment, else the defaults."""
    raw_in = input_dir or os.environ.get("PIPELINE_INPUT") or REPO_ROOT / "seeds" / "raw"
    raw_wh = warehouse_dir or os.environ.get("PIPELINE_WAREHOUSE") or REPO_ROOT / "warehouse"
    return Paths(Path(raw_in).expanduser().resolve(), Path(raw_wh).expanduser().resolve())


def export_for_dbt(paths: Paths, build_id: str = "") -> None:
    """Make dbt (a subprocess that inherits os.environ) see the same warehouse as Dagster, and the run
    whose manifest it records (PIPELINE_BUILD_ID; an env var, not a dbt var: changed vars defeat partial parsing)."""
    os.environ["PIPELINE_WAREHOUSE"] = str(paths.warehouse_dir)
    os.environ["PIPELINE_BUILD_ID"] = build_id
