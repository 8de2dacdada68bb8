"""The one Definitions object of the code location."""

import dagster as dg

from pipelines.defs.checks import every_file_accounted_for, scores_against_gold
from pipelines.defs.dbt import warehouse_models
from pipelines.defs.documents import documents
from pipelines.defs.ingest import ingest
from pipelines.defs.publish import published_warehouse
from pipelines.defs.report import analyst_report
from pipelines.defs.resources import build_resources
from pipelines.defs.schedules import daily_build
from pipelines.defs.sensors import input_folder_sensor

all_assets = [ingest, documents, warehouse_models, published_warehouse,
              analyst_report]

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=[every_file_accounted_for, scores_against_gold],
    jobs=[dg.define_asset_job("build_warehouse", selection=dg.AssetSelection.all())],
    schedules=[daily_build],
    sensors=[input_folder_sensor],
    resources=build_resources(),
)
