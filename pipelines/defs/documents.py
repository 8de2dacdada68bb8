"""Assets: the per-document tables (cleaned text, tokens, facts, people, projects, citations, sentences).

A graph of three ops behind seven assets. `plan_batches` reads the raw documents and the batch
index and fans out one step per batch of new content (pipelines/batches.py); `process_batch`
runs clean -> segment -> extract over one batch and writes one Parquet file per table; it can
run in another process or on another machine (the multiprocess or Dask executor), since it only
reads raw_documents and writes its own files. `index_batches` writes the index that dbt reads.
Documents already processed under the same code versions are not touched.
"""


import time
from collections import Counter

import dagster as dg
import polars as pl

from pipelines import batches as plan_mod
from pipelines.defs.resources import WRITER_POOL, PipelinePaths
from pipelines.process import TABLES, process_documents, summarise
from pipelines.storage import (complete_batches, batches_on_disk, ensure_table_dirs, read_index, remove_batches,
                               write_batch, write_index)
from pipelines.versions import (cleaner_code_version, extractor_code_version, pipeline_version,
                                segmenter_code_version)

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
    "batch_index": "doc_id -> batch_id of every current document: which batch file holds its rows.",
}
OUTPUTS = (*TABLES, "batch_index")


@dg.op(ins={"raw_documents": dg.In(dg.Nothing)},
       out={"batch": dg.DynamicOut(dict, is_required=False), "plan": dg.Out(dict)}, pool=WRITER_POOL)
def plan_batches(context: dg.OpExecutionContext, pipeline: PipelinePaths):
    """Which current documents are not yet in the store under this version, in balanced batches."""
    paths = pipeline.paths()
    ensure_table_dirs(paths, TABLES)
    current = pl.read_parquet(paths.parquet("raw_documents"), columns=["doc_id", "raw_text"]).select(
        "doc_id", pl.col("raw_text").str.len_chars().alias("chars"))
    index = read_index(paths)
    plan = plan_mod.plan(dict(current.iter_rows()), dict(zip(index["doc_id"], index["batch_id"])),
                         dict(zip(index["doc_id"], index["version"])), pipeline_version(),
                         complete_batches(paths, TABLES), pipeline.batch_chars, pipeline.min_batches)
    context.log.info(f"{len(plan.reused)} documents already processed, {plan.todo} to process "
                     f"in {len(plan.batches)} batches")
    for batch in plan.batches:
        yield dg.DynamicOutput({"batch_id": batch.batch_id, "doc_ids": list(batch.doc_ids)},
                               output_name="batch", mapping_key=batch.batch_id)
    if not plan.batches:  # nothing new: one empty step, since Dagster skips a collect over no steps
        yield dg.DynamicOutput({"batch_id": None, "doc_ids": []}, output_name="batch", mapping_key="nothing_new")
    yield dg.Output({"version": plan.version, "index": plan.index(), "reused": len(plan.reused)},
                    output_name="plan")


@dg.op(out=dg.Out(dict))
def process_batch(context: dg.OpExecutionContext, pipeline: PipelinePaths, batch: dict) -> dict:
    """Clean, segment and extract one batch; one Parquet file per table, named by the batch id."""
    paths = pipeline.paths()
    if not batch["doc_ids"]:
        return {"batch_id": None, "documents": 0, "seconds": 0.0, "chars": 0, "rows": dict.fromkeys(TABLES, 0),
                "facts_by_type": {}, "scripts": {}, "quality_flags": {}, "mojibake_spans": 0}
    started = time.perf_counter()
    raw = (pl.scan_parquet(paths.parquet("raw_documents"))
           .filter(pl.col("doc_id").is_in(batch["doc_ids"])).collect())
    tables = process_documents(raw.to_dicts())
    write_batch(paths, batch["batch_id"], tables)
    seconds = time.perf_counter() - started
    context.log.info(f"batch {batch['batch_id']}: {raw.height} documents in {seconds:.1f} s")
    return {"batch_id": batch["batch_id"], "documents": raw.height, "seconds": seconds,
            "chars": int(raw["raw_text"].str.len_chars().sum() or 0), **summarise(tables)}


@dg.op(out={name: dg.Out(dg.Nothing) for name in OUTPUTS}, pool=WRITER_POOL)
def index_batches(context: dg.OpExecutionContext, pipeline: PipelinePaths, plan: dict, results: list):
    """Publish the doc_id -> batch_id index for dbt, then drop old batches nothing points to."""
    paths = pipeline.paths()
    index = plan["index"]
    complete = complete_batches(paths, TABLES)
    missing = sorted({b for b in index.values() if b not in complete})
    if missing:
        raise dg.Failure(f"batch files missing for {missing[:5]} (removed while this run went?); run again")
    write_index(paths, index, plan["version"])
    old = {b for b in plan_mod.unreferenced(set(batches_on_disk(paths, TABLES)), index)
           if time.time() - paths.batch_file("facts", b).stat().st_mtime > GC_GRACE_SECONDS}
    remove_batches(paths, TABLES, old)
    totals: Counter = Counter()
    for key in ("facts_by_type", "scripts", "quality_flags"):
        for r in results:
            totals.update({f"{key}:{k}": v for k, v in r[key].items()})
    results = [r for r in results if r["batch_id"]]
    processed = sum(r["documents"] for r in results)
    common = {"documents": len(index), "processed_now": processed, "reused": plan["reused"],
              "batches_now": len(results), "batch_files_removed": len(old)}
    for name in TABLES:
        meta = {**common, "rows_written_now": sum(r["rows"][name] for r in results)}
        if name == "facts":
            meta["facts_by_type_now"] = dg.MetadataValue.json(
                {k.split(":", 1)[1]: v for k, v in totals.items() if k.startswith("facts_by_type:")})
        if name == "clean_documents":
            meta["scripts_now"] = dg.MetadataValue.json(
                {k.split(":", 1)[1]: v for k, v in totals.items() if k.startswith("scripts:")})
            meta["quality_flags_now"] = dg.MetadataValue.json(
                {k.split(":", 1)[1]: v for k, v in totals.items() if k.startswith("quality_flags:")})
            meta["mojibake_spans_now"] = sum(r["mojibake_spans"] for r in results)
        yield dg.Output(None, output_name=name, metadata=meta)
    yield dg.Output(None, output_name="batch_index", metadata={**common, "path": dg.MetadataValue.path(
        str(paths.batch_index))})


@dg.graph_multi_asset(
    outs={name: dg.AssetOut(dagster_type=dg.Nothing, group_name="text" if name in CODE_VERSIONS else "extract",
                            code_version=CODE_VERSIONS.get(name, extractor_code_version()),
                            description=DESCRIPTIONS[name], kinds={"parquet"})
          for name in OUTPUTS},
    ins={"raw_documents": dg.AssetIn(dagster_type=dg.Nothing)},
)
def documents(raw_documents):
    batch, plan = plan_batches(raw_documents)
    results = batch.map(process_batch).collect()
    return index_batches(plan, results)
