"""dbt-duckdb plugin (transforms/profiles.yml): lets dbt's DuckDB connection read the Parquet location
when it is an object store, by running `objectstore.duckdb_setup_sql` on connect."""

import os

from dbt.adapters.duckdb.plugins import BasePlugin

from pipelines.objectstore import duckdb_setup_sql


class Plugin(BasePlugin):
    def configure_connection(self, conn):
        for statement in duckdb_setup_sql(os.environ.get("PIPELINE_PARQUET_LOCATION", "")):
            conn.execute(statement)
