"""Chinese full-text search on a real warehouse: the SQL macro and the Python function."""

import duckdb
import pytest

from pipelines.serve.search import query_terms, search


@pytest.fixture(scope="module")
def database(sample_warehouse):
    """The shared sample warehouse: the live file and the published copy."""
    return sample_warehouse.database, sample_warehouse.published


def test_a_rare_term_finds_its_sentences_first(database):
    con = duckdb.connect(str(database[0]), read_only=True)
    hits = con.execute("select sentence, score from marts.search_sentences('香辛料', 5)").fetchall()
    assert hits and all("香辛料" in sentence for sentence, _ in hits)


def test_ranked_hits_contain_the_query_terms(database):
    con = duckdb.connect(str(database[0]), read_only=True)
    hits = search(con, "固定资产投资", limit=10)
    assert len(hits) >= 3 and all("固定资产投资" in h["sentence"] for h in hits)
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    sql_top = con.execute("select doc_id, sentence_index from marts.search_sentences(?, 1)",
                          ["固定资产投资"]).fetchone()
    assert sql_top == (hits[0]["doc_id"], hits[0]["sentence_index"])


@pytest.mark.parametrize("query", ["固定资产投资增长", "产业园项目建设"])
def test_python_and_sql_rank_alike_when_the_query_is_whole_index_terms(database, query):
    """One BM25 (marts.search_ranked): when jieba cuts the query into exactly the index terms the SQL macro
    finds in it, both rank the same sentences with the same scores (up to the order of a float sum)."""
    con = duckdb.connect(str(database[0]), read_only=True)
    sql = con.execute("select doc_id, sentence_index, matched_terms, score "
                      "from marts.search_sentences(?, 20)", [query]).fetchall()
    assert len(sql) >= 3 and sql[0][2] == query_terms(query)
    hits = search(con, query, limit=20)
    assert [(h["doc_id"], h["sentence_index"], h["matched_terms"]) for h in hits] == [row[:3] for row in sql]
    assert [h["score"] for h in hits] == pytest.approx([row[3] for row in sql], rel=1e-12)
    terms = query_terms(query)
    ranked = con.execute("select doc_id, sentence_index, score from marts.search_ranked(?, 20)", [terms])
    assert ranked.fetchall() == [(h["doc_id"], h["sentence_index"], h["score"]) for h in hits]


def test_absent_terms_find_nothing(database):
    con = duckdb.connect(str(database[0]), read_only=True)
    assert con.execute("select * from marts.search_sentences('熊猫', 5)").fetchall() == []
    assert search(con, "熊猫") == []


def test_the_macro_works_read_only_on_the_published_copy(database):
    con = duckdb.connect(str(database[1]), read_only=True)
    assert con.execute("select count(*) from marts.search_sentences('投资', 5)").fetchone()[0] == 5
    assert con.execute("select count(*) from marts.search_ranked(['投资'], 5)").fetchone()[0] == 5
