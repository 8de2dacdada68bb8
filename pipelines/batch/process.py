"""Raw documents -> the rows of every per-document table: cleaned text, tokens, and what is extracted.

One function runs the three text stages (clean, segment, extract) over a batch of raw document
rows, so a worker reads its batch once and hands back Arrow-backed frames; nothing here knows
about Dagster or files.
"""

from __future__ import annotations

import gc
import json
import re
import time
from collections import Counter
from contextlib import contextmanager

import polars as pl

from pipelines import schemas
from pipelines.batch.versions import extractor_code_version
from pipelines.extract.document import extract_document
from pipelines.extract.postings import postings
from pipelines.extract.validate import MAX_TF, validate
from pipelines.text.clean import clean_document
from pipelines.text.segment import Segmenter, TokenColumns, default_segmenter

TABLES = {
    "clean_documents": schemas.CLEAN_DOCUMENTS,
    "tokens": schemas.TOKENS,
    "facts": schemas.FACTS,
    "people": schemas.PEOPLE,
    "projects": schemas.PROJECTS,
    "cited_documents": schemas.CITED_DOCUMENTS,
    "sentences": schemas.SENTENCES,
    "postings": schemas.POSTINGS,
    "rejected": schemas.REJECTED,
}
# What a long document hands over piece by piece (process_documents); all but `rejected` go to a sink.
STREAMED = ("tokens", "postings", "sentences", "facts", "rejected")
EXTRACTED = ("facts", "people", "projects", "cited_documents", "sentences", "rejected")
REJECTED_FLAG = "rows_rejected"  # quality flag of a document some of whose rows broke a rule


@contextmanager
def fewer_collections(threshold: tuple[int, int, int] = (100_000, 50, 1000)):
    """Python's cyclic garbage collector run less often while a batch is processed, and as before afterwards.

    The stages allocate millions of small containers (token tuples, row dicts) that all live until the batch
    ends and hold no reference cycles; at the default threshold (700 allocations) the collector walks them
    again and again, which slows building the token tuples a great deal and a whole batch noticeably
    (see docs/performance.md).
    """
    before = gc.get_threshold()
    gc.set_threshold(*threshold)
    try:
        yield
    finally:
        gc.set_threshold(*before)


# A document longer than this is segmented in pieces of at most this many characters (one jieba call each), so
# what the engine holds at once stays bounded however long the document is.
WINDOW_CHARS = 1_000_000
# What jieba keeps in one block (its re_han_default): a piece cut just after any other character (a newline
# first, else punctuation or a space) is cut where jieba cuts anyway, so the tokens and offsets are those of
# the whole text.
_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]")
_NOT_BLOCK = re.compile(r"[^\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]")


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces covering `text` in order, each at most `size` characters, cut just after a newline
    (the last one in the piece), else after the last character jieba never joins to the next; a piece with
    no such character at all runs to the next one."""
    pieces, start, n = [], 0, len(text)
    while n - start > size:
        end = text.rfind("\n", start, start + size) + 1
        if end <= start:
            tail = start + size
            while tail > start and _JIEBA_BLOCK.match(text, tail - 1):
                tail -= 1
            if tail == start:  # one block longer than `size`: up to the first character after it
                found = _NOT_BLOCK.search(text, start + size)
                tail = found.end() if found else n
            end = tail
        pieces.append((start, end))
        start = end
    if start < n or not pieces:
        pieces.append((start, n))
    return pieces


def segment_compact(text: str, segmenter: Segmenter, size: int = WINDOW_CHARS) -> TokenColumns:
    """`segmenter.columns(text)` held compactly (TokenColumns), one window (`windows`) at a time: the same
    tokens and offsets, one window's Python lists alive at once."""
    columns = TokenColumns()
    for a, b in windows(text, size):
        segmenter.add_to(columns, text[a:b], a)
    return columns


def chunk_frame(doc_id: str, text: str, columns: TokenColumns, lo: int, hi: int) -> pl.DataFrame:
    """The TOKENS rows of the tokens `lo` to `hi` (indices) of a document."""
    words, tags, starts, ends = columns.columns(text, lo, hi)
    return pl.DataFrame({"doc_id": [doc_id] * len(words), "token_index": range(lo, hi), "token": words,
                         "pos": tags, "char_start": starts, "char_end": ends}, schema=schemas.TOKENS)


