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


class _Part:
    """The rows one document adds to streamed tables: a local Arrow file per piece and table, until the
    document is done."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: dict[str, list[Path]] = {}
        self.rows: Counter[str] = Counter()

    def append(self, name: str, frame: pl.DataFrame) -> None:
        if frame.is_empty():
            return
        path = self.folder / f"{name}-{uuid.uuid4().hex}.arrow"
        frame.write_ipc(path, compression="lz4")
        self.files.setdefault(name, []).append(path)
        self.rows[name] += frame.height

    def discard(self) -> None:
        for paths in self.files.values():
            for path in paths:
                path.unlink(missing_ok=True)


class StreamedTables:
    """Tables of one batch whose rows are set aside as they come, so a long document's tokens and postings
    are never all in memory (pipelines/batch/process.py hands them over piece by piece). A document's rows go
    through `document()`: kept when it succeeds, dropped when it raises. They wait in local Arrow files
    (lz4), and `write_batch` writes each table's file from them and the rest of the batch in one streaming
    pass (Polars' sink_parquet: row group by row group). `abort` removes what is left."""

    def __init__(self, store: ParquetStore, batch_id: str):
        self.store, self.batch_id = store, batch_id
        self.files: dict[str, list[Path]] = {}
        self.rows: Counter[str] = Counter()
        self._spill: tempfile.TemporaryDirectory | None = None

    def has(self, name: str) -> bool:
        return name in self.files

    @contextmanager
    def document(self) -> Iterator[_Part]:
        if self._spill is None:
            self._spill = tempfile.TemporaryDirectory(prefix="streamed-")
        part = _Part(Path(self._spill.name))
        try:
            yield part
        except BaseException:  # the document failed: its rows dropped
            part.discard()
            raise
        for name, paths in part.files.items():
            self.files.setdefault(name, []).extend(paths)
        self.rows.update(part.rows)

    def close(self, name: str, frame: pl.DataFrame) -> None:
        """Table `name`'s file: its rows set aside, then `frame`'s, written under a temporary name beside its
        key (or locally, for a remote store) and moved into place."""
        paths = self.files.pop(name)
        rows = pl.concat([pl.scan_ipc(paths), frame.lazy()], how="vertical")
        store, target = self.store, self.store.path(batch_key(name, self.batch_id))
        parent, _, base = target.rpartition("/")
        store.fs.create_dir(parent, recursive=True)
        tmp = f"{parent}/.{base}.{uuid.uuid4().hex}.tmp"
        local = tmp if store.is_local else str(Path(self._spill.name) / f"{name}.parquet")
        try:
            rows.sink_parquet(local, compression="zstd", statistics=True)
            if not store.is_local:
                pafs.copy_files(local, tmp, source_filesystem=pafs.LocalFileSystem(),
                                destination_filesystem=store.fs)
                Path(local).unlink()
            store.fs.move(tmp, target)
        except BaseException:
            if store.fs.get_file_info(tmp).type != pafs.FileType.NotFound:
                store.fs.delete_file(tmp)
            raise
        finally:
            for path in paths:
                path.unlink(missing_ok=True)

    def abort(self) -> None:
        self.files.clear()
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
