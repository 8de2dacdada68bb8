"""Asset: the analyst report, one static HTML page drawn from the published warehouse after every build."""

from pathlib import Path

import dagster as dg

from pipelines.defs.resources import PipelinePaths
from pipelines.serve.report import build, write_text


def gold_score(database: Path, gold: Path | None, log) -> dict | None:
    """The headline scores against the gold folder for the documents that have gold; None when there is no
    gold folder or no document has gold. Never raises: a scoring problem is logged and the report says there
    is no gold rather than failing the run."""
    if gold is None:
        return None
    try:
        from pipelines.ops.evaluate import score_warehouse, summary

        report = score_warehouse(database, gold)
        return None if report is None else summary(report)
    except Exception as exc:  # noqa: BLE001 - the report must not fail on the optional gold score
        log.warning(f"gold score left out of the report: {exc!r}")
        return None


@dg.asset(
    deps=["published_warehouse"],
    group_name="report",
    kinds={"html"},
    description="warehouse/report/index.html: charts of targets vs actuals, projects, facts by region and "
    "period, people and data quality (with the gold score where gold exists), plus a searchable "
    "table of every source sentence. Self-contained (plotly.js inline), opens offline; written "
    "atomically.",
)
def analyst_report(context: dg.AssetExecutionContext, pipeline: PipelinePaths) -> dg.MaterializeResult:
    paths = pipeline.paths()
    database = paths.published_dir / "warehouse.duckdb"
    score = gold_score(database, pipeline.gold(), context.log)
    report = build(database, gold_score=score)
    out = write_text(report.html, paths.report_file)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(out)),
            "size_bytes": out.stat().st_size,
            "charts": report.charts,
            "sentence_rows": report.table_rows,
            "gold": score is not None,
        }
    )
