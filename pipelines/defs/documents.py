"""Assets: the per-document tables (cleaned text, tokens, facts, people, projects, citations, sentences).

One step behind eight assets: plan the batches of new content (pipelines/batch/plan.py), run them on
the configured runner (in process, a local process pool, or Dask: pipelines/batch/runners.py), then
write the index that dbt reads. Each batch runs clean -> segment -> extract and writes one Parquet
file per table, so it can run in any process that sees the warehouse folder. Documents already
processed under the same code versions are not touched.

(Why not Dagster's own fan-out: dagster-dask 0.29.27 skips dynamically mapped steps, and the
multiprocess executor pays a fresh interpreter, jieba load and code-location import per step.)
"""

import functools
import time
from collections import Counter

import dagster as dg
import polars as pl

from pipelines.batch import plan as plan_mod
from pipelines.batch.process import TABLES, run_batch
from pipelines.batch.store import (
    complete_batches,
    ensure_table_dirs,
    read_index,
    remove_unreferenced_batches,
    write_index,
)
from pipelines.batch.versions import (
    cleaner_code_version,
    extractor_code_version,
    pipeline_version,
    segmenter_code_version,
)
from pipelines.config import BATCH_INDEX, table_file
from pipelines.defs.resources import WRITER_POOL, BatchRunner, PipelinePaths

GC_GRACE_SECONDS = 3600  # an unreferenced batch file younger than this may belong to a run still going

CODE_VERSIONS = {"clean_documents": cleaner_code_version(), "tokens": segmenter_code_version()}
DESCRIPTIONS = {
    "clean_documents": "Cleaned, simplified text per document with layout fields and quality flags.",
    "tokens": "jieba tokens with POS tags and offsets into the cleaned text.",
    "facts": "Numeric facts (FACTS.md section 2), one row per mention.",
    "people": "Officials and reporters named in the text, with title chains.",
    "projects": "Investment projects named in the text.",
    "cited_documents": "Titles in 《》 cited by a document.",
    "sentences": "Sentences of the cleaned text with offsets and the region in force there.",
    "postings": "The full-text index: occurrences of each searchable jieba term in each sentence.",
    "rejected": "Extracted rows that broke a rule of the contract (pipelines/extract/validate.py), with the "
    "rule, the reason and the sentence; they never reach the marts' tables (marts.rejected_rows lists them).",
    "batch_index": "doc_id -> batch_id of every current document: which batch file holds its rows.",
}
OUTPUTS = (*TABLES, "batch_index")
MAX_LISTED = 200  # documents listed by name in the UI metadata


def _flags_table(results: list[dict]) -> str:
    """Markdown: the quality flags of each document processed now (the UI shows it on clean_documents)."""
    rows = sorted((path, flags) for r in results for path, flags in r["flags_by_document"].items())
    if not rows:
        return "no document processed in this run"
    lines = ["| document | quality flags |", "| --- | --- |"]
    lines += [f"| `{path}` | {', '.join(flags) or '-'} |" for path, flags in rows[:MAX_LISTED]]
    if len(rows) > MAX_LISTED:
        lines.append(f"| ... {len(rows) - MAX_LISTED} more | |")
    return "\n".join(lines)


def _totals(results: list[dict], key: str) -> dict:
    total: Counter = Counter()
    for r in results:
        total.update(r[key])
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in total.items()}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            name,
            deps=["raw_documents"],
            description=DESCRIPTIONS[name],
            kinds={"parquet"},
            group_name="text" if name in CODE_VERSIONS else "extract",
            code_version=CODE_VERSIONS.get(name, extractor_code_version()),
        )
        for name in OUTPUTS
    ],
    pool=WRITER_POOL,
)
def documents(context: dg.AssetExecutionContext, pipeline: PipelinePaths, runner: BatchRunner):
    paths = pipeline.paths()
    store = paths.store
    ensure_table_dirs(store, TABLES)
    current = store.read(table_file("raw_documents"), columns=["doc_id", "raw_text"]).select(
        "doc_id", pl.col("raw_text").str.len_chars().alias("chars")
    )
    index = read_index(store)
    plan = plan_mod.plan(
        dict(current.iter_rows()),
        dict(zip(index["doc_id"], index["batch_id"])),
        dict(zip(index["doc_id"], index["version"])),
        pipeline_version(),
        complete_batches(store, TABLES),
        pipeline.batch_chars,
        runner.workers,
    )
    context.log.info(
        f"{len(plan.reused)} documents already processed, {plan.todo} to process in "
        f"{len(plan.batches)} batches on {runner.kind} x{runner.workers}"
    )
    started = time.perf_counter()
    work = functools.partial(run_batch, store)
    results = runner.run(work, [{"batch_id": b.batch_id, "doc_ids": list(b.doc_ids)} for b in plan.batches])
    processing_seconds = time.perf_counter() - started

    new_index = plan.index()
    # one listing of the store for all batches: one per document made the check grow with the square of them
    missing = sorted(set(new_index.values()) - complete_batches(store, TABLES))
    if missing:
        raise dg.Failure(f"batch files missing for {missing[:5]}; run again")
    write_index(store, new_index, plan.version)
    old = remove_unreferenced_batches(store, TABLES, set(new_index.values()), GC_GRACE_SECONDS)

    common = {
        "documents": len(new_index),
        "processed_now": sum(r["documents"] for r in results),
        "reused": len(plan.reused),
        "batches_now": len(results),
        "batch_files_removed": len(old),
        "runner": f"{runner.kind} x{runner.workers}",
        "processing_seconds": round(processing_seconds, 3),
        "stage_seconds": dg.MetadataValue.json(_totals(results, "timings")),
    }
    for name in TABLES:
        meta = {**common, "rows_written_now": sum(r["rows"][name] for r in results)}
        if name == "rejected":
            meta["rejected_by_rule_now"] = dg.MetadataValue.json(_totals(results, "rejected_by_rule"))
        if name == "facts":
            meta["facts_by_type_now"] = dg.MetadataValue.json(_totals(results, "facts_by_type"))
        if name == "clean_documents":
            meta["scripts_now"] = dg.MetadataValue.json(_totals(results, "scripts"))
            meta["quality_flags_now"] = dg.MetadataValue.json(_totals(results, "quality_flags"))
            meta["mojibake_spans_now"] = sum(r["mojibake_spans"] for r in results)
            meta["quality_flags_by_document"] = dg.MetadataValue.md(_flags_table(results))
        yield dg.MaterializeResult(asset_key=name, metadata=meta)
    yield dg.MaterializeResult(
        asset_key="batch_index", metadata={**common, "path": store.duckdb_uri(BATCH_INDEX)}
    )
