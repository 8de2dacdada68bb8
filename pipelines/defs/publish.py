"""Asset: the published, read-only copy of the warehouse that BI tools read."""

import dagster as dg

from pipelines.defs.resources import WRITER_POOL, PipelinePaths
from pipelines.serve.publish import publish

MARTS = ("facts", "documents", "document_history", "people", "projects", "cited_documents", "quarantine", "targets_vs_actuals",
         "project_investments", "people_statements", "facts_by_region_period")


@dg.asset(
    deps=[dg.AssetKey(["marts", name]) for name in MARTS] + [dg.AssetKey(["meta", "builds"])],
    group_name="publish",
    kinds={"duckdb", "parquet"},
    pool=WRITER_POOL,
    description="warehouse/published/warehouse.duckdb and Parquet of every mart, replaced atomically after a "
                "build whose dbt tests passed (a failed test fails the dbt step, so this never runs on it).",
)
def published_warehouse(context: dg.AssetExecutionContext, pipeline: PipelinePaths) -> dg.MaterializeResult:
    paths = pipeline.paths()
    counts = publish(paths.database, paths.warehouse_dir / "published")
    return dg.MaterializeResult(metadata={"path": str(paths.warehouse_dir / "published"),
                                          "rows": dg.MetadataValue.json(counts)})
