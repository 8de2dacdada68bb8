"""Resources: where a run reads and writes, and the dbt CLI pointed at transforms/."""

import importlib.metadata
import os
import shutil
import sys
from functools import cached_property
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from pipelines.batch.plan import DEFAULT_BATCH_CHARS
from pipelines.batch.runners import run_batches
from pipelines.config import DBT_PROJECT_DIR, Paths, resolve_paths

# dbt renders env_var('PIPELINE_WAREHOUSE') and env_var('PIPELINE_PARQUET_URI') while parsing; give them the
# defaults when unset.
os.environ.setdefault("PIPELINE_WAREHOUSE", str(resolve_paths().warehouse_dir))
os.environ.setdefault("PIPELINE_PARQUET_URI", resolve_paths().store.duckdb_uri())

# dbt is installed beside this Python; make it findable for dagster-dbt even when the venv is not activated
# (`dg` run from another shell), since DbtProject.prepare_if_dev looks it up on PATH.
_VENV_BIN = str(Path(sys.executable).parent)
if (Path(_VENV_BIN) / "dbt").exists() and _VENV_BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _VENV_BIN + os.pathsep + os.environ.get("PATH", "")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


# Every step that writes shared files or the DuckDB file runs in this pool; it has one slot
# (pipelines/dagster_instance.yaml), so overlapping scheduled and sensor runs queue, step by step.
WRITER_POOL = "warehouse_writer"


class PipelinePaths(dg.ConfigurableResource):
    """Input folder, warehouse folder and Parquet location (a path or URL, pipelines/storage/objectstore.py);
    empty means PIPELINE_INPUT / PIPELINE_WAREHOUSE / PIPELINE_PARQUET or the defaults.

    batch_chars: about how many characters of new documents go into one batch (pipelines/batch/plan.py).
    """

    input_dir: str = ""
    warehouse_dir: str = ""
    parquet_location: str = ""
    batch_chars: int = DEFAULT_BATCH_CHARS

    def paths(self) -> Paths:
        return resolve_paths(self.input_dir or None, self.warehouse_dir or None, self.parquet_location or None)


class BatchRunner(dg.ConfigurableResource):
    """Where document batches run (pipelines/batch/runners.py): serial, processes or dask, on `workers` workers.

    Defaults from PIPELINE_RUNNER (serial), PIPELINE_WORKERS (1) and PIPELINE_DASK_ADDRESS (empty: a local
    Dask cluster of `workers` processes). New documents are split into at least `workers` batches.
    """

    kind: str = os.environ.get("PIPELINE_RUNNER", "serial")
    workers: int = int(os.environ.get("PIPELINE_WORKERS", "1"))
    dask_address: str = os.environ.get("PIPELINE_DASK_ADDRESS", "")

    def run(self, work, items: list) -> list:
        return run_batches(work, items, self.kind, self.workers, self.dask_address or None)


class WarehouseDbt(DbtCliResource):
    """dagster-dbt's dbt CLI resource without two start-up costs this project does not use, measured at 8.1 s
    of a 28.4 s dbt step on the seeds: it runs `dbt --version` in a subprocess on every build (4.3 s; the
    version of the dbt-core installed beside this Python is known without it), and it builds an in-process
    dbt adapter (3.8 s) that only `fetch_row_counts` and `fetch_column_metadata` use, which are not called.
    Both are private hooks of dagster-dbt 0.29.27 (pinned); tests/pipeline runs every build through them."""

    @cached_property
    def _cli_version(self) -> version.Version:
        if Path(self.dbt_executable).resolve() == (Path(sys.executable).parent / "dbt").resolve():
            return version.parse(importlib.metadata.version("dbt-core"))
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_executable() -> str:
    """The dbt installed beside this Python (the project's venv), else whatever is on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def build_resources(input_dir: str = "", warehouse_dir: str = "", runner: str = "", workers: int = 0,
                    parquet_location: str = "", **batching) -> dict:
    """Resources for a run; empty arguments fall back to the environment and the defaults."""
    runner_args = {k: v for k, v in {"kind": runner, "workers": workers}.items() if v}
    return {
        "pipeline": PipelinePaths(input_dir=input_dir, warehouse_dir=warehouse_dir,
                                  parquet_location=parquet_location, **batching),
        "runner": BatchRunner(**runner_args),
        "dbt": WarehouseDbt(
            project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()
        ),
    }
