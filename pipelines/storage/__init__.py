"""Where the Parquet tables live (a folder or an object store) and the SQL that reaches them from DuckDB."""
