"""The one Definitions object of the code location."""

import dagster as dg

from pipelines.defs.checks import every_file_accounted_for
from pipelines.defs.dbt import warehouse_models
from pipelines.defs.extract import extract
from pipelines.defs.ingest import ingest
from pipelines.defs.resources import build_resources
from pipelines.defs.schedules import daily_build
from pipelines.defs.sensors import input_folder_sensor
from pipelines.defs.snapshot import published_warehouse
from pipelines.defs.text import clean_documents, tokens

all_assets = [ingest, clean_documents, tokens, extract, warehouse_models, published_warehouse]

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=[every_file_accounted_for],
    jobs=[dg.define_asset_job("build_warehouse", selection=dg.AssetSelection.all())],
    schedules=[daily_build],
    sensors=[input_folder_sensor],
    resources=build_resources(),
)