def process_documents(raw: list[dict], segmenter: Segmenter | None = None,
                      timings: dict[str, float] | None = None, sink=None) -> dict[str, pl.DataFrame]:
    """Clean, segment and extract every raw document row (RAW_DOCUMENTS columns), and index their terms.

    `timings`, when given, receives the seconds spent in each stage (clean, segment, extract, index).
    A document longer than one piece of extraction (document.CHUNK_CHARS) has its tokens, postings, sentences
    and facts (STREAMED) made piece by piece; with a `sink` (batch/store.py `StreamedTables`) they are handed
    to it as they come, inside `sink.document()` (kept only if the document succeeds), and are not in the
    tables returned (its rejected rows are).
    """
    segmenter = segmenter or default_segmenter()
    clock = timings if timings is not None else {}
    for stage in ("clean", "segment", "extract", "index"):
        clock.setdefault(stage, 0.0)
    version = extractor_code_version()
    clean_rows: list[dict] = []
    token_frames: list[pl.DataFrame] = []
    extracted: dict[str, list[dict]] = {name: [] for name in EXTRACTED}
    streamed: dict[str, list[pl.DataFrame]] = {name: [] for name in STREAMED}
    with fewer_collections():
        for doc in raw:
            t0 = time.perf_counter()
            stage = "clean"
            try:
                cleaned = {**doc, **clean_document(doc["raw_text"], doc.get("source_file"))}
                t1 = time.perf_counter()
                stage = "segment"
                text = cleaned["clean_text"] or ""
                columns = segment_compact(text, segmenter)
                t2 = time.perf_counter()
                stage = "extract"
                with (sink.document() if sink is not None else _no_sink()) as part:
                    pieces = _Pieces(doc["doc_id"], text, columns, part, clock)
                    result = extract_document(cleaned, version=version, columns=columns, on_chunk=pieces)
            except Exception as exc:  # noqa: BLE001 - one document's failure must not fail its batch
                clean_rows.append(failed_document(doc, stage, exc))
                extracted["rejected"].append(failure_row(doc, stage, exc))
                continue
            clean_rows.append(cleaned)
            token_frames += pieces.short
            for name, frames in pieces.indexed.items():
                streamed[name] += frames
            for name in EXTRACTED:
                extracted[name].extend(result[name])
            t3 = time.perf_counter()
            clock["clean"] += t1 - t0
            clock["segment"] += t2 - t1
            clock["extract"] += t3 - t2 - pieces.seconds  # less the indexing of a long document's pieces
        out = {"clean_documents": schemas.frame(clean_rows, schemas.CLEAN_DOCUMENTS),
               "tokens": pl.concat(token_frames) if token_frames else pl.DataFrame(schema=schemas.TOKENS)}
        for name in EXTRACTED:
            out[name] = schemas.frame(extracted[name], TABLES[name])
    t4 = time.perf_counter()
    out["postings"], rejected = checked_postings(postings(out["tokens"], out["sentences"]), out["sentences"])
    if rejected:
        out["rejected"] = pl.concat([out["rejected"], schemas.frame(rejected, schemas.REJECTED)])
    for name, frames in streamed.items():  # long documents' pieces (all of them when there is no sink)
        if frames:
            out[name] = pl.concat([out[name], *frames])
    clock["index"] += time.perf_counter() - t4
    if not out["rejected"].is_empty():
        out["clean_documents"] = flag_rejected(out["clean_documents"], set(out["rejected"]["doc_id"]))
    return out


@contextmanager
def _no_sink():
    yield None


class _Pieces:
    """Called after each piece of a document's extraction (extract_document's `on_chunk`) with the piece's
    token indices and its rows of sentences, facts and rejected facts. A short document (one piece) leaves
    its token frame in `short`, to be indexed with the batch's, and its rows to extraction; a long one has
    each piece's tokens indexed at once and takes its rows: tokens, postings, sentences and facts go to `part`
    (a sink's document) when there is one, else to `indexed`, and rejected rows to `indexed`."""

    def __init__(self, doc_id: str, text: str, columns: TokenColumns, part, clock: dict[str, float]):
        self.doc_id, self.text, self.columns, self.part, self.clock = doc_id, text, columns, part, clock
        self.short: list[pl.DataFrame] = []
        self.seconds = 0.0  # spent here (counted as index)
        self.indexed: dict[str, list[pl.DataFrame]] = {name: [] for name in STREAMED}

    def __call__(self, number: int, count: int, lo: int, hi: int, rows: dict[str, list[dict]]) -> bool:
        started = time.perf_counter()
        frame = chunk_frame(self.doc_id, self.text, self.columns, lo, hi)
        taken = count > 1
        if not taken:
            self.short.append(frame)
        else:
            tables = {name: schemas.frame(rows[name], TABLES[name]) for name in rows}
            index, rejected = checked_postings(postings(frame, tables["sentences"]), tables["sentences"])
            self.indexed["rejected"] += [tables["rejected"], schemas.frame(rejected, schemas.REJECTED)]
            for name, table in (("tokens", frame), ("postings", index), ("sentences", tables["sentences"]),
                                ("facts", tables["facts"])):
                if self.part is not None:
                    self.part.append(name, table)
                else:
                    self.indexed[name].append(table)
        seconds = time.perf_counter() - started
        self.seconds += seconds
        self.clock["index"] += seconds
        return taken


