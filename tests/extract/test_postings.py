"""The batch's full-text index (pipelines/extract/postings.py) against the SQL it replaced, on the seeds."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from pipelines.batch.process import process_documents
from pipelines.extract.postings import postings
from pipelines.text.ingest import scan_folder

# What marts.search_postings computed in dbt before the batches did it: DuckDB's asof join of each term
# to the last sentence starting at or before it, kept when the sentence also spans it.
REFERENCE_SQL = """
select t.doc_id, s.sentence_index, t.token as term, count(*)::integer as tf
from (select * from tokens where regexp_matches(token, '[一-鿿A-Za-z0-9]')) as t
asof join sentences as s on t.doc_id = s.doc_id and t.char_start >= s.char_start
where t.char_start < s.char_end
group by all
"""
KEYS = ["doc_id", "sentence_index", "term"]


@pytest.fixture(scope="module")
def seed_tables(raw_dir):
    rows = [r.__dict__ for r in scan_folder(raw_dir) if r.raw_text]
    return process_documents(rows)


def test_postings_equal_the_sql_asof_join_on_every_seed_document(seed_tables):
    tokens, sentences = seed_tables["tokens"], seed_tables["sentences"]  # noqa: F841 (DuckDB reads them by name)
    expected = duckdb.sql(REFERENCE_SQL).pl().sort(KEYS)
    got = seed_tables["postings"].sort(KEYS)
    assert got.height > 1000 and got["doc_id"].n_unique() == sentences["doc_id"].n_unique()
    assert got.equals(expected.cast(got.schema))


def test_a_term_counts_per_sentence_and_punctuation_is_not_indexed():
    tokens = pl.DataFrame({"doc_id": ["a"] * 6 + ["b"] * 2,
                           "token": ["投资", "增长", "，", "投资", "。", "GDP", "投资", "5"],
                           "char_start": [0, 2, 4, 5, 7, 8, 0, 2]})
    sentences = pl.DataFrame({"doc_id": ["a", "a", "b"], "sentence_index": [0, 1, 0],
                              "char_start": [0, 8, 0], "char_end": [8, 11, 3]})
    got = {tuple(r) for r in postings(tokens, sentences).iter_rows()}
    assert got == {("a", 0, "投资", 2), ("a", 0, "增长", 1), ("a", 1, "GDP", 1),
                   ("b", 0, "投资", 1), ("b", 0, "5", 1)}


def test_tokens_outside_every_sentence_and_empty_input_give_no_postings():
    tokens = pl.DataFrame({"doc_id": ["a", "a"], "token": ["标题", "投资"], "char_start": [0, 10]})
    sentences = pl.DataFrame({"doc_id": ["a"], "sentence_index": [0], "char_start": [10], "char_end": [12]})
    assert postings(tokens, sentences)["term"].to_list() == ["投资"]
    assert postings(tokens.clear(), sentences).is_empty()
