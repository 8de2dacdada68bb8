"""Publish a read-only snapshot of the warehouse for BI tools, atomically.

DuckDB allows one writer; a BI tool reading the live file would block a build or be blocked by
it. So after a build whose checks passed, the marts (and the build history) are copied into a new
file that is renamed over `published/warehouse.duckdb`, and exported as Parquet into a folder that
replaces `published/parquet` the same way. A build that fails before or during publishing leaves
the published copy exactly as it was: readers only ever see a whole file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from pipelines.settings import duckdb_config

SCHEMAS = ("marts", "meta")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def publish(database: Path, published_dir: Path, schemas: tuple[str, ...] = SCHEMAS) -> dict[str, int]:
    """Copy `schemas` of `database` into `published_dir`; returns row counts per table."""
    if not database.is_file():
        raise FileNotFoundError(f"no warehouse to publish: {database}")
    published_dir.mkdir(parents=True, exist_ok=True)
    tmp_db = published_dir / f".warehouse.duckdb.tmp-{os.getpid()}"
    tmp_parquet = published_dir / f".parquet.tmp-{os.getpid()}"
    for leftover in (tmp_db, tmp_parquet):
        _remove(leftover)
    counts: dict[str, int] = {}
    try:
        con = duckdb.connect(str(tmp_db), config=duckdb_config())
        try:
            con.execute(f"attach {_literal(database)} as src (read_only)")
            tables = con.execute(
                "select schema_name, table_name, comment from duckdb_tables() "
                "where database_name = 'src' and schema_name in (select unnest(?)) order by 1, 2",
                [list(schemas)]).fetchall()
            tmp_parquet.mkdir()
            for schema, table, comment in tables:
                target = f"{_quote(schema)}.{_quote(table)}"
                con.execute(f"create schema if not exists {_quote(schema)}")
                con.execute(f"create table {target} as select * from src.{target}")
                if comment:
                    con.execute(f"comment on table {target} is {_literal(comment)}")
                for column, col_comment in con.execute(
                        "select column_name, comment from duckdb_columns() where database_name = 'src' "
                        "and schema_name = ? and table_name = ? and comment is not null", [schema, table]).fetchall():
                    con.execute(f"comment on column {target}.{_quote(column)} is {_literal(col_comment)}")
                counts[f"{schema}.{table}"] = con.execute(f"select count(*) from {target}").fetchone()[0]
                con.execute(f"copy {target} to {_literal(tmp_parquet / f'{schema}.{table}.parquet')} "
                            "(format parquet, compression zstd)")
            for schema, name, definition in con.execute(
                    "select schema_name, function_name, macro_definition from duckdb_functions() "
                    "where database_name = 'src' and schema_name in (select unnest(?)) "
                    "and function_type = 'table_macro' and macro_definition is not null", [list(schemas)]).fetchall():
                counts.setdefault(f"{schema}.{name} (macro)", 0)
                _copy_macro(con, schema, name)
            con.execute("detach src")
            con.execute("checkpoint")
        finally:
            con.close()
        os.replace(tmp_db, published_dir / "warehouse.duckdb")
        _swap_folder(tmp_parquet, published_dir / "parquet")
    finally:
        for leftover in (tmp_db, tmp_parquet, Path(str(tmp_db) + ".wal")):
            _remove(leftover)
    return counts


def _copy_macro(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> None:
    """Recreate a table macro of the source in the copy from its parameters and body."""
    params, body = con.execute(
        "select parameters, macro_definition from duckdb_functions() where database_name = 'src' "
        "and schema_name = ? and function_name = ? and function_type = 'table_macro' limit 1",
        [schema, name]).fetchone()
    con.execute(f"create or replace macro {_quote(schema)}.{_quote(name)}({', '.join(params)}) as table {body}")


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


def _literal(value) -> str:
    return "'" + str(value).replace("'", "''") + "'"
