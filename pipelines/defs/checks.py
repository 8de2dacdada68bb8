"""Asset checks: every input file accounted for (blocking), and the gold score where gold is configured."""

import dagster as dg

from pipelines.config import table_file
from pipelines.defs.ingest import LISTING
from pipelines.defs.resources import PipelinePaths
from pipelines.ops.accounting import account


@dg.asset_check(
    asset="quarantine",
    additional_deps=["raw_documents"],
    blocking=True,
    description="Every file the ingest listed is a document or a quarantine row, exactly once (a file that "
    "arrived or left after the listing waits for the next build).",
)
def every_file_accounted_for(pipeline: PipelinePaths) -> dg.AssetCheckResult:
    paths = pipeline.paths()
    store = paths.store
    docs = store.read(table_file("raw_documents"), columns=["source_path"])["source_path"].to_list()
    held = store.read(table_file("quarantine"), columns=["source_path"])["source_path"].to_list()
    # the listing the tables were made from; a warehouse from before it was kept is listed now
    listed = (
        store.read(LISTING, columns=["source_path"])["source_path"].to_list()
        if store.exists(LISTING)
        else paths.input_dir
    )
    result = account(listed, docs, held)
    return dg.AssetCheckResult(
        passed=not any(result.values()),
        metadata={
            "listed": "at ingest" if store.exists(LISTING) else "now (no listing kept)",
            "documents": len(docs),
            "quarantined": len(held),
            **{k: dg.MetadataValue.json(v[:50]) for k, v in result.items()},
        },
    )


GOLD_WARN_BELOW = 0.9  # core F1 under this on documents with gold is worth a look in the UI


@dg.asset_check(
    asset="published_warehouse",
    blocking=False,
    description="Precision, recall and F1 against the hand-written gold (PIPELINE_GOLD) for the "
    "documents that have gold; passes with a note when there is none.",
)
def scores_against_gold(pipeline: PipelinePaths) -> dg.AssetCheckResult:
    from pipelines.ops.evaluate import score_warehouse, summary

    gold = pipeline.gold()
    report = (
        None if gold is None else score_warehouse(pipeline.paths().published_dir / "warehouse.duckdb", gold)
    )
    if report is None:
        return dg.AssetCheckResult(passed=True, metadata={"gold": "no gold configured for these documents"})
    numbers = summary(report)
    return dg.AssetCheckResult(
        passed=numbers["core_f1"] >= GOLD_WARN_BELOW,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={k: dg.MetadataValue.float(v) for k, v in numbers.items()},
    )
