"""Where a run reads and writes: the two settings other tools call, and the paths derived from them.

PIPELINE_INPUT     folder of raw files (default seeds/raw)
PIPELINE_WAREHOUSE folder for warehouse.duckdb and the published copy (default warehouse/)
PIPELINE_DUCKDB_MEMORY  DuckDB's memory limit in the build (default 1GB; it spills to disk beyond it)
PIPELINE_SEGMENTER jieba_next (default), jieba_fast or jieba: the engine behind pipelines/text/segment.py
PIPELINE_PARQUET   where the Parquet tables go: a path or an object-store URL (default <warehouse>/parquet;
                   see pipelines/storage/objectstore.py)

Dagster and dbt read the same variable: dbt's profiles.yml and sources use
env_var('PIPELINE_WAREHOUSE'), so `export_for_dbt` puts the resolved path into the environment
(and, as PIPELINE_PARQUET_URI, the Parquet location in the form DuckDB reads) that dbt subprocesses inherit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.storage.objectstore import ParquetStore

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "transforms"


@dataclass(frozen=True)
class Paths:
    input_dir: Path
    warehouse_dir: Path
    parquet_location: str = ""  # empty: <warehouse_dir>/parquet

    @property
    def database(self) -> Path:
        return self.warehouse_dir / "warehouse.duckdb"

    @property
    def dbt_target(self) -> Path:
        """dbt's target folder for this warehouse, reused by every build: its parse state (`partial_parse.msgpack`)
        holds only for the warehouse path it was made with, and it keeps the last build's logs and run results."""
        return self.warehouse_dir / "dbt"

    @property
    def store(self) -> ParquetStore:
        """The Parquet tables (keys below) on a local disk or an object store."""
        return ParquetStore(self.parquet_location or str(self.warehouse_dir / "parquet"))


# Keys of the Parquet store: whole tables are one file, per-document tables a folder of batch files.
def table_file(name: str) -> str:
    return f"{name}.parquet"


def batch_key(name: str, batch_id: str) -> str:
    return f"{name}/{batch_id}.parquet"


BATCH_INDEX = "batches.parquet"  # doc_id -> batch_id of every current document (see pipelines/batch/plan.py)


def duckdb_config() -> dict:
    """Settings for every DuckDB connection of the build (dbt's come from profiles.yml with the same variable).
    DuckDB's own default, 80% of RAM, let a 10x-corpus build reach 12 GB of RSS; the limit bounds its buffers,
    not the Python around them (figures in the README, "Measured")."""
    return {"memory_limit": os.environ.get("PIPELINE_DUCKDB_MEMORY") or "1GB"}


def resolve_paths(input_dir: str | None = None, warehouse_dir: str | None = None,
                  parquet_location: str | None = None) -> Paths:
    """Absolute paths from explicit values, else the environment, else the defaults."""
    raw_in = input_dir or os.environ.get("PIPELINE_INPUT") or REPO_ROOT / "seeds" / "raw"
    raw_wh = warehouse_dir or os.environ.get("PIPELINE_WAREHOUSE") or REPO_ROOT / "warehouse"
    location = parquet_location or os.environ.get("PIPELINE_PARQUET") or ""
    return Paths(Path(raw_in).expanduser().resolve(), Path(raw_wh).expanduser().resolve(), location)


def export_for_dbt(paths: Paths, build_id: str = "") -> None:
    """Make dbt (a subprocess that inherits os.environ) see the same warehouse as Dagster, and the run
    whose manifest it records (PIPELINE_BUILD_ID, which pipelines/storage/dbt_plugin.py hands to SQL as a DuckDB
    variable: neither a dbt var nor a Jinja env_var(), whose changes would defeat partial parsing)."""
    paths.warehouse_dir.mkdir(parents=True, exist_ok=True)  # DuckDB creates the file, not its folder
    os.environ["PIPELINE_WAREHOUSE"] = str(paths.warehouse_dir)
    # not PIPELINE_PARQUET, which a later run in this process may leave empty: dbt's own two
    os.environ["PIPELINE_PARQUET_URI"] = paths.store.duckdb_uri()  # what the sources read
    os.environ["PIPELINE_PARQUET_LOCATION"] = paths.store.location  # how to reach it (pipelines/storage/dbt_plugin.py)
    os.environ["PIPELINE_BUILD_ID"] = build_id
