"""The one Definitions object of the code location."""

import dagster as dg

from pipelines.defs.dbt import warehouse_models
from pipelines.defs.extract import extract
from pipelines.defs.ingest import ingest
from pipelines.defs.resources import build_resources
from pipelines.defs.text import clean_documents, tokens

all_assets = [ingest, clean_documents, tokens, extract, warehouse_models]

defs = dg.Definitions(
    assets=all_assets,
    jobs=[dg.define_asset_job("build_warehouse", selection=dg.AssetSelection.all())],
    resources=build_resources(),
)
