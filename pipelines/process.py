"""Raw documents -> the rows of every per-document table: cleaned text, tokens, and what is extracted.

One function runs the three text stages (clean, segment, extract) over a batch of raw document
rows, so a worker reads its batch once and hands back Arrow-backed frames; nothing here knows
about Dagster or files.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from pipelines import schemas
from pipelines.extract.document import extract_document
from pipelines.text.clean import clean_document
from pipelines.text.segment import Segmenter, default_segmenter

TABLES = {
    "clean_documents": schemas.CLEAN_DOCUMENTS,
    "tokens": schemas.TOKENS,
    "facts": schemas.FACTS,
    "people": schemas.PEOPLE,
    "projects": schemas.PROJECTS,
    "cited_documents": schemas.CITED_DOCUMENTS,
    "sentences": schemas.SENTENCES,
}
EXTRACTED = ("facts", "people", "projects", "cited_documents", "sentences")


def token_frame(doc_id: str, text: str, segmenter: Segmenter) -> pl.DataFrame:
    """jieba tokens of one text as columns (no per-token Python objects kept)."""
    words, pos, starts, ends = [], [], [], []
    tag_of = segmenter.tag_of
    for word, start, end in segmenter.tokenize(text):
        words.append(word)
        pos.append(tag_of(word))
        starts.append(start)
        ends.append(end)
    n = len(words)
    return pl.DataFrame({"doc_id": [doc_id] * n, "token_index": range(n), "token": words, "pos": pos,
                         "char_start": starts, "char_end": ends}, schema=schemas.TOKENS)


def process_documents(raw: list[dict], segmenter: Segmenter | None = None) -> dict[str, pl.DataFrame]:
    """Clean, segment and extract every raw document row (RAW_DOCUMENTS columns)."""
    segmenter = segmenter or default_segmenter()
    clean_rows: list[dict] = []
    token_frames: list[pl.DataFrame] = []
    extracted: dict[str, list[dict]] = {name: [] for name in EXTRACTED}
    for doc in raw:
        cleaned = {**doc, **clean_document(doc["raw_text"])}
        clean_rows.append(cleaned)
        tokens = token_frame(doc["doc_id"], cleaned["clean_text"], segmenter)
        token_frames.append(tokens)
        result = extract_document(cleaned, tokens)
        for name in EXTRACTED:
            extracted[name].extend(result[name])
    out = {"clean_documents": schemas.frame(clean_rows, schemas.CLEAN_DOCUMENTS),
           "tokens": pl.concat(token_frames) if token_frames else pl.DataFrame(schema=schemas.TOKENS)}
    for name in EXTRACTED:
        out[name] = schemas.frame(extracted[name], TABLES[name])
    return out


def summarise(tables: dict[str, pl.DataFrame]) -> dict:
    """Counts for the UI: rows per table, facts by type, scripts and quality flags of the documents."""
    docs = tables["clean_documents"]
    flags = Counter(f for row in docs["quality_flags"].to_list() for f in (row or []))
    return {
        "rows": {name: frame.height for name, frame in tables.items()},
        "facts_by_type": dict(Counter(tables["facts"]["fact_type"].to_list())),
        "scripts": dict(Counter(docs["script"].to_list())),
        "quality_flags": dict(flags),
        "mojibake_spans": int(sum(len(s or []) for s in docs["mojibake_spans"].to_list())),
    }
