"""The Dagster layer: thin assets that read Parquet, call a pure function, write Parquet."""
