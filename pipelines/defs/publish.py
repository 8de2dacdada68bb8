"""Asset: the published, read-only copy of the warehouse that BI tools read."""

import dagster as dg

from pipelines.defs.dbt import PUBLISHED_KEYS
from pipelines.defs.resources import WRITER_POOL, PipelinePaths
from pipelines.serve.publish import publish


@dg.asset(
    deps=PUBLISHED_KEYS,
    group_name="publish",
    kinds={"duckdb", "parquet"},
    pool=WRITER_POOL,
    description="warehouse/published/warehouse.duckdb and Parquet of every mart: a new build folder, "
    "switched to atomically after a build whose dbt tests passed (a failed test fails the dbt step, so this "
    "never runs on it); meta.published names the build.",
)
def published_warehouse(context: dg.AssetExecutionContext, pipeline: PipelinePaths) -> dg.MaterializeResult:
    paths = pipeline.paths()
    counts = publish(paths.database, paths.published_dir, build_id=context.run.run_id)
    return dg.MaterializeResult(
        metadata={"path": str(paths.published_dir), "rows": dg.MetadataValue.json(counts)}
    )
