"""Publish a read-only snapshot of the warehouse for BI tools, atomically.

DuckDB allows one writer; a BI tool reading the live file would block a build or be blocked by
it. So after a build whose checks passed, the warehouse file is copied (under a read lock), everything
but the marts and the build history is dropped from the copy, and the copy is renamed over
`published/warehouse.duckdb`; its tables are exported as Parquet into a folder that replaces
`published/parquet` the same way. A build that fails before or during publishing leaves
the published copy exactly as it was: readers only ever see a whole file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from pipelines.config import duckdb_config
from pipelines.storage.duckdb_sql import literal, literal_list

SCHEMAS = ("marts", "meta")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def publish(database: Path, published_dir: Path, schemas: tuple[str, ...] = SCHEMAS) -> dict[str, int]:
    """Copy `schemas` of `database` into `published_dir`; returns row counts per table.

    The copy is the warehouse file itself, copied byte for byte under a read lock and then stripped of
    everything not published, rather than each table re-inserted into a new file: the tables, their comments
    and the table macros come along as they are, with no decompressing and recompressing of every row
    (much faster than `create table as` of every mart; see docs/performance.md). The price: the copy is as
    large as the warehouse file, free blocks included, where rewriting the tables compacted them."""
    if not database.is_file():
        raise FileNotFoundError(f"no warehouse to publish: {database}")
    published_dir.mkdir(parents=True, exist_ok=True)
    tmp_db = published_dir / f".warehouse.duckdb.tmp-{os.getpid()}"
    tmp_parquet = published_dir / f".parquet.tmp-{os.getpid()}"
    tmp_wal = Path(str(tmp_db) + ".wal")
    for leftover in (tmp_db, tmp_parquet, tmp_wal):
        _remove(leftover)
    counts: dict[str, int] = {}
    try:
        _copy_file_locked(database, tmp_db)
        con = duckdb.connect(str(tmp_db), config=duckdb_config())
        try:
            _strip(con, schemas)
            tables = con.execute(
                "select schema_name, table_name from duckdb_tables() "
                f"where schema_name in {literal_list(schemas)} order by 1, 2").fetchall()
            tmp_parquet.mkdir()
            for schema, table in tables:
                target = f"{_quote(schema)}.{_quote(table)}"
                counts[f"{schema}.{table}"] = con.execute(f"select count(*) from {target}").fetchone()[0]
                con.execute(f"copy {target} to {literal(tmp_parquet / f'{schema}.{table}.parquet')} "
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
        os.replace(tmp_db, published_dir / "warehouse.duckdb")
        _swap_folder(tmp_parquet, published_dir / "parquet")
    finally:
        for leftover in (tmp_db, tmp_parquet, tmp_wal):
            _remove(leftover)
    return counts


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


def _swap_folder(new: Path, target: Path) -> None:
    """Put `new` where `target` is: the old folder stays whole until the new one is in place."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()
