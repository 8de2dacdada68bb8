"""Asset check: every input file appears exactly once in raw documents or quarantine."""

import dagster as dg
import polars as pl

from pipelines.accounting import account
from pipelines.defs.resources import PipelinePaths


@dg.asset_check(asset="quarantine", additional_deps=["raw_documents"], blocking=True,
                description="Every input file is a document or a quarantine row, exactly once.")
def every_file_accounted_for(pipeline: PipelinePaths) -> dg.AssetCheckResult:
    paths = pipeline.paths()
    docs = pl.read_parquet(paths.parquet("raw_documents"), columns=["source_path"])["source_path"].to_list()
    held = pl.read_parquet(paths.parquet("quarantine"), columns=["source_path"])["source_path"].to_list()
    result = account(paths.input_dir, docs, held)
    return dg.AssetCheckResult(
        passed=not any(result.values()),
        metadata={"documents": len(docs), "quarantined": len(held),
                  **{k: dg.MetadataValue.json(v[:50]) for k, v in result.items()}},
    )
