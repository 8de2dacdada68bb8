"""The Parquet location behind one interface: a path, a file URL and an fsspec URL behave the same."""

import pickle

import polars as pl
import pytest

from pipelines.batch import store as storage
from pipelines.storage.duckdb_sql import httpfs_extension, setup_statements
from pipelines.storage.objectstore import ParquetStore

FRAME = pl.DataFrame({"doc_id": ["d1", "d2", "d3"], "n": [1, 2, 3]})


@pytest.fixture(params=["path", "file-url", "memory-url"])
def store(request, tmp_path):
    location = {"path": str(tmp_path / "pq"), "file-url": (tmp_path / "pq").as_uri(),
                "memory-url": f"memory://{tmp_path.name}/pq"}[request.param]
    return ParquetStore(location)


def test_write_read_list_delete(store):
    store.write(FRAME, "facts/b1.parquet")
    assert store.exists("facts/b1.parquet") and not store.exists("facts/b2.parquet")
    assert store.read("facts/b1.parquet").equals(FRAME)
    assert store.read("facts/b1.parquet", columns=["n"]).columns == ["n"]
    assert store.read_where_in("facts/b1.parquet", "doc_id", ["d3", "d1"])["n"].to_list() == [1, 3]
    assert [f.key for f in store.list("facts")] == ["facts/b1.parquet"]  # no temporary file left beside it
    assert store.list("missing") == []
    store.delete("facts/b1.parquet")
    assert store.list("facts") == []


def test_file_url_is_the_local_folder(tmp_path):
    by_url, by_path = ParquetStore((tmp_path / "pq").as_uri()), ParquetStore(str(tmp_path / "pq"))
    by_url.write(FRAME, "t.parquet")
    assert by_url.is_local and by_url.duckdb_uri("t.parquet") == by_path.duckdb_uri("t.parquet")
    assert (tmp_path / "pq" / "t.parquet").is_file()


def test_remote_location_gives_duckdb_its_url():
    assert ParquetStore("memory://bucket/pq").duckdb_uri("facts") == "memory://bucket/pq/facts"


def test_travels_to_a_worker_without_its_open_filesystem(tmp_path):
    store = ParquetStore(str(tmp_path))
    store.write(FRAME, "t.parquet")  # opens the filesystem
    copy = pickle.loads(pickle.dumps(store))
    assert copy == store and copy.read("t.parquet").height == 3


def test_batch_store_on_any_location(store):
    tables = {"facts": FRAME.schema, "people": FRAME.schema}
    storage.ensure_table_dirs(store, tables)
    storage.write_batch(store, "b1", {"facts": FRAME, "people": FRAME})
    storage.write_batch(store, "b2", {"facts": FRAME})  # a crash before its second table
    assert storage.complete_batches(store, tables) == {"b1"}
    storage.write_index(store, {"d1": "b1"}, "v1")
    assert storage.read_index(store)["batch_id"].to_list() == ["b1"]
    # a young unreferenced batch stays (a run may still be writing it); fsspec's memory store keeps no times,
    # so there it goes at once
    young = storage.remove_unreferenced_batches(store, tables, {"b1"}, grace_seconds=3600)
    assert young == (set() if store.is_local else {"b2"})
    old = storage.remove_unreferenced_batches(store, tables, {"b1"}, grace_seconds=-1)
    assert old == ({"b2"} if store.is_local else set())
    assert set(storage.batches_on_disk(store, tables)) == {"b1"}


def test_duckdb_reaches_s3_with_the_urls_options(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "k")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s'x")
    load, secret = setup_statements("s3://bkt/pq?endpoint_override=minio:9000&scheme=http")
    assert load.startswith("load '") and load.endswith("httpfs.duckdb_extension'")
    assert "endpoint 'minio:9000'" in secret and "use_ssl false" in secret and "secret 's''x'" in secret
    assert "scope 's3://bkt'" in secret and "url_style 'path'" in secret
    assert ParquetStore("s3://bkt/pq?endpoint_override=minio:9000&scheme=http").duckdb_uri("facts") == "s3://bkt/pq/facts"


def test_duckdb_needs_nothing_for_local_folders_and_refuses_what_it_cannot_read(tmp_path):
    assert setup_statements(str(tmp_path)) == setup_statements(tmp_path.as_uri()) == []
    with pytest.raises(ValueError, match="memory://"):
        setup_statements("memory://x")


def test_the_pinned_httpfs_extension_loads():
    import duckdb

    con = duckdb.connect()
    con.execute(f"load '{httpfs_extension()}'")
    loaded = con.execute("select loaded from duckdb_extensions() where extension_name = 'httpfs'").fetchone()
    assert loaded == (True,)


def test_read_where_in_reads_only_the_row_groups_that_can_hold_the_values(store, monkeypatch):
    import pyarrow.parquet as pq

    ids = [f"d{i:04d}" for i in range(1000)]
    store.write(pl.DataFrame({"doc_id": ids, "n": range(1000)}), "raw.parquet", row_group_size=10)
    read: list[int] = []
    original = pq.ParquetFile.read_row_groups
    monkeypatch.setattr(pq.ParquetFile, "read_row_groups",
                        lambda self, groups, *a, **k: read.extend(groups) or original(self, groups, *a, **k))
    got = store.read_where_in("raw.parquet", "doc_id", ["d0005", "d0007", "d0512", "nope"])
    assert got["doc_id"].to_list() == ["d0005", "d0007", "d0512"] and got["n"].to_list() == [5, 7, 512]
    assert read == [0, 51]
    assert store.read_where_in("raw.parquet", "doc_id", ["nope"]).height == 0


def test_reading_a_batch_does_not_import_pandas(tmp_path):
    """Every batch worker reads its documents with read_where_in; pyarrow's pa.array() over a Python list
    imports pandas (slow, in every process), so the worker path must stay on Polars."""
    import subprocess
    import sys

    code = (
        "import sys, polars as pl\n"
        "from pipelines.storage.objectstore import ParquetStore\n"
        f"store = ParquetStore({str(tmp_path)!r})\n"
        "store.write(pl.DataFrame({'doc_id': ['d1', 'd2'], 'n': [1, 2]}), 'raw.parquet')\n"
        "assert store.read_where_in('raw.parquet', 'doc_id', ['d2'])['n'].to_list() == [2]\n"
        "assert store.read_where_in('raw.parquet', 'doc_id', ['none']).height == 0\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
