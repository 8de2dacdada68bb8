"""Chinese full-text search on a real warehouse: the SQL macro and the Python function."""

import shutil

import dagster as dg
import duckdb
import pytest

from tests.conftest import pipeline_assets
from pipelines.defs.resources import build_resources
from pipelines.serve.search import search
from tests.conftest import RAW


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    inp, wh = root / "input", root / "warehouse"
    shutil.copytree(RAW, inp)
    mp = pytest.MonkeyPatch()
    mp.setenv("PIPELINE_WAREHOUSE", str(wh))
    mp.setenv("PIPELINE_INPUT", str(inp))
    assert dg.materialize(pipeline_assets(), resources=build_resources(str(inp), str(wh)),
                          instance=dg.DagsterInstance.ephemeral()).success
    yield wh / "warehouse.duckdb", wh / "published" / "warehouse.duckdb"
    mp.undo()


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
    sql_top = con.execute("select doc_id, sentence_index from marts.search_sentences('固定资产投资', 1)").fetchone()
    assert sql_top == (hits[0]["doc_id"], hits[0]["sentence_index"])


def test_absent_terms_find_nothing(database):
    con = duckdb.connect(str(database[0]), read_only=True)
    assert con.execute("select * from marts.search_sentences('熊猫', 5)").fetchall() == []
    assert search(con, "熊猫") == []


def test_the_macro_works_read_only_on_the_published_copy(database):
    con = duckdb.connect(str(database[1]), read_only=True)
    assert con.execute("select count(*) from marts.search_sentences('投资', 5)").fetchone()[0] == 5
