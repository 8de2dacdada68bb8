"""Rebuilding from the same inputs and code gives identical marts: same ids, same rows."""

import dagster as dg
import duckdb

from pipelines.defs.resources import build_resources
from tests.conftest import RAW, pipeline_assets

# When a build saw a document is about the build, not the input (marts.document_history).
BUILD_SPECIFIC = ("first_seen_at", "first_seen_build", "last_seen_at", "gone_at")


def build(wh, monkeypatch):
    monkeypatch.setenv("PIPELINE_WAREHOUSE", str(wh))
    monkeypatch.setenv("PIPELINE_INPUT", str(RAW))
    result = dg.materialize(
        pipeline_assets(),
        resources=build_resources(str(RAW), str(wh)),
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    return wh / "warehouse.duckdb"


def test_two_builds_give_the_same_marts(tmp_path, monkeypatch):
    first = build(tmp_path / "one", monkeypatch)
    second = build(tmp_path / "two", monkeypatch)
    con = duckdb.connect()
    con.execute(f"attach '{first}' as a (read_only)")
    con.execute(f"attach '{second}' as b (read_only)")
    tables = [
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'a' and schema_name = 'marts'"
        ).fetchall()
    ]
    assert {"facts", "documents", "people", "projects", "targets_vs_actuals"} <= set(tables)
    for table in tables:
        cols = [
            r[0]
            for r in con.execute(
                "select column_name from duckdb_columns() "
                "where database_name = 'a' and schema_name = 'marts' "
                "and table_name = ? and data_type not like '%STRUCT%'",
                [table],
            ).fetchall()
            if r[0] not in BUILD_SPECIFIC
        ]
        select = ", ".join(f'"{c}"' for c in cols)
        diff = con.execute(
            f"select count(*) from ((select {select} from a.marts.{table} except all "
            f"select {select} from b.marts.{table}) union all (select {select} from b.marts.{table} "
            f"except all select {select} from a.marts.{table}))"
        ).fetchone()[0]
        assert diff == 0, table
    builds = con.execute(
        "select a.input_digest = b.input_digest, a.build_id <> b.build_id "
        "from a.meta.builds a, b.meta.builds b"
    ).fetchone()
    assert builds == (True, True)  # same inputs, two builds on record
