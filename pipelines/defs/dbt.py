"""The dbt project as Dagster assets: staging and marts models, with dbt tests as asset checks."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from pipelines.defs.resources import PipelinePaths, dbt_project
from pipelines.settings import export_for_dbt

DUCKDB_WRITER_POOL = "duckdb_writer"  # one writer at a time on warehouse.duckdb


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, pool=DUCKDB_WRITER_POOL)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, pipeline: PipelinePaths):
    export_for_dbt(pipeline.paths())
    yield from dbt.cli(["build"], context=context).stream()
