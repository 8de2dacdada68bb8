"""Column names and Arrow/Polars types of every Parquet file the pipeline writes.

One place for the shape of the data: the assets build frames with these schemas (so an empty
run still writes every column) and dbt's staging models read exactly these columns.
"""

from __future__ import annotations

import polars as pl

SPAN = pl.Struct({"start": pl.Int32, "end": pl.Int32})
MOJIBAKE_SPAN = pl.Struct(
    {"start": pl.Int32, "end": pl.Int32, "original": pl.String, "repaired": pl.String,
     "guessed_chars": pl.Int32}
)

RAW_DOCUMENTS = {
    "doc_id": pl.String,
    "source_file": pl.String,
    "source_path": pl.String,
    "sha256": pl.String,
    "size_bytes": pl.Int64,
    "encoding": pl.String,
    "had_bom": pl.Boolean,
    "raw_text": pl.String,
    "name_note": pl.String,  # set when the file's name on disk was not UTF-8 (pipelines/text/ingest.py)
}

QUARANTINE = {
    "source_file": pl.String,
    "source_path": pl.String,
    "sha256": pl.String,
    "size_bytes": pl.Int64,
    "reason": pl.String,
    "name_note": pl.String,
}

INPUT_LISTING = {  # what the ingest of the last build listed: the accounting check compares against it
    "source_path": pl.String,
    "name_note": pl.String,
    "skip_reason": pl.String,
}

CLEAN_DOCUMENTS = {
    "doc_id": pl.String,
    "source_file": pl.String,
    "source_path": pl.String,
    "sha256": pl.String,
    "size_bytes": pl.Int64,
    "encoding": pl.String,
    "script": pl.String,
    "traditional_share": pl.Float64,
    "newspaper": pl.String,
    "pub_date": pl.String,
    "pages": pl.List(pl.Int32),
    "continued_from": pl.Int32,
    "continued_to": pl.Int32,
    "reporters": pl.List(pl.String),
    "bylines": pl.List(pl.String),
    "quality_flags": pl.List(pl.String),
    "mojibake_spans": pl.List(MOJIBAKE_SPAN),
    "pinyin_removed": pl.Int32,
    "furniture": pl.List(pl.String),
    "headings": pl.List(SPAN),
    "clean_text": pl.String,
    "char_count": pl.Int64,
}

TOKENS = {
    "doc_id": pl.String,
    "token_index": pl.Int32,
    "token": pl.String,
    "pos": pl.String,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
}

SENTENCES = {
    "doc_id": pl.String,
    "sentence_index": pl.Int32,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "sentence": pl.String,
    "region": pl.String,
}

POSTINGS = {  # the full-text index (pipelines/extract/postings.py)
    "doc_id": pl.String,
    "sentence_index": pl.Int32,
    "term": pl.String,
    "tf": pl.Int32,
}

FACTS = {
    "fact_id": pl.String,
    "doc_id": pl.String,
    "source_file": pl.String,
    "fact_type": pl.String,
    "value": pl.Float64,
    "value_high": pl.Float64,
    "value_text": pl.String,
    "value_high_text": pl.String,
    "unit": pl.String,
    "qualifier": pl.String,
    "modality": pl.String,
    "metric": pl.String,
    "subject": pl.String,
    "region": pl.String,
    "period": pl.String,
    "indicator": pl.String,  # a headline indicator id (seeds/lexicon/indicators.csv) or null
    "also_indicators": pl.List(pl.String),  # further ids the same number states (甲、乙增长X%), else null
    "measure": pl.String,  # the indicator's measure: growth, level, rate, ratio, change
    "direction": pl.Int8,  # -1 when a decrease is written (下降), 1 otherwise; null without an indicator
    "ref_year": pl.Int32,  # the calendar year the number is about
    "ref_period": pl.String,  # year, a part of it (1-8月, 前三季度) or a span (2021-2025)
    "mention": pl.String,
    "sentence": pl.String,
    "sentence_index": pl.Int32,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "extractor_version": pl.String,
}

PEOPLE = {
    "person_id": pl.String,
    "doc_id": pl.String,
    "source_file": pl.String,
    "name": pl.String,
    "titles": pl.List(pl.String),
    "region": pl.String,
    "role": pl.String,
    "mention": pl.String,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "extractor_version": pl.String,
}

PROJECTS = {
    "project_id": pl.String,
    "doc_id": pl.String,
    "source_file": pl.String,
    "name": pl.String,
    "region": pl.String,
    "investment": pl.Float64,
    "unit": pl.String,
    # a total the text writes for the list or region the project is named in (`甲、乙等总投资X的N个项目`):
    # the group's, not the project's own investment
    "group_investment": pl.Float64,
    "group_unit": pl.String,
    "status": pl.String,
    "mention": pl.String,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "extractor_version": pl.String,
}

CITED_DOCUMENTS = {
    "doc_id": pl.String,
    "source_file": pl.String,
    "title": pl.String,
    "mention": pl.String,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "extractor_version": pl.String,
}


REJECTED = {  # rows that broke a rule of the contract (pipelines/extract/validate.py), kept with the reason
    "table_name": pl.String,
    "rule": pl.String,
    "reason": pl.String,
    "doc_id": pl.String,
    "source_file": pl.String,
    "sentence": pl.String,
    "row_json": pl.String,  # the rejected row as JSON
}


def frame(rows: list[dict], schema: dict) -> pl.DataFrame:
    """A DataFrame with exactly the columns and types of `schema` (empty rows allowed)."""
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema, orient="row")


BUILD_MANIFEST = {
    "build_id": pl.String,
    "started_at": pl.Datetime("us", "UTC"),
    "git_commit": pl.String,
    "extractor_version": pl.String,
    "code_versions": pl.String,
    "lexicon_hash": pl.String,
    "package_versions": pl.String,
    "input_dir": pl.String,
    "input_files": pl.Int64,
    "input_digest": pl.String,
    "documents": pl.Int64,
    "quarantined": pl.Int64,
}

# One file per build (build_status/<build id>.parquet), rewritten as the build moves on: kept apart from the
# manifest, whose files dbt reads with one glob (a new column there would not match the older files).
BUILD_STATUS = {
    "build_id": pl.String,
    "status": pl.String,  # started | refused (more states are for the steps after ingest, see the issue)
    "reason": pl.String,
    "at": pl.Datetime("us", "UTC"),
}
