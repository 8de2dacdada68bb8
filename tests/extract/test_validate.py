"""Row-level rules of pipelines/extract/validate.py, on invented rows and on what the extractor emits."""

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.extract.document import extract_document
from pipelines.extract.facts import sentence_facts
from pipelines.extract.validate import COLUMNS, NUMERIC_TYPES, bound_for, calendar_problem, validate


def facts(text):
    return sentence_facts("d1", text, 0, None, [], "actual", None)


def rejected_by(text):
    """(rule, reason) of each fact of `text` that validate() rejects."""
    _, rejected = validate("facts", facts(text))
    return [(r.rule, r.reason) for r in rejected]


def fact(**row):
    base = {"fact_type": "count", "value": 3.0, "value_high": None, "value_text": "3",
            "value_high_text": None, "unit": "个", "qualifier": "=", "doc_id": "d1", "source_file": "a.txt",
            "sentence": "有3个。"}
    return {**base, **row}


def test_a_number_too_long_for_a_float_is_rejected_as_not_finite():
    assert rejected_by("1" + "0" * 400 + "元")[0][0] == "finite"


def test_a_number_beyond_the_money_bound_is_rejected():
    ((rule, reason),) = rejected_by("1" + "0" * 300 + "元")
    assert rule == "magnitude" and "1e+15" in reason


@pytest.mark.parametrize("text", ["2021年2月30日", "2099年13月45日", "十三月", "13月底"])
def test_dates_not_on_the_calendar_are_rejected(text):
    ((rule, reason),) = rejected_by(text)
    assert rule == "calendar_date" and reason.startswith("not a calendar date")


def test_real_dates_and_years_pass():
    for iso in ("2021-09-19", "2020-05", "2099", "--05-14", "--02-29", "2024-02-29", "--12"):
        assert calendar_problem(iso) is None, iso
    for iso in ("2021-02-29", "2021-13", "--00", "0999", "2021-9-1", ""):
        assert calendar_problem(iso), iso


def test_signs_ranges_and_percents_of_the_issue_pass_with_their_values():
    text = "亏损-50亿元，负50亿元，增长-150%，总投资80-50亿元，增长百分之二万。"
    kept, rejected = validate("facts", facts(text))
    assert rejected == []
    assert [(r["value"], r["value_high"]) for r in kept] == [(-5e9, None), (-5e9, None), (-150, None),
                                                             (5e9, 8e9), (20000, None)]


@pytest.mark.parametrize(
    "row, rule",
    [
        (fact(fact_type="count", value=-3.0), "magnitude"),  # a count is never negative
        (fact(fact_type="percent", unit="%", value=1e6), "magnitude"),
        (fact(fact_type="percent", unit="%", value=-2000.0), "magnitude"),
        (fact(fact_type="area", unit="km2", value=6e8), "magnitude"),
        (fact(fact_type="ordinal", unit="届", value=2.5), "whole_ordinal"),
        (fact(fact_type="ordinal", unit="届", value=0.0), "magnitude"),
        (fact(value=8.0, value_high=5.0, qualifier="range"), "ordered_range"),
        (fact(value=float("nan")), "finite"),
        (fact(value=None), "finite"),
        (fact(value_high=float("inf")), "finite"),
        (fact(qualifier="about"), "qualifier"),
        (fact(fact_type="weight"), "fact_type"),
        (fact(fact_type="period", value=None, value_text="--08", value_high_text="--01"), "ordered_range"),
        (fact(fact_type="date", value=None, value_text=None), "calendar_date"),
    ],
)
def test_rows_against_the_contract(row, rule):
    kept, rejected = validate("facts", [row])
    assert kept == [] and [r.rule for r in rejected] == [rule] and rejected[0].reason


@pytest.mark.parametrize(
    "row",
    [fact(), fact(fact_type="money", unit="CNY", value=-5e9),
     fact(fact_type="percent", unit="%", value=20000.0), fact(fact_type="percent", unit="pp", value=-1.5),
     fact(fact_type="quantity", unit="m", value=-154.0),
     fact(fact_type="period", value=None, value_text="--01", value_high_text="--08", qualifier="range"),
     fact(fact_type="money", unit="KRW", value=5e15)],
)
def test_plausible_rows_pass(row):
    assert validate("facts", [row]) == ([row], [])


def test_a_rejection_carries_the_row_its_document_and_sentence():
    row = fact(value=-3.0, metric="项目")
    (r,) = validate("facts", [row])[1]
    assert (r.table, r.doc_id, r.source_file, r.sentence) == ("facts", "d1", "a.txt", "有3个。")
    assert "项目" in r.row and json.loads(r.row)["value"] == -3.0  # ensure_ascii=False: readable
    assert set(r.as_row()) == set(COLUMNS) == {"table_name", "rule", "reason", "doc_id",
                                "source_file", "sentence", "row_json"}


def test_project_investments():
    rows = [{"name": "甲项目", "investment": 5e9}, {"name": "乙项目", "investment": -5e9},
            {"name": "丙项目", "investment": float("inf")}, {"name": "丁项目", "investment": None}]
    kept, rejected = validate("projects", rows)
    assert [r["name"] for r in kept] == ["甲项目", "丁项目"]
    assert [r.rule for r in rejected] == ["investment"] * 2


