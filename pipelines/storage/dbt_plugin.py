"""dbt-duckdb plugin (transforms/profiles.yml): lets dbt's DuckDB connection read the Parquet location
when it is an object store, by running `duckdb_sql.setup_statements` on connect, and hands the running
build's id to SQL as the DuckDB variable `pipeline_build_id`.

Why a DuckDB variable and not `env_var('PIPELINE_BUILD_ID')` in Jinja: dbt records the env vars a file
renders and re-parses every file whose value changed, so a new id per build re-parsed two models on every
build; `getvariable('pipeline_build_id')` is read when the query runs.
The id is written as a literal, not bound: a bound parameter imported pandas into every dbt build.
"""

import os

from dbt.adapters.duckdb.plugins import BasePlugin

from pipelines.storage.duckdb_sql import literal, setup_statements


def set_build_id(conn) -> None:
    """`pipeline_build_id` = env PIPELINE_BUILD_ID (the Dagster run id), NULL when unset or empty."""
    conn.execute(f"set variable pipeline_build_id = {literal(os.environ.get('PIPELINE_BUILD_ID') or None)}")


class Plugin(BasePlugin):
    def configure_connection(self, conn):
        for statement in setup_statements(os.environ.get("PIPELINE_PARQUET_LOCATION", "")):
            conn.execute(statement)
        set_build_id(conn)

    def configure_cursor(self, cursor):
        set_build_id(cursor)  # variables belong to a connection; dbt runs each node on a cursor of its own