def failed_document(doc: dict, stage: str, exc: Exception) -> dict:
    """The document row of a document whose processing raised: kept (with no text) so the warehouse still
    lists it, and flagged so nobody reads its empty tables as 'no facts'."""
    return {**doc, "clean_text": "", "char_count": 0, "quality_flags": [f"{stage}_failed"]}


def failure_row(doc: dict, stage: str, exc: Exception) -> dict:
    """A rejected-rows entry for a document that could not be processed: the stage and the error, so the
    person who reads it can report the bug with the file that triggered it."""
    return {"table_name": "documents", "rule": "processing_error", "doc_id": doc["doc_id"],
            "source_file": doc.get("source_file"), "sentence": None,
            "reason": f"{stage} failed: {type(exc).__name__}: {exc}"[:2000],
            "row_json": json.dumps({"doc_id": doc["doc_id"], "source_path": doc.get("source_path"),
                                    "stage": stage, "error": repr(exc)[:2000]}, ensure_ascii=False)}


def flag_rejected(docs: pl.DataFrame, doc_ids: set[str]) -> pl.DataFrame:
    """The quality flag `rows_rejected` on the documents some of whose rows were rejected."""
    hit = pl.col("doc_id").is_in(list(doc_ids))
    flags = pl.col("quality_flags").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    return docs.with_columns(pl.when(hit).then(flags.list.concat(pl.lit([REJECTED_FLAG])))
                             .otherwise(pl.col("quality_flags")).alias("quality_flags"))


def checked_postings(index: pl.DataFrame, sentences: pl.DataFrame) -> tuple[pl.DataFrame, list[dict]]:
    """The postings within the contract's bounds, and rejection rows for the others. Only the rows outside
    the tf range go through the row-level rules (validate), so a normal batch pays one vectorised filter."""
    outside = ~pl.col("tf").is_between(1, MAX_TF)
    bad = index.filter(outside)
    if bad.is_empty():
        return index, []
    keys = bad.select("doc_id", "sentence_index").unique()
    texts = {(d, i): s for d, i, s in sentences.join(keys, on=["doc_id", "sentence_index"])
             .select("doc_id", "sentence_index", "sentence").iter_rows()}
    _, rejected = validate("postings", bad.to_dicts(), sentences=texts)
    return index.filter(~outside), [r.as_row() for r in rejected]


def summarise(tables: dict[str, pl.DataFrame]) -> dict:
    """Counts for the UI: rows per table, facts by type, scripts and quality flags of the documents."""
    docs = tables["clean_documents"]
    flags = Counter(f for row in docs["quality_flags"].to_list() for f in (row or []))
    return {
        "rows": {name: frame.height for name, frame in tables.items()},
        "facts_by_type": dict(Counter(tables["facts"]["fact_type"].to_list())),
        "rejected_by_rule": dict(Counter(tables["rejected"]["rule"].to_list())),
        "scripts": dict(Counter(docs["script"].to_list())),
        "quality_flags": dict(flags),
        "mojibake_spans": int(sum(len(s or []) for s in docs["mojibake_spans"].to_list())),
        "flags_by_document": {row["source_path"]: list(row["quality_flags"] or [])
                              for row in docs.select("source_path", "quality_flags").iter_rows(named=True)},
    }


def run_batch(store, batch: dict) -> dict:
    """Process one batch of the Parquet store (a picklable ParquetStore): read its raw documents, write one
    file per table.

    Runs in whichever process a runner (pipelines/batch/runners.py) puts it in; returns counts and timings.
    """
    from pipelines.batch.store import StreamedTables, write_batch
    from pipelines.config import batch_key, table_file

    started = time.perf_counter()
    raw = store.read_where_in(table_file("raw_documents"), "doc_id", batch["doc_ids"])
    timings = {"read": time.perf_counter() - started}
    streamed = StreamedTables(store, batch["batch_id"])  # a long document's tokens and postings, as they come
    try:
        tables = process_documents(raw.to_dicts(), timings=timings, sink=streamed)
        written = time.perf_counter()
        write_batch(store, batch["batch_id"], tables, streamed)
    finally:
        streamed.abort()
    timings["write"] = time.perf_counter() - written
    summary = summarise(tables)
    for name, rows in streamed.rows.items():
        summary["rows"][name] += rows
    if streamed.rows["facts"]:  # a long document's facts went to the file directly
        types = store.read(batch_key("facts", batch["batch_id"]), columns=["fact_type"])["fact_type"]
        summary["facts_by_type"] = dict(Counter(types.to_list()))
    return {"batch_id": batch["batch_id"], "documents": raw.height, "seconds": time.perf_counter() - started,
            "timings": timings, "chars": int(raw["raw_text"].str.len_chars().sum() or 0), **summary}
