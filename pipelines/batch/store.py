"""The tables of the Parquet store (pipelines/storage/objectstore.py): whole-table files and the
content-addressed batch store of per-document tables (pipelines/batch/plan.py). Every write is atomic: a
reader never sees half a file."""

from __future__ import annotations

import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pyarrow.fs as pafs
import pyarrow.parquet as pq

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


def write_batch(store: ParquetStore, batch_id: str, frames: dict[str, pl.DataFrame],
                streamed: StreamedTables | None = None) -> None:
    """One file per table for the batch; each written atomically, so a batch is whole or missing. A table
    `streamed` already holds rows of gets `frames`' rows after them, in the same file."""
    for name, frame in frames.items():
        if streamed is not None and streamed.has(name):
            streamed.close(name, frame)
        else:
            store.write(frame, batch_key(name, batch_id))


class _Writer:
    """One Parquet file written in row groups under a temporary name beside its key, moved into place at
    `close` (so a reader never sees half of it) or deleted at `abort`."""

    def __init__(self, fs: pafs.FileSystem, target: str, schema):
        parent, _, name = target.rpartition("/")
        fs.create_dir(parent, recursive=True)
        self.fs, self.target, self.tmp = fs, target, f"{parent}/.{name}.{uuid.uuid4().hex}.tmp"
        self.stream = fs.open_output_stream(self.tmp)
        self.writer = pq.ParquetWriter(self.stream, schema, compression="zstd")

    def write(self, table) -> None:
        self.writer.write_table(table)

    def close(self) -> None:
        self.writer.close()
        self.stream.close()
        self.fs.move(self.tmp, self.target)

    def abort(self) -> None:
        try:
            self.writer.close()
            self.stream.close()
        finally:
            if self.fs.get_file_info(self.tmp).type != pafs.FileType.NotFound:
                self.fs.delete_file(self.tmp)


class _Part:
    """The rows one document adds to streamed tables, spilled to local files until the document is done."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: dict[str, tuple[Path, pq.ParquetWriter]] = {}

    def append(self, name: str, frame: pl.DataFrame) -> None:
        if frame.is_empty():
            return
        table = frame.to_arrow()
        if name not in self.files:
            path = self.folder / f"{name}-{uuid.uuid4().hex}.parquet"
            self.files[name] = path, pq.ParquetWriter(path, table.schema, compression="zstd")
        self.files[name][1].write_table(table)

    def close(self) -> dict[str, Path]:
        for _, writer in self.files.values():
            writer.close()
        return {name: path for name, (path, _) in self.files.items()}


class StreamedTables:
    """Tables of one batch written as their rows come, in row groups, so a long document's tokens and postings
    are never all in memory (pipelines/batch/process.py writes them piece by piece). A document's rows go
    through `document()`: spilled to a local file while it is processed, added to the batch's file when it
    succeeds, dropped when it raises. `write_batch` adds the rest of the batch and moves each file into place;
    `abort` drops every file not yet in place."""

    def __init__(self, store: ParquetStore, batch_id: str):
        self.store, self.batch_id = store, batch_id
        self.writers: dict[str, _Writer] = {}
        self.rows: Counter[str] = Counter()
        self._spill: tempfile.TemporaryDirectory | None = None

    def has(self, name: str) -> bool:
        return name in self.writers

    def _append(self, name: str, table) -> None:
        if name not in self.writers:
            self.writers[name] = _Writer(self.store.fs, self.store.path(batch_key(name, self.batch_id)),
                                         table.schema)
        self.writers[name].write(table)
        self.rows[name] += table.num_rows

    @contextmanager
    def document(self) -> Iterator[_Part]:
        if self._spill is None:
            self._spill = tempfile.TemporaryDirectory(prefix="streamed-")
        part = _Part(Path(self._spill.name))
        try:
            yield part
        except BaseException:  # the document failed: its rows dropped
            for path in part.close().values():
                path.unlink()
            raise
        files = part.close()
        try:  # the document succeeded: its rows into the batch's files, one row group at a time
            for name, path in files.items():
                parquet = pq.ParquetFile(path)
                for i in range(parquet.num_row_groups):
                    self._append(name, parquet.read_row_group(i))
        finally:
            for path in files.values():
                path.unlink()

    def close(self, name: str, frame: pl.DataFrame) -> None:
        """The last rows of table `name` (any number), then its file moved into place."""
        if not frame.is_empty():
            self._append(name, frame.to_arrow())
        self.writers.pop(name).close()

    def abort(self) -> None:
        for writer in self.writers.values():
            writer.abort()
        self.writers.clear()
        if self._spill is not None:
            self._spill.cleanup()
            self._spill = None


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