def test_postings_tf_is_positive_and_fits_its_sentence():
    sentences = {("d1", 0): "投资投资增长"}
    rows = [{"doc_id": "d1", "sentence_index": 0, "term": "投资", "tf": 2},
            {"doc_id": "d1", "sentence_index": 0, "term": "增长", "tf": 4},
            {"doc_id": "d1", "sentence_index": 0, "term": "增长", "tf": 0},
            {"doc_id": "d1", "sentence_index": 1, "term": "增长", "tf": 1}]
    kept, rejected = validate("postings", rows, sentences=sentences)
    assert kept == rows[:1]
    assert [r.rule for r in rejected] == ["tf_fits_sentence", "tf_positive", "tf_fits_sentence"]
    assert validate("postings", rows[1:2])[0] == rows[1:2]  # without the sentences only tf itself is checked


def test_document_dates_and_unknown_tables():
    kept, rejected = validate("clean_documents", [{"pub_date": "2021-09-19"}, {"pub_date": "2021-02-30"}])
    assert len(kept) == 1 and rejected[0].rule == "calendar_date"
    assert validate("people", [{"name": "王某"}]) == ([{"name": "王某"}], [])
    with pytest.raises(ValueError):
        validate("no_such_table", [])


def test_extract_document_leaves_rejected_facts_out_and_lists_them():
    doc = {"doc_id": "d1", "source_file": "a.txt", "clean_text": "会议于2021年2月30日召开，投资50亿元。"}
    out = extract_document(doc, version="test")
    assert [f["mention"] for f in out["facts"]] == ["50亿元"]
    assert [(r["rule"], r["source_file"]) for r in out["rejected"]] == [("calendar_date", "a.txt")]


# Arbitrary text built from what numbers are written with: digits, Chinese numerals, magnitudes, units,
# signs, range separators, qualifiers, date words, and digit runs long enough to overflow a float.
PIECES = (list("0123456789.,零〇一二两三四五六七八九十百千万亿") + ["-", "－", "负", "正负", "至", "到", "~"]
          + ["元", "亿元", "美元", "%", "个百分点", "百分之", "个", "家", "人", "亩", "平方米", "公里", "吨",
             "年", "月", "日", "天", "第", "届", "多", "以上", "约", "下降", "增长", "，", "。"]
          + ["1" + "0" * 400, "9" * 320, "1" + "0" * 20])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join))
def test_every_emitted_value_is_finite_and_in_range_or_rejected_with_a_reason(text):
    rows = facts(text)
    kept, rejected = validate("facts", rows)
    assert len(kept) + len(rejected) == len(rows)
    assert all(r.reason and r.rule for r in rejected)
    for row in kept:
        if row["fact_type"] in NUMERIC_TYPES:
            bound = bound_for(row["fact_type"], row["unit"])
            for x in (row["value"], row["value_high"]):
                if x is not None:
                    assert math.isfinite(x) and bound.low <= x <= bound.high, row
            assert row["value_high"] is None or row["value"] <= row["value_high"], row
        else:
            assert calendar_problem(row["value_text"]) is None, row


def _dbt_bounds(model: str, column: str) -> list[dict]:
    """The value_between tests of a mart column in the dbt YAML."""
    import yaml

    from pipelines.config import DBT_PROJECT_DIR

    for path in (DBT_PROJECT_DIR / "models").rglob("*.yml"):
        for node in yaml.safe_load(path.read_text(encoding="utf-8")).get("models") or []:
            if node["name"] == model:
                col = next(c for c in node["columns"] if c["name"] == column)
                return [t["value_between"]["arguments"] for t in col.get("data_tests", [])
                        if isinstance(t, dict) and "value_between" in t]
    raise AssertionError(f"no model {model}")


def test_the_warehouse_range_tests_admit_every_row_validate_keeps():
    """dbt's range tests guard the code: a row validate() keeps must never fail them, so each test's range
    holds every bound validate() has for those rows (else one odd document would stop every build)."""
    from pipelines.extract.validate import BOUNDS, MAX_TF

    tests = {t.get("where_clause"): t for t in _dbt_bounds("facts", "value")}
    percent = tests["fact_type = 'percent' and unit = '%'"]
    assert (percent["min_value"], percent["max_value"]) == (BOUNDS[("percent", "%")].low,
                                                          BOUNDS[("percent", "%")].high)
    money = tests["fact_type = 'money'"]
    for (kind, _unit), bound in BOUNDS.items():
        if kind == "money":
            assert money["min_value"] <= bound.low and bound.high <= money["max_value"]
    (investment,) = _dbt_bounds("projects", "investment")
    assert (investment["min_value"], investment["max_value"]) == (BOUNDS[("investment", None)].low,
                                                                 BOUNDS[("investment", None)].high)
    (tf,) = _dbt_bounds("search_postings", "tf")
    assert (tf["min_value"], tf["max_value"]) == (1, MAX_TF)


def test_counts_of_times_may_exceed_the_population_but_counts_of_things_may_not():
    """超610亿次 clicks is a real figure; 610亿个 enterprises is a misreading."""
    def count(value, unit):
        return {"fact_id": "f", "doc_id": "d", "source_file": "a.txt", "fact_type": "count", "value": value,
                "value_high": None, "unit": unit, "qualifier": ">", "sentence": "s"}

    kept, rejected = validate("facts", [count(6.1e10, "次"), count(6.1e10, "人次"), count(6.1e10, "个")])
    assert [r["unit"] for r in kept] == ["次", "人次"] and [r.rule for r in rejected] == ["magnitude"]
