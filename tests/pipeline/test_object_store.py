"""The Parquet location as an object store: the job on the sample documents writes every table to an
S3 bucket (moto's S3 server on localhost, spoken to over HTTP like any S3-compatible store), dbt reads
the batches back from it through DuckDB's httpfs, and nothing lands in the warehouse folder but DuckDB (and
dbt's target folder)."""

import shutil

import dagster as dg
import duckdb
import pytest

from pipelines.batch.process import TABLES
from pipelines.defs.resources import build_resources
from pipelines.storage.objectstore import ParquetStore
from tests.conftest import RAW, pipeline_assets

moto_server = pytest.importorskip("moto.server")


@pytest.fixture
def bucket_url(monkeypatch):
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    for key, value in {
        "AWS_ACCESS_KEY_ID": "pipeline",
        "AWS_SECRET_ACCESS_KEY": "pipeline-secret",
        "AWS_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    url = f"s3://facts-archive/parquet?endpoint_override={host}:{port}&scheme=http"
    ParquetStore(url + "&allow_bucket_creation=true").fs.create_dir("facts-archive")
    yield url
    server.stop()


def build(inp, wh, url):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PIPELINE_WAREHOUSE", str(wh))
        mp.setenv("PIPELINE_INPUT", str(inp))
        result = dg.materialize(
            pipeline_assets(),
            resources=build_resources(str(inp), str(wh), parquet_location=url),
            instance=dg.DagsterInstance.ephemeral(),
        )
    assert result.success
    assert [c.check_name for c in result.get_asset_check_evaluations() if not c.passed] == []
    return next(
        e.materialization.metadata
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey("facts")
    )


def test_pipeline_on_an_s3_bucket(tmp_path, bucket_url):
    inp, wh = tmp_path / "input", tmp_path / "warehouse"
    shutil.copytree(RAW, inp)
    first = build(inp, wh, bucket_url)
    assert first["processed_now"].value == 5
    assert sorted(p.name for p in wh.iterdir() if p.name != "warehouse.duckdb.wal") == [
        "dbt",
        "published",
        "report",
        "warehouse.duckdb",
    ]

    store = ParquetStore(bucket_url)
    batches = [f.key for f in store.list("facts") if f.key.rpartition("/")[2].startswith("b")]
    assert len(batches) == 1 and all(store.exists(f"{t}/{batches[0].rpartition('/')[2]}") for t in TABLES)
    in_bucket = store.read(batches[0]).height
    con = duckdb.connect(str(wh / "warehouse.duckdb"), read_only=True)
    assert con.execute("select count(*) from marts.documents").fetchone()[0] == 5
    assert con.execute("select count(*) from marts.facts").fetchone()[0] == in_bucket > 100
    con.close()

    again = build(inp, wh, bucket_url)  # the batch index and batch files are found in the bucket
    assert again["processed_now"].value == 0 and again["reused"].value == 5
