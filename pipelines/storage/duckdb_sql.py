"""SQL text for DuckDB: quoted literals, and what a connection runs first to reach an s3:// location.

A build's values go into its SQL as literals, not as bound parameters: the first query with a bound parameter
makes the duckdb module import pandas and numpy (slow, in every process), which no step of a build needs
otherwise (an interactive search, pipelines/serve/search.py, still binds its terms).
This module imports nothing heavy either: dbt loads it in every build through pipelines/storage/dbt_plugin.py.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


def literal(value) -> str:
    """`'it''s'`, `true`, `NULL`: one value as DuckDB SQL."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "'" + str(value).replace("'", "''") + "'"


def literal_list(values) -> str:
    """`('a', 'b')` for an `in` clause."""
    return "(" + ", ".join(map(literal, values)) + ")"


def setup_statements(location: str) -> list[str]:
    """Statements a DuckDB connection runs before it reads the Parquet `location`: none for a local folder;
    for s3:// the httpfs extension, loaded from the duckdb-extension-httpfs wheel (no download), and a secret
    from the URL's options (endpoint_override, scheme, region) and the AWS_* environment variables."""
    parts = urlsplit(location)
    if parts.scheme in ("", "file"):
        return []
    if parts.scheme not in ("s3", "s3a"):
        raise ValueError(f"DuckDB cannot read a {parts.scheme}:// Parquet location here; "
                         "use a path, file:// or s3://")
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    secret = {"type": "s3", "scope": f"s3://{parts.netloc}",
              "region": options.get("region") or os.environ.get("AWS_REGION")
              or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"}
    if os.environ.get("AWS_ACCESS_KEY_ID"):
        secret |= {"key_id": os.environ["AWS_ACCESS_KEY_ID"],
                   "secret": os.environ.get("AWS_SECRET_ACCESS_KEY", "")}
    if options.get("endpoint_override"):
        endpoint = options["endpoint_override"].split("://")[-1]
        secret |= {"endpoint": endpoint, "url_style": "path"}
    secret["use_ssl"] = options.get("scheme", "https") != "http"
    body = ", ".join(f"{k} {literal(v)}" for k, v in secret.items())
    return [f"load {literal(str(httpfs_extension()))}", f"create or replace secret pipeline_parquet ({body})"]


def httpfs_extension() -> Path:
    """DuckDB's httpfs extension as shipped in the duckdb-extension-httpfs wheel (pinned with duckdb)."""
    import duckdb
    import duckdb_extension_httpfs

    folder = Path(duckdb_extension_httpfs.__file__).parent / "extensions" / f"v{duckdb.__version__}"
    return folder / "httpfs.duckdb_extension"
