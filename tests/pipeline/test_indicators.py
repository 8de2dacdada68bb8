"""The indicator corpus (tests/data/indicators: national work reports 1998-2009, provincial 2026 reports)
built once: marts.indicators and marts.targets_vs_actuals against tests/gold/indicators/dev.csv, and every
SQL block of docs/indicator-questions.md returns rows."""

import re
import shutil

import duckdb
import pytest

from pipelines.ops.evaluate import score_indicator_warehouse
from tests.conftest import REPO, build

pytestmark = pytest.mark.integration

CORPUS = REPO / "tests" / "data" / "indicators"
GOLD = REPO / "tests" / "gold" / "indicators" / "dev.csv"
QUESTIONS = REPO / "docs" / "indicator-questions.md"

# Floors (measured 2026-12-06 with document dates from datelines: F1 1.0 once one number shared by two
# coordinated names states both, pairing 1.0 (15 of 15)). Without the dates a report's 今年 has no year, and
# only the years written in the text remain (F1 0.3152).
F1_WITH_DATES, PAIRING_WITH_DATES = 0.995, 0.93
F1_WITHOUT_DATES = 0.30


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("indicators")
    inp, wh = root / "input", root / "warehouse"
    shutil.copytree(CORPUS, inp)
    assert build(inp, wh).success
    return wh / "warehouse.duckdb"


@pytest.fixture(scope="module")
def dated(warehouse) -> bool:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("select count(pub_date) from marts.documents").fetchone()[0] > 0
    finally:
        con.close()


def test_indicators_score_above_the_floor(warehouse, dated):
    report = score_indicator_warehouse(warehouse, GOLD)
    if not dated:
        assert report.f1 >= F1_WITHOUT_DATES, report.f1
        pytest.skip("no document date in this build: the floors with dates wait for dateline extraction")
    assert report.f1 >= F1_WITH_DATES, report.f1
    assert report.pairing >= PAIRING_WITH_DATES, report.pairing


def test_no_metric_is_a_fragment_of_the_sentence_around_an_indicator(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        spans = con.execute("select count(*) from marts.indicators where regexp_matches(ref_period, "
                            "'^\\d{4}-\\d{4}$')").fetchone()[0]
        years = con.execute("select count(*) from marts.facts where fact_type in ('percent', 'count') "
                            "and ref_year is null and regexp_matches(sentence, '\\d{4}年')").fetchone()[0]
    finally:
        con.close()
    assert spans == 0  # a five-year span is not one year's statement
    assert years < 200, years  # a year written in the sentence reaches most of its numbers


def test_a_number_shared_by_two_indicators_is_a_row_for_each(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        shared = con.execute("select count(*) from marts.facts where len(also_indicators) > 0").fetchone()[0]
        missing = con.execute("""
            select f.fact_id, a.indicator from marts.facts as f, unnest(f.also_indicators) as a(indicator)
            where f.fact_id in (select fact_id from marts.indicators)
              and not exists (select 1 from marts.indicators as i
                              where i.fact_id = f.fact_id and i.indicator = a.indicator)""").fetchall()
        keys = con.execute("select count(*) - count(distinct (fact_id, indicator)) "
                           "from marts.indicators").fetchone()[0]
        targets = con.execute("select count(*) - count(distinct (target_fact_id, indicator)) "
                              "from marts.targets_vs_actuals").fetchone()[0]
    finally:
        con.close()
    assert shared >= 1  # the corpus has a target shared by two coordinated names
    assert missing == [] and keys == 0 and targets == 0


def question_blocks() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", QUESTIONS.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("number", range(1, len(question_blocks()) + 1))
def test_each_indicator_question_returns_rows(warehouse, dated, number):
    if not dated:
        pytest.skip("the questions ask for report years: they need the documents' dates")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(question_blocks()[number - 1]).fetchall()
    finally:
        con.close()
    assert rows, f"question {number} of docs/indicator-questions.md returned nothing"
