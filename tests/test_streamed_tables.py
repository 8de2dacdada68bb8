"""StreamedTables (pipelines/batch/store.py): a batch's rows set aside as they come, on any store."""

import polars as pl
import pytest

from pipelines.batch.store import StreamedTables, write_batch
from pipelines.config import batch_key
from pipelines.storage.objectstore import ParquetStore


@pytest.fixture(params=["path", "memory-url"])
def store(request, tmp_path):
    return ParquetStore({"path": str(tmp_path / "pq"), "memory-url": f"memory://{tmp_path.name}/pq"}[request.param])


def rows(doc: str, n: int) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": [doc] * n, "n": list(range(n))})


def test_rows_of_finished_documents_and_the_rest_of_the_batch_in_one_file(store):
    streamed = StreamedTables(store, "b1")
    with streamed.document() as part:
        part.append("tokens", rows("a", 3))
        part.append("tokens", rows("a", 2))
    with pytest.raises(ValueError), streamed.document() as part:
        part.append("tokens", rows("failed", 4))
        raise ValueError("the document failed after one piece")
    assert streamed.rows["tokens"] == 5 and streamed.has("tokens") and not streamed.has("facts")
    write_batch(store, "b1", {"tokens": rows("b", 1), "facts": rows("c", 2)}, streamed)
    streamed.abort()
    written = store.read(batch_key("tokens", "b1"))
    expected = pl.concat([rows("a", 3), rows("a", 2), rows("b", 1)])
    assert written.sort("doc_id", "n").equals(expected.sort("doc_id", "n"))
    assert store.read(batch_key("facts", "b1")).equals(rows("c", 2))
    assert [f.key for f in store.list("tokens")] == [batch_key("tokens", "b1")]  # no temporary file beside it


def test_an_aborted_batch_leaves_no_file(store):
    streamed = StreamedTables(store, "b2")
    with streamed.document() as part:
        part.append("tokens", rows("a", 3))
    streamed.abort()
    assert not store.exists(batch_key("tokens", "b2")) and not streamed.has("tokens")
