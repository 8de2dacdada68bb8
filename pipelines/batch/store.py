"""The tables of the Parquet store (pipelines/storage/objectstore.py): whole-table files and the
content-addressed batch store of per-document tables (pipelines/batch/plan.py). Every write is atomic: a
reader never sees half a file."""

from __future__ import annotations

import time

import polars as pl

from pipelines.config import BATCH_INDEX, batch_key
from pipelines.storage.objectstore import ParquetStore

# --- the content-addressed batch store (pipelines/batch/plan.py) ---

SCHEMA_FILE = "_schema.parquet"  # zero rows: a table folder always matches its glob, even with no batch yet

INDEX_SCHEMA = {"doc_id": pl.String, "batch_id": pl.String, "version": pl.String}


def ensure_table_dirs(store: ParquetStore, tables: dict[str, dict]) -> None:
    """Create every table folder with its zero-row schema file, rewritten when the table gained columns (the
    first file of a folder's glob gives dbt its columns)."""
    for name, schema in tables.items():
        key = f"{name}/{SCHEMA_FILE}"
        if not store.exists(key) or list(store.read(key).schema) != list(schema):
            store.write(pl.DataFrame(schema=schema), key)


def write_batch(store: ParquetStore, batch_id: str, frames: dict[str, pl.DataFrame]) -> None:
    """One file per table for the batch; each written atomically, so a batch is whole or missing."""
    for name, frame in frames.items():
        store.write(frame, batch_key(name, batch_id))


def batches_on_disk(store: ParquetStore, tables) -> dict[str, list]:
    """batch_id -> the files it has (one per table that was written), as StoredFile (key, mtime)."""
    found: dict[str, list] = {}
    for name in tables:
        for file in store.list(name):
            stem = file.key.rpartition("/")[2].removesuffix(".parquet")
            if stem.startswith("b") and file.key.endswith(".parquet"):
                found.setdefault(stem, []).append(file)
    return found


def complete_batches(store: ParquetStore, tables) -> set[str]:
    """Batches whose files exist for every table (a crash mid-batch leaves an incomplete one)."""
    return {b for b, files in batches_on_disk(store, tables).items() if len(files) == len(tables)}


def remove_unreferenced_batches(store: ParquetStore, tables, referenced: set[str],
                                grace_seconds: float) -> set[str]:
    """Delete the files of batches no current document points to, complete or not, once their newest
    file is older than `grace_seconds` (a younger one may belong to a run still going). Returns their ids."""
    now = time.time()
    removed = set()
    for batch_id, files in batches_on_disk(store, tables).items():
        stamps = [f.mtime.timestamp() for f in files if f.mtime is not None]
        newest = max(stamps) if stamps else now  # a store without times: never young enough to keep
        if batch_id in referenced or (stamps and now - newest <= grace_seconds):
            continue
        for file in files:
            store.delete(file.key)
        removed.add(batch_id)
    return removed


def read_index(store: ParquetStore) -> pl.DataFrame:
    if not store.exists(BATCH_INDEX):
        return pl.DataFrame(schema=INDEX_SCHEMA)
    return store.read(BATCH_INDEX)


def write_index(store: ParquetStore, index: dict[str, str], version: str) -> pl.DataFrame:
    frame = pl.DataFrame({"doc_id": sorted(index), "batch_id": [index[d] for d in sorted(index)],
                          "version": [version] * len(index)}, schema=INDEX_SCHEMA)
    store.write(frame, BATCH_INDEX)
    return frame
