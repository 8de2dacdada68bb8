"""Resources: where a run reads and writes, and the dbt CLI pointed at transforms/."""

import os
import shutil
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject

from pipelines.batches import DEFAULT_BATCH_CHARS
from pipelines.runners import run_batches
from pipelines.settings import DBT_PROJECT_DIR, Paths, resolve_paths

# dbt renders env_var('PIPELINE_WAREHOUSE') while parsing; give it the default when unset.
os.environ.setdefault("PIPELINE_WAREHOUSE", str(resolve_paths().warehouse_dir))

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
    """Input folder and warehouse folder; empty means PIPELINE_INPUT / PIPELINE_WAREHOUSE or defaults.

    batch_chars: about how many characters of new documents go into one batch (pipelines/batches.py).
    """

    input_dir: str = ""
    warehouse_dir: str = ""
    batch_chars: int = DEFAULT_BATCH_CHARS

    def paths(self) -> Paths:
        return resolve_paths(self.input_dir or None, self.warehouse_dir or None)


class BatchRunner(dg.ConfigurableResource):
    """Where document batches run (pipelines/runners.py): serial, processes or dask, on `workers` workers.

    Defaults from PIPELINE_RUNNER (serial), PIPELINE_WORKERS (1) and PIPELINE_DASK_ADDRESS (empty: a local
    Dask cluster of `workers` processes). New documents are split into at least `workers` batches.
    """

    kind: str = os.environ.get("PIPELINE_RUNNER", "serial")
    workers: int = int(os.environ.get("PIPELINE_WORKERS", "1"))
    dask_address: str = os.environ.get("PIPELINE_DASK_ADDRESS", "")

    def run(self, work, items: list) -> list:
        return run_batches(work, items, self.kind, self.workers, self.dask_address or None)


def dbt_executable() -> str:
    """The dbt installed beside this Python (the project's venv), else whatever is on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def build_resources(input_dir: str = "", warehouse_dir: str = "", runner: str = "", workers: int = 0,
                    **batching) -> dict:
    """Resources for a run; empty arguments fall back to the environment and the defaults."""
    runner_args = {k: v for k, v in {"kind": runner, "workers": workers}.items() if v}
    return {
        "pipeline": PipelinePaths(input_dir=input_dir, warehouse_dir=warehouse_dir, **batching),
        "runner": BatchRunner(**runner_args),
        "dbt": DbtCliResource(
            project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()
        ),
    }
