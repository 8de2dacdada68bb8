"""Parquet in and out, written atomically: a reader never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import polars as pl


def write_parquet_atomic(df: pl.DataFrame, path: Path) -> Path:
    """Write `df` to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".parquet.tmp", dir=path.parent)
    os.close(fd)
    try:
        df.write_parquet(tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_parquet(path: Path) -> pl.DataFrame:
    return pl.read_parquet(path)


# --- the content-addressed batch store (pipelines/batches.py) ---

SCHEMA_FILE = "_schema.parquet"  # zero rows: a table folder always matches its glob, even with no batch yet

INDEX_SCHEMA = {"doc_id": pl.String, "batch_id": pl.String, "version": pl.String}


def ensure_table_dirs(paths, tables: dict[str, dict]) -> None:
    """Create every table folder with its zero-row schema file."""
    for name, schema in tables.items():
        target = paths.table_dir(name) / SCHEMA_FILE
        if not target.exists():
            write_parquet_atomic(pl.DataFrame(schema=schema), target)


def write_batch(paths, batch_id: str, frames: dict[str, pl.DataFrame]) -> None:
    """One file per table for the batch; each written atomically, so a batch is whole or missing."""
    for name, frame in frames.items():
        write_parquet_atomic(frame, paths.batch_file(name, batch_id))


def batches_on_disk(paths, tables) -> dict[str, list[Path]]:
    """batch_id -> the files it has (one per table that was written)."""
    found: dict[str, list[Path]] = {}
    for name in tables:
        folder = paths.table_dir(name)
        if folder.is_dir():
            for file in folder.glob("b*.parquet"):
                found.setdefault(file.stem, []).append(file)
    return found


def complete_batches(paths, tables) -> set[str]:
    """Batches whose files exist for every table (a crash mid-batch leaves an incomplete one)."""
    return {b for b, files in batches_on_disk(paths, tables).items() if len(files) == len(tables)}


def remove_unreferenced_batches(paths, tables, referenced: set[str], grace_seconds: float) -> set[str]:
    """Delete the files of batches no current document points to, complete or not, once their newest
    file is older than `grace_seconds` (a younger one may belong to a run still going). Returns their ids."""
    now = time.time()
    removed = set()
    for batch_id, files in batches_on_disk(paths, tables).items():
        if batch_id in referenced or now - max(f.stat().st_mtime for f in files) <= grace_seconds:
            continue
        for file in files:
            file.unlink(missing_ok=True)
        removed.add(batch_id)
    return removed


def read_index(paths) -> pl.DataFrame:
    if not paths.batch_index.exists():
        return pl.DataFrame(schema=INDEX_SCHEMA)
    return pl.read_parquet(paths.batch_index)


def write_index(paths, index: dict[str, str], version: str) -> pl.DataFrame:
    frame = pl.DataFrame({"doc_id": sorted(index), "batch_id": [index[d] for d in sorted(index)],
                          "version": [version] * len(index)}, schema=INDEX_SCHEMA)
    write_parquet_atomic(frame, paths.batch_index)
    return frame
