"""The job as a cluster would run it gives the same marts as the in-process run: its batches on a local
2-worker Dask cluster, writing to a Parquet location named by a file URL outside the warehouse folder
(the stand-in for an object store the workers share)."""

import shutil

import dagster as dg
import duckdb

from tests.conftest import RAW, build

MARTS = (
    "documents",
    "facts",
    "people",
    "projects",
    "cited_documents",
    "sentences",
    "search_postings",
    "targets_vs_actuals",
    "project_investments",
)


def facts_metadata(inp, wh, runner, workers, parquet_location=""):
    """Builds with the given runner; the metadata of the `facts` materialisation."""
    result = build(inp, wh, runner=runner, workers=workers, parquet_location=parquet_location)
    assert result.success
    meta = next(
        e.materialization.metadata
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey("facts")
    )
    return meta


def test_dask_cluster_gives_the_same_marts(tmp_path):
    inp = tmp_path / "input"
    shutil.copytree(RAW, inp)
    local = facts_metadata(inp, tmp_path / "serial", "serial", 1)
    shared = tmp_path / "object-store" / "facts-parquet"
    dask = facts_metadata(inp, tmp_path / "dask", "dask", 2, parquet_location=shared.as_uri())
    assert not (tmp_path / "dask" / "parquet").exists()  # every table went to the URL's location
    assert len(list((shared / "facts").glob("b*.parquet"))) == 2 and (shared / "batches.parquet").is_file()
    assert local["runner"].value == "serial x1" and dask["runner"].value == "dask x2"
    assert dask["batches_now"].value == 2 and dask["processed_now"].value == 5
    con = duckdb.connect()
    con.execute(f"attach '{tmp_path / 'serial' / 'warehouse.duckdb'}' as a (read_only)")
    con.execute(f"attach '{tmp_path / 'dask' / 'warehouse.duckdb'}' as b (read_only)")
    for table in MARTS:
        cols = [
            r[0]
            for r in con.execute(
                "select column_name from duckdb_columns() "
                "where database_name = 'a' and schema_name = 'marts' "
                "and table_name = ? and column_name <> 'batch_id' order by column_index",
                [table],
            ).fetchall()
        ]
        select = ", ".join(f'"{c}"' for c in cols)
        n = con.execute(f"select count(*) from a.marts.{table}").fetchone()[0]
        assert n > 0 and n == con.execute(f"select count(*) from b.marts.{table}").fetchone()[0], table
        diff = con.execute(
            f"select count(*) from (select {select} from a.marts.{table} "
            f"except all select {select} from b.marts.{table})"
        ).fetchone()[0]
        assert diff == 0, table
