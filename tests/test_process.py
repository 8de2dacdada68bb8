"""The batch function's garbage-collector policy: set while a batch runs, restored after, even on error."""

import gc

import pytest

from pipelines.batch.process import fewer_collections


def test_the_collector_threshold_is_raised_for_a_batch_and_restored():
    before = gc.get_threshold()
    with fewer_collections((50_000, 20, 100)):
        assert gc.get_threshold() == (50_000, 20, 100)
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_collections((50_000, 20, 100)):
        raise RuntimeError("a document failed")
    assert gc.get_threshold() == before


def _raw(doc_id: str, text: str) -> dict:
    return {"doc_id": doc_id, "source_file": f"{doc_id}.txt", "source_path": f"{doc_id}.txt",
            "raw_text": text, "size_bytes": len(text.encode()), "sha256": doc_id * 4, "encoding": "utf-8",
            "had_bom": False}


def test_a_bad_value_is_a_rejected_row_and_a_flag_and_the_rest_of_the_batch_is_kept():
    from pipelines.batch.process import REJECTED_FLAG, process_documents

    overflow = "该项目总投资1" + "0" * 400 + "元，2021年2月30日开工，投资增长12%。"
    out = process_documents([_raw("bad", overflow), _raw("good", "全年固定资产投资增长8.5%。")])
    rejected = {(r["doc_id"], r["table_name"], r["rule"]) for r in out["rejected"].iter_rows(named=True)}
    assert rejected == {("bad", "facts", "finite"), ("bad", "facts", "calendar_date")}
    assert all(r["sentence"] and r["reason"] for r in out["rejected"].iter_rows(named=True))
    flags = dict(out["clean_documents"].select("doc_id", "quality_flags").iter_rows())
    assert REJECTED_FLAG in flags["bad"] and REJECTED_FLAG not in (flags["good"] or [])
    kept = {(d, v) for d, v in out["facts"].select("doc_id", "value").iter_rows()}
    assert kept >= {("bad", 12.0), ("good", 8.5)}


def test_postings_outside_the_tf_bound_are_rejected_with_their_sentence():
    import polars as pl

    from pipelines import schemas
    from pipelines.batch.process import checked_postings
    from pipelines.extract.validate import MAX_TF

    index = pl.DataFrame({"doc_id": ["d", "d"], "sentence_index": [0, 1], "term": ["好", "投资"],
                          "tf": [MAX_TF + 1, 3]}).cast({k: v for k, v in schemas.POSTINGS.items()
                                                        if k in ("doc_id", "sentence_index", "term", "tf")})
    sentences = pl.DataFrame({"doc_id": ["d", "d"], "sentence_index": [0, 1],
                              "sentence": ["好" * 10, "投资" * 3]})
    kept, rejected = checked_postings(index, sentences)
    assert kept["term"].to_list() == ["投资"]
    assert [(r["table_name"], r["doc_id"], r["sentence"]) for r in rejected] == [("postings", "d", "好" * 10)]


def test_a_document_whose_processing_raises_is_a_row_with_its_error_not_a_failed_batch(monkeypatch):
    """A bug one odd document triggers costs that document, named with the error, and not the batch."""
    from pipelines.batch import process

    real = process.extract_document

    def fragile(cleaned, *args, **kwargs):
        if cleaned["doc_id"] == "odd":
            raise ValueError("a rule met something it never saw")
        return real(cleaned, *args, **kwargs)

    monkeypatch.setattr(process, "extract_document", fragile)
    out = process.process_documents([_raw("odd", "投资增长5%。"), _raw("fine", "投资增长8%。")])
    (row,) = out["rejected"].iter_rows(named=True)
    assert (row["doc_id"], row["rule"], row["table_name"]) == ("odd", "processing_error", "documents")
    assert "extract failed: ValueError: a rule met something it never saw" in row["reason"]
    flags = dict(out["clean_documents"].select("doc_id", "quality_flags").iter_rows())
    assert "extract_failed" in flags["odd"] and set(out["facts"]["doc_id"]) == {"fine"}
