"""The one job: materialise every asset (ingest -> documents -> dbt -> publish -> report)."""

import dagster as dg

build_warehouse = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Build the warehouse from the input folder and publish it.",
)
