"""Assets: cleaned documents (layout, pinyin, script, mojibake) and jieba tokens."""

from collections import Counter

import dagster as dg
import polars as pl

from pipelines import schemas
from pipelines.defs.resources import PipelinePaths
from pipelines.storage import write_parquet_atomic
from pipelines.text.clean import clean_document
from pipelines.text.segment import default_segmenter
from pipelines.versions import cleaner_code_version, segmenter_code_version


@dg.asset(
    deps=["raw_documents"],
    group_name="text",
    code_version=cleaner_code_version(),
    kinds={"parquet"},
    description="Cleaned, simplified text per document with layout fields and quality flags.",
)
def clean_documents(context: dg.AssetExecutionContext, pipeline: PipelinePaths) -> dg.MaterializeResult:
    paths = pipeline.paths()
    raw = pl.read_parquet(paths.parquet("raw_documents"))
    rows = []
    for doc in raw.iter_rows(named=True):
        cleaned = clean_document(doc["raw_text"])
        rows.append({**doc, **cleaned})
    out = schemas.frame(rows, schemas.CLEAN_DOCUMENTS)
    write_parquet_atomic(out, paths.parquet("clean_documents"))
    flags = Counter(f for r in rows for f in r["quality_flags"])
    return dg.MaterializeResult(
        metadata={
            "documents": len(rows),
            "scripts": dg.MetadataValue.json(dict(Counter(r["script"] for r in rows))),
            "quality_flags": dg.MetadataValue.json(dict(flags)),
            "mojibake_spans": sum(len(r["mojibake_spans"]) for r in rows),
        }
    )


@dg.asset(
    deps=["clean_documents"],
    group_name="text",
    code_version=segmenter_code_version(),
    kinds={"parquet"},
    description="jieba tokens with POS tags and offsets into the cleaned text.",
)
def tokens(context: dg.AssetExecutionContext, pipeline: PipelinePaths) -> dg.MaterializeResult:
    paths = pipeline.paths()
    docs = pl.read_parquet(paths.parquet("clean_documents"), columns=["doc_id", "clean_text"])
    segmenter = default_segmenter()
    columns: dict[str, list] = {name: [] for name in schemas.TOKENS}
    for doc_id, text in docs.iter_rows():
        for i, tok in enumerate(segmenter.cut(text)):
            columns["doc_id"].append(doc_id)
            columns["token_index"].append(i)
            columns["token"].append(tok.text)
            columns["pos"].append(tok.pos)
            columns["char_start"].append(tok.start)
            columns["char_end"].append(tok.end)
    out = pl.DataFrame(columns, schema=schemas.TOKENS)
    write_parquet_atomic(out, paths.parquet("tokens"))
    return dg.MaterializeResult(metadata={"tokens": out.height, "documents": docs.height})
