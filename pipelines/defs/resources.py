"""Resources: where a run reads and writes, and where document batches run.

Their values come from `pipelines.config` when the definitions load (`resources` below), or from
the arguments of `build_resources` (tests, benchmarks); nothing here reads the environment on import.
"""

from pathlib import Path

import dagster as dg

from pipelines import config
from pipelines.batch.plan import DEFAULT_BATCH_CHARS
from pipelines.batch.runners import run_batches
from pipelines.config import Paths, resolve_paths

# Every step that writes shared files or the DuckDB file runs in this pool; it has one slot
# (pipelines/dagster_instance.yaml), so overlapping scheduled and sensor runs queue, step by step.
WRITER_POOL = "warehouse_writer"


class PipelinePaths(dg.ConfigurableResource):
    """Input folder, warehouse folder and Parquet location (a path or URL, pipelines/storage/objectstore.py).

    batch_chars: about how many characters of new documents go into one batch (pipelines/batch/plan.py).
    gold_dir: gold files to score the published copy against (empty: no score).
    allow_shrink: let a build drop more than half of the warehouse's documents (PIPELINE_ALLOW_SHRINK).
    """

    input_dir: str
    warehouse_dir: str
    parquet_location: str = ""
    batch_chars: int = DEFAULT_BATCH_CHARS
    gold_dir: str = ""
    allow_shrink: bool = False

    def paths(self) -> Paths:
        return resolve_paths(self.input_dir, self.warehouse_dir, self.parquet_location or None)

    def gold(self) -> Path | None:
        return Path(self.gold_dir) if self.gold_dir else None


class BatchRunner(dg.ConfigurableResource):
    """Where document batches run (pipelines/batch/runners.py): serial, processes or dask, on `workers`
    workers; `dask_address` empty means a local Dask cluster. New documents are split into at least
    `workers` batches."""

    kind: str = "serial"
    workers: int = 1
    dask_address: str = ""

    def run(self, work, items: list) -> list:
        return run_batches(work, items, self.kind, self.workers, self.dask_address or None)


def build_resources(
    input_dir: str = "",
    warehouse_dir: str = "",
    runner: str = "",
    workers: int = 0,
    parquet_location: str = "",
    gold_dir: str | None = None,
    **batching,
) -> dict:
    """Resources for a run; empty arguments fall back to the settings (pipelines/config.py)."""
    from pipelines.defs.dbt import warehouse_dbt

    paths = resolve_paths(input_dir or None, warehouse_dir or None, parquet_location or None)
    default = config.runner()
    gold = config.gold_dir() if gold_dir is None else gold_dir
    return {
        "pipeline": PipelinePaths(
            input_dir=str(paths.input_dir),
            warehouse_dir=str(paths.warehouse_dir),
            parquet_location=paths.parquet_location,
            gold_dir=str(gold or ""),
            allow_shrink=config.allow_shrink(),
            **batching,
        ),
        "runner": BatchRunner(
            kind=runner or default.kind, workers=workers or default.workers, dask_address=default.dask_address
        ),
        "dbt": warehouse_dbt(),
    }


@dg.definitions
def resources() -> dg.Definitions:
    """The code location's resources, from the settings as they are when the definitions load."""
    return dg.Definitions(resources=build_resources())
