"""The Parquet location: a local folder or an object-store URL, behind one small interface.

`PIPELINE_PARQUET` may be a path (`/data/parquet`), a file URL (`file:///data/parquet`), or any URL
pyarrow opens natively (`s3://bucket/prefix`, `gs://...`, `hdfs://...`) or through fsspec
(`memory://`, `abfs://`, ...). Everything else in the pipeline names files by keys relative to it
("facts/b1234.parquet"), so batch workers on other machines write to the same place the loader reads.
`duckdb_uri` is what DuckDB (dbt's sources) reads: a plain path for local folders, else the URL
without its options (pipelines/storage/duckdb_sql.py has the statements DuckDB runs first to reach an
s3:// one).

An S3-compatible store outside AWS is named with pyarrow's URL options, e.g.
`s3://facts/parquet?endpoint_override=minio:9000&scheme=http`; keys come from AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, as for every AWS client.
"""

from __future__ import annotations

import bisect
import io
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import polars as pl
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq


@dataclass(frozen=True)
class StoredFile:
    key: str
    mtime: datetime | None


@dataclass(frozen=True)
class ParquetStore:
    """Parquet files under one root of one filesystem. Picklable (only the location string is kept),
    so it travels to process-pool and Dask workers, which reopen the filesystem themselves."""

    location: str

    @cached_property
    def _fs_root(self) -> tuple[pafs.FileSystem, str]:
        return open_location(self.location)

    @property
    def fs(self) -> pafs.FileSystem:
        return self._fs_root[0]

    @property
    def root(self) -> str:
        return self._fs_root[1]

    @property
    def is_local(self) -> bool:
        return isinstance(self.fs, pafs.LocalFileSystem)

    def __getstate__(self) -> dict:
        return {"location": self.location}  # not the open filesystem: each worker opens its own

    def path(self, key: str) -> str:
        """The filesystem path of `key` (what pyarrow calls it, no scheme)."""
        return f"{self.root}/{key}" if key else self.root

    def duckdb_uri(self, key: str = "") -> str:
        """What DuckDB reads for `key`: a local path, or the location's URL (s3:// needs the httpfs
        extension)."""
        if self.is_local:
            return self.path(key)
        parts = urlsplit(self.location)
        base = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        return f"{base}/{key}" if key else base

    def exists(self, key: str) -> bool:
        return self.fs.get_file_info(self.path(key)).type != pafs.FileType.NotFound

    def write(self, df: pl.DataFrame, key: str, row_group_size: int | None = None) -> str:
        """Write `df` under a temporary name beside `key`, then move it into place: a reader sees the old
        file or the new one, never half of one (a rename on a local disk; one whole object on a store)."""
        target = self.path(key)
        parent, _, name = target.rpartition("/")
        self.fs.create_dir(parent, recursive=True)
        tmp = f"{parent}/.{name}.{uuid.uuid4().hex}.tmp"
        try:
            buffer = io.BytesIO()
            df.write_parquet(buffer, compression="zstd", row_group_size=row_group_size, statistics=True)
            with self.fs.open_output_stream(tmp) as out:
                out.write(buffer.getbuffer())
            self.fs.move(tmp, target)
        except BaseException:
            if self.fs.get_file_info(tmp).type != pafs.FileType.NotFound:
                self.fs.delete_file(tmp)
            raise
        return key

    def read(self, key: str, columns: list[str] | None = None) -> pl.DataFrame:
        with self.fs.open_input_file(self.path(key)) as f:
            return pl.read_parquet(f, columns=columns)

    def read_where_in(self, key: str, column: str, values: list) -> pl.DataFrame:
        """The rows of one file whose `column` is in `values`. Row groups whose min/max statistics of
        `column` hold none of the values are not read: on a file sorted by `column` a few values cost a few
        row groups."""
        wanted = sorted(values)
        with self.fs.open_input_file(self.path(key)) as f:
            parquet = pq.ParquetFile(f)
            index = parquet.schema_arrow.get_field_index(column)
            groups = []
            for i in range(parquet.metadata.num_row_groups):
                stats = parquet.metadata.row_group(i).column(index).statistics
                if stats is None or not stats.has_min_max:
                    groups.append(i)
                    continue
                at = bisect.bisect_left(wanted, stats.min)
                if at < len(wanted) and wanted[at] <= stats.max:
                    groups.append(i)
            table = parquet.read_row_groups(groups)
        # filtered by Polars: pyarrow's pa.array() over a Python list imports pandas (slow, in every worker)
        return pl.from_arrow(table).filter(pl.col(column).is_in(wanted))

    def list(self, folder: str) -> list[StoredFile]:
        """The files directly in `folder` (none if it does not exist)."""
        infos = self.fs.get_file_info(pafs.FileSelector(self.path(folder), allow_not_found=True))
        return [StoredFile(f"{folder}/{i.base_name}", _utc(i.mtime))
                for i in infos if i.type == pafs.FileType.File]

    def delete(self, key: str) -> None:
        if self.exists(key):
            self.fs.delete_file(self.path(key))


def open_location(location: str) -> tuple[pafs.FileSystem, str]:
    """(filesystem, root path) for a path or URL: pyarrow's own filesystems first, then fsspec's."""
    if "://" not in location:
        return pafs.LocalFileSystem(), str(Path(location).expanduser().resolve())
    try:
        fs, root = pafs.FileSystem.from_uri(location)
    except pa.ArrowInvalid:  # a scheme pyarrow does not know: fsspec may
        import fsspec

        fs_spec, root = fsspec.core.url_to_fs(location)
        fs = pafs.PyFileSystem(pafs.FSSpecHandler(fs_spec))
    return fs, root.rstrip("/") or "/"


def _utc(mtime) -> datetime | None:
    if mtime is None:
        return None
    if isinstance(mtime, (int, float)):
        return datetime.fromtimestamp(mtime / 1e9, UTC)
    return mtime if mtime.tzinfo else mtime.replace(tzinfo=UTC)
