"""Publish a read-only snapshot of the warehouse for BI tools: each build into a folder of its own, switched
to by one atomic rename.

DuckDB allows one writer; a BI tool reading the live file would block a build or be blocked by it. So after
a build whose checks passed, the warehouse file is copied (under a read lock), everything but the marts and
the build history is dropped from the copy, a one-row table `meta.published` (build id, time, folder) is
added, and the tables are exported as Parquet. All of it goes to `published/builds/.tmp-<key>`, renamed to
`published/builds/<key>` when whole; then the link `published/current -> builds/<key>` is replaced by one
`os.replace`. `published/warehouse.duckdb -> current/warehouse.duckdb` and `published/parquet ->
current/parquet` are fixed links, so a tool opening those paths gets the current build.

Why a new file per build (docs/bi.md): DuckDB keeps one database instance per path and process while any
connection to it is open, so a reader process that holds a connection never sees a file replaced under the
same path. A reader that opens the link's target (`os.path.realpath`) opens a path no earlier build had, hence
a new instance and the new build, whatever it still holds open.

A publish holds an exclusive lock (`published/.publish.lock`, flock) from start to end. Under it, before
writing, it removes what a killed publish of any process left: `builds/.tmp-*` folders and the old layout's
`.warehouse.duckdb.tmp-*`, `.parquet.tmp-*`, `.parquet.old-*`; a live publisher holds the lock, so none of
its files can be taken. The kernel drops the lock of a killed process. After the switch it keeps the
current build and the `keep - 1` before it (a reader that resolved the link just before the switch can still
open its file) and removes older ones. A build that fails before or during publishing leaves the published
copy exactly as it was: readers only ever see a whole build.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.config import duckdb_config
from pipelines.storage.duckdb_sql import literal, literal_list

SCHEMAS = ("marts", "meta")
KEEP = 3  # builds kept: the current one and the two before it
BUILDS = "builds"
CURRENT = "current"
LOCK = ".publish.lock"
LINKS = {"warehouse.duckdb": f"{CURRENT}/warehouse.duckdb", "parquet": f"{CURRENT}/parquet"}
# What a killed publish leaves: this layout's unfinished build folders, and the temporary files of the
# layout before it (one file replaced in place).
LEFTOVERS = (".warehouse.duckdb.tmp-*", ".parquet.tmp-*", ".parquet.old-*", f".{CURRENT}.tmp-*")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def current_build(published_dir: Path) -> Path | None:
    """The folder of the build readers get now (what `published/current` points to), or None."""
    link = published_dir / CURRENT
    return link.resolve() if link.is_symlink() else None


def current_database(published_dir: Path) -> str:
    """The absolute path of the current build's DuckDB file, the link resolved: what a long-lived reader
    connects to so that each new connection sees the newest build (docs/bi.md)."""
    return os.path.realpath(published_dir / "warehouse.duckdb")


@contextmanager
def publish_lock(published_dir: Path):
    """An exclusive flock on `published/.publish.lock`, held until the block ends (or the process dies)."""
    published_dir.mkdir(parents=True, exist_ok=True)
    with open(published_dir / LOCK, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def remove_leftovers(published_dir: Path) -> list[str]:
    """Remove what killed publishes left, whichever process they were; call it holding `publish_lock`."""
    removed = []
    for pattern in LEFTOVERS:
        for path in published_dir.glob(pattern):
            _remove(path)
            removed.append(path.name)
    builds = published_dir / BUILDS
    if builds.is_dir():
        for path in builds.glob(".tmp-*"):
            _remove(path)
            removed.append(f"{BUILDS}/{path.name}")
    return sorted(removed)


def _build_id(con: duckdb.DuckDBPyConnection) -> str | None:
    """The newest build in meta.builds (by finished_at, else the last row), when the warehouse has one."""
    for order in ("finished_at desc nulls last", "rowid desc"):
        try:
            row = con.execute(f"select build_id from meta.builds order by {order} limit 1").fetchone()
        except duckdb.Error:
            continue
        return row[0] if row else None
    return None


def publish(database: Path, published_dir: Path, schemas: tuple[str, ...] = SCHEMAS,
            build_id: str | None = None, keep: int = KEEP) -> dict[str, int]:
    """Copy `schemas` of `database` into a new build folder of `published_dir` and make it the current one;
    returns row counts per table.

    The copy is the warehouse file itself, copied byte for byte under a read lock and then stripped of
    everything not published, rather than each table re-inserted into a new file: the tables, their comments
    and the table macros come along as they are, with no decompressing and recompressing of every row
    (much faster than `create table as` of every mart; see docs/performance.md). The price: the copy is as
    large as the warehouse file, free blocks included, where rewriting the tables compacted them.
    `build_id` goes to `meta.published` (default: the newest build of `meta.builds`)."""
    if not database.is_file():
        raise FileNotFoundError(f"no warehouse to publish: {database}")
    with publish_lock(published_dir):
        remove_leftovers(published_dir)
        now = datetime.now(UTC)
        key = f"{now:%Y%m%dT%H%M%S%fZ}-{os.getpid()}"
        builds = published_dir / BUILDS
        builds.mkdir(exist_ok=True)
        work = builds / f".tmp-{key}"
        try:
            work.mkdir()
            counts = _write_build(database, work, schemas, build_id, now, key)
            os.replace(work, builds / key)
        finally:
            _remove(work)
        _switch(published_dir, key)
        _prune(builds, key, keep)
    if build_id:
        con = duckdb.connect(str(database), config=duckdb_config())
        try:
            mark_published(con, build_id)
        finally:
            con.close()
    return counts


def mark_published(con: duckdb.DuckDBPyConnection, build_id: str) -> None:
    """meta.builds says the build reached the published copy (in the live warehouse and in the copy), so the
    two can be told apart after a later build fails half-way (its row stays 'started')."""
    has_status = con.execute("select count(*) from duckdb_columns() where schema_name = 'meta' "
                             "and table_name = 'builds' and column_name = 'status'").fetchone()[0]
    if has_status:
        con.execute("update meta.builds set status = 'published' where build_id = ?", [build_id])


def _write_build(database: Path, work: Path, schemas: tuple[str, ...], build_id: str | None,
                 now: datetime, key: str) -> dict[str, int]:
    db = work / "warehouse.duckdb"
    _copy_file_locked(database, db)
    counts: dict[str, int] = {}
    con = duckdb.connect(str(db), config=duckdb_config())
    try:
        _strip(con, schemas)
        if "meta" in schemas:
            con.execute("create schema if not exists meta")
            con.execute("create or replace table meta.published as select ? as build_id, "
                        "?::timestamptz as published_at, ? as folder",
                        [build_id or _build_id(con), now, f"{BUILDS}/{key}"])
            con.execute("comment on table meta.published is 'The build this copy holds: one row, its build "
                        "id (meta.builds), when it was published and its folder under published/.'")
            if build_id:
                mark_published(con, build_id)
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() "
            f"where schema_name in {literal_list(schemas)} order by 1, 2").fetchall()
        parquet = work / "parquet"
        parquet.mkdir()
        for schema, table in tables:
            target = f"{_quote(schema)}.{_quote(table)}"
            counts[f"{schema}.{table}"] = con.execute(f"select count(*) from {target}").fetchone()[0]
            con.execute(f"copy {target} to {literal(parquet / f'{schema}.{table}.parquet')} "
                        "(format parquet, compression zstd)")
        for schema, name in con.execute(
                "select distinct schema_name, function_name from duckdb_functions() where not internal "
                f"and schema_name in {literal_list(schemas)} "
                "and function_type = 'table_macro' order by 1, 2"
                ).fetchall():
            counts.setdefault(f"{schema}.{name} (macro)", 0)
        con.execute("checkpoint")
    finally:
        con.close()
    _remove(Path(str(db) + ".wal"))  # checkpointed: nothing left in it
    return counts


def _switch(published_dir: Path, key: str) -> None:
    """Point `current` at the new build (one rename), and make the fixed links if they are not there yet (a
    folder published by the earlier layout holds a real file and folder there: replaced once)."""
    tmp = published_dir / f".{CURRENT}.tmp-{os.getpid()}"
    _remove(tmp)
    os.symlink(f"{BUILDS}/{key}", tmp)
    os.replace(tmp, published_dir / CURRENT)
    for name, target in LINKS.items():
        path = published_dir / name
        if path.is_symlink() and os.readlink(path) == target:
            continue
        tmp = published_dir / f".{CURRENT}.tmp-{os.getpid()}-{name}"
        _remove(tmp)
        os.symlink(target, tmp)
        if path.is_dir() and not path.is_symlink():  # the earlier layout's folder: moved aside, then removed
            old = published_dir / f".parquet.old-{os.getpid()}"
            os.replace(path, old)
            os.replace(tmp, path)
            _remove(old)
        else:
            os.replace(tmp, path)


def _prune(builds: Path, key: str, keep: int) -> None:
    """Remove build folders older than the `keep` newest (the current one always stays). A reader holding an
    old file open keeps reading it: on Linux the inode lives until it is closed."""
    done = sorted(p.name for p in builds.iterdir() if not p.name.startswith("."))
    for name in done[:-max(keep, 1)]:
        if name != key:
            _remove(builds / name)


def _copy_file_locked(database: Path, target: Path) -> None:
    """Copy the DuckDB file (and its WAL, if a writer left one) while holding a read-only attach of it: the
    read lock keeps any writer out for the length of the copy, so the bytes are one consistent state. A WAL
    copied along is replayed when the copy is opened."""
    lock = duckdb.connect(":memory:")
    try:
        lock.execute(f"attach {literal(database)} as src (read_only)")
        shutil.copyfile(database, target)
        wal = Path(str(database) + ".wal")
        if wal.is_file():
            shutil.copyfile(wal, Path(str(target) + ".wal"))
        lock.execute("detach src")
    finally:
        lock.close()


def _strip(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> None:
    """Drop from the copy what publishing leaves out: every schema but `schemas` (staging and intermediate
    views, scratch tables), and views, sequences and scalar macros anywhere; tables and table macros of
    `schemas` stay."""
    keep = literal_list(schemas)
    for (name,) in con.execute(
            "select view_name from duckdb_views() where schema_name = 'main' and not internal").fetchall():
        con.execute(f"drop view main.{_quote(name)}")
    for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'main'").fetchall():
        con.execute(f"drop table main.{_quote(name)}")
    for (schema,) in con.execute("select schema_name from duckdb_schemas() where not internal "
                                 f"and schema_name not in {keep}").fetchall():
        con.execute(f"drop schema {_quote(schema)} cascade")
    for schema, name in con.execute("select schema_name, view_name from duckdb_views() where not internal "
                                    f"and schema_name in {keep}").fetchall():
        con.execute(f"drop view {_quote(schema)}.{_quote(name)}")
    for schema, name in con.execute("select schema_name, sequence_name from duckdb_sequences()").fetchall():
        con.execute(f"drop sequence {_quote(schema)}.{_quote(name)}")
    for schema, name, kind in con.execute(
            "select distinct schema_name, function_name, function_type from duckdb_functions() "
            "where not internal and function_type in ('macro', 'table_macro') "
            f"and (function_type = 'macro' or schema_name not in {keep})").fetchall():
        con.execute(f"drop {'macro table' if kind == 'table_macro' else 'macro'} "
                    f"{_quote(schema)}.{_quote(name)}")


def _remove(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()
