"""Row-level checks of extracted rows against the fact contract (FACTS.md), before they reach the warehouse.

The extractor writes down what the text says; this module judges whether the result can be true. A row
that breaks a rule is not stored: it comes back as a `Rejected` naming the rule and a reason, with the
row itself (as JSON), its document and its sentence, so that no value is silently wrong and none is
silently lost either.

Rules, by table (the first rule a row breaks is the one reported):
- facts: the fact type is one of the contract's; numbers are finite and lie within the plausible bounds
  of their fact type and unit (BOUNDS below, each with its reason); an ordinal is a whole number; a
  date or period is ISO text naming a real calendar date (`2021-02-30`, month 13 -> rejected); a range
  is ordered (value <= value_high); the qualifier is one of the contract's.
- projects: an investment is finite, not negative and below the money bound.
- postings: tf is a positive whole number, and a term cannot occur in a sentence more often than the
  sentence has room for (tf * len(term) <= the sentence's length, when the sentences are given).
- clean_documents: the issue date (`pub_date`) is a calendar date.
- people, cited_documents, sentences: no numeric columns, nothing to check.

The FACTS.md contract names the columns and units but writes no numeric limits; the bounds below are
the widest values the texts could mean, so that only misreadings (overflow, a digit run read as one
number, a sign or magnitude applied twice) fall outside them.

Pure Python: no Dagster, dbt or Polars; the caller decides where the rejections are stored
(`COLUMNS` is the shape of a rejection row).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple


class Bound(NamedTuple):
    low: float
    high: float
    reason: str


_EARTH_KM2 = 5.1e8  # the surface of the Earth, land and sea
# (fact_type, unit) -> the plausible values; (fact_type, None) holds for every other unit of the type.
BOUNDS: dict[tuple[str, str | None], Bound] = {
    ("money", None): Bound(-1e15, 1e15, "1e15 is ten times the world's yearly output in yuan or dollars; "
                                        "negative amounts exist (a loss, a deficit: -50亿元)"),
    ("money", "JPY"): Bound(-1e17, 1e17, "currencies worth about a cent: the money bound times 100"),
    ("money", "KRW"): Bound(-1e18, 1e18, "currencies worth about a tenth of a cent: the money bound "
                                         "times 1000"),
    ("percent", "%"): Bound(-1000.0, 1e5, "a share lies in 0..100; a growth rate goes beyond it (a 200-fold "
                                          "rise is +19,900%) and below -100% only for a quantity that "
                                          "changes sign (a profit turning into a loss)"),
    ("percent", "pp"): Bound(-1000.0, 1000.0, "a difference of two percents, each within the percent bound "
                                              "for any rate a text compares"),
    ("count", None): Bound(0.0, 1e10, "things and people counted are never negative, and none of them "
                                      "outnumber the world's population (8e9)"),
    ("count", "次"): Bound(0.0, 1e15, "times something happened (visits, clicks, trips: 次, 人次, 架次) "
                                     "repeat far past the population: hundreds of billions of clicks a year"),
    ("area", "km2"): Bound(0.0, _EARTH_KM2, "an area is not negative nor larger than the Earth's surface"),
    ("area", "ha"): Bound(0.0, _EARTH_KM2 * 100, "the Earth's surface in hectares"),
    ("area", "mu"): Bound(0.0, _EARTH_KM2 * 1500, "the Earth's surface in mu (1 km2 = 1500 亩)"),
    ("area", None): Bound(0.0, _EARTH_KM2 * 1e6, "the Earth's surface in square metres"),
    ("quantity", None): Bound(0.0, 1e15, "tonnes, kWh, TEU, visits are not negative; 1e15 exceeds the "
                                         "world's yearly output of any of them"),
    ("quantity", "m"): Bound(-11_000.0, 1e13, "a height may lie below sea level, not below the deepest sea "
                                              "floor (-11 km); a distance reaches past Mars (1e13 m)"),
    ("quantity", "km"): Bound(-11.0, 1e10, "as for metres"),
    ("duration", "年"): Bound(0.0, 1.4e10, "a span of time is not negative nor longer than the age of the "
                                          "universe (1.38e10 years)"),
    ("duration", None): Bound(0.0, 1e13, "a span of time is not negative; 1e13 hours exceeds the age of "
                                         "the universe"),
    ("ordinal", None): Bound(1.0, 1e6, "ranks, editions and batches start at 1 (第一); no series in the "
                                       "texts reaches a million"),
    ("investment", None): Bound(0.0, 1e15, "a project's investment is not negative; the money bound above"),
}
YEARS = Bound(1000, 2999, "ISO dates in the contract have four-digit years")
NUMERIC_TYPES = ("money", "percent", "count", "area", "quantity", "duration", "ordinal")
TEXT_TYPES = ("date", "period")
QUALIFIERS = ("=", ">", ">=", "<", "<=", "~", "range")
# A term that occurs more often than this in one sentence is a degenerate text (one word repeated for
# megabytes), not prose; the index's range test in transforms/ holds the same bound.
MAX_TF = 1_000_000

# The columns of a rejection row, in order (the row itself as JSON text).
# (`table_name` and `row_json`, not `table` and `row`, which SQL reserves.)
COLUMNS = ("table_name", "rule", "reason", "doc_id", "source_file", "sentence", "row_json")


@dataclass(frozen=True)
class Rejected:
    table: str
    row: str  # the rejected row as JSON (ensure_ascii=False, default=str)
    rule: str
    reason: str
    doc_id: str | None
    source_file: str | None
    sentence: str | None

    def as_row(self) -> dict:
        return {"table_name": self.table, "rule": self.rule, "reason": self.reason, "doc_id": self.doc_id,
                "source_file": self.source_file, "sentence": self.sentence, "row_json": self.row}


def bound_for(fact_type: str, unit: str | None) -> Bound | None:
    """The bound of a type and unit; a count of times (a classifier ending in 次: 人次, 架次) takes 次's."""
    if fact_type == "count" and unit and unit.endswith("次"):
        unit = "次"
    return BOUNDS.get((fact_type, unit)) or BOUNDS.get((fact_type, None))


# --- ISO dates -------------------------------------------------------------------------------------------

_ISO = re.compile(r"(?:(?P<y>\d{4})|-)(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")
_LEAP_YEAR = 2000  # `--02-29`, the year not written: a day that exists in some year


def calendar_problem(iso: str) -> str | None:
    """None when `iso` (`2021-09-19`, `2020-05`, `2021`, `--05-14`, `--05`) names a real calendar date,
    else why not."""
    m = _ISO.fullmatch(iso)
    if not m or (m.group("y") is None and m.group("m") is None):
        return f"not a calendar date: {iso!r} is not ISO date text"
    year = int(m.group("y")) if m.group("y") else _LEAP_YEAR
    if not YEARS.low <= year <= YEARS.high:
        return f"not a calendar date: year {year} outside {YEARS.low}..{YEARS.high} ({YEARS.reason})"
    month = int(m.group("m") or 1)
    day = int(m.group("d") or 1)
    try:
        date(year, month, day)
    except ValueError:
        return f"not a calendar date: {iso!r}"
    return None


def _iso_shape(iso: str) -> tuple[bool, int]:
    """(year written, number of parts): two ISO texts of one shape compare as strings."""
    return (not iso.startswith("--"), iso.count("-"))


# --- rules ---------------------------------------------------------------------------------------------
# Each rule takes a row (and the context) and returns None when the row passes, else the reason.

Rule = Callable[[dict, Mapping], "str | None"]


def _fact_type(row: dict, _ctx: Mapping) -> str | None:
    if row.get("fact_type") not in NUMERIC_TYPES + TEXT_TYPES:
        return f"fact type {row.get('fact_type')!r} is not one of the contract's"
    return None


def _is_number(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _finite(row: dict, _ctx: Mapping) -> str | None:
    if row["fact_type"] not in NUMERIC_TYPES:
        return None
    value, high = row.get("value"), row.get("value_high")
    if value is None:
        return "a numeric fact without a value"
    for name, x in (("value", value), ("value_high", high)):
        if x is not None and not (_is_number(x) and math.isfinite(x)):
            return f"{name} {x!r} is not a finite number"
    return None


def _magnitude(row: dict, _ctx: Mapping) -> str | None:
    if row["fact_type"] not in NUMERIC_TYPES:
        return None
    bound = bound_for(row["fact_type"], row.get("unit"))
    if bound is None:
        return None
    for name in ("value", "value_high"):
        x = row.get(name)
        if x is not None and not bound.low <= x <= bound.high:
            return (f"{name} {x:g} outside {bound.low:g}..{bound.high:g} for {row['fact_type']} "
                    f"in {row.get('unit')}: {bound.reason}")
    return None


def _whole_ordinal(row: dict, _ctx: Mapping) -> str | None:
    if row["fact_type"] == "ordinal" and row["value"] != int(row["value"]):
        return f"ordinal {row['value']:g} is not a whole number"
    return None


def _calendar(row: dict, _ctx: Mapping) -> str | None:
    if row["fact_type"] not in TEXT_TYPES:
        return None
    if not row.get("value_text"):
        return f"a {row['fact_type']} without its ISO text"
    for name in ("value_text", "value_high_text"):
        if row.get(name):
            problem = calendar_problem(row[name])
            if problem:
                return problem
    return None


def _ordered(row: dict, _ctx: Mapping) -> str | None:
    if row["fact_type"] in NUMERIC_TYPES:
        low, high = row["value"], row.get("value_high")
    else:
        low, high = row.get("value_text"), row.get("value_high_text")
        if high is not None and _iso_shape(low) != _iso_shape(high):
            return None  # `2021-07` .. `--12`: not comparable as text, and each end is a calendar date
    if high is not None and low > high:
        return f"range out of order: value {low} > value_high {high}"
    return None


def _qualifier(row: dict, _ctx: Mapping) -> str | None:
    if row.get("qualifier") not in QUALIFIERS:
        return f"qualifier {row.get('qualifier')!r} is not one of {', '.join(QUALIFIERS)}"
    return None


def _investment(row: dict, _ctx: Mapping) -> str | None:
    x = row.get("investment")
    if x is None:
        return None
    if not (_is_number(x) and math.isfinite(x)):
        return f"investment {x!r} is not a finite number"
    bound = BOUNDS[("investment", None)]
    if not bound.low <= x <= bound.high:
        return f"investment {x:g} outside {bound.low:g}..{bound.high:g}: {bound.reason}"
    return None


def _tf_positive(row: dict, _ctx: Mapping) -> str | None:
    tf = row.get("tf")
    if not (isinstance(tf, int) and not isinstance(tf, bool) and 1 <= tf <= MAX_TF):
        return f"tf {tf!r} is not a whole number in 1..{MAX_TF}"
    return None


def _tf_fits_sentence(row: dict, ctx: Mapping) -> str | None:
    sentences = ctx.get("sentences")
    if sentences is None:
        return None
    key = (row.get("doc_id"), row.get("sentence_index"))
    sentence = sentences.get(key)
    if sentence is None:
        return f"no sentence {key} for the posting"
    room = len(sentence) // max(1, len(row.get("term") or ""))
    if row["tf"] > room:
        return (f"tf {row['tf']} exceeds the {room} times the term {row.get('term')!r} fits in its "
                f"sentence of {len(sentence)} characters")
    return None


def _pub_date(row: dict, _ctx: Mapping) -> str | None:
    return calendar_problem(row["pub_date"]) if row.get("pub_date") else None


RULES: dict[str, tuple[tuple[str, Rule], ...]] = {
    "facts": (("fact_type", _fact_type), ("finite", _finite), ("magnitude", _magnitude),
              ("whole_ordinal", _whole_ordinal), ("calendar_date", _calendar), ("ordered_range", _ordered),
              ("qualifier", _qualifier)),
    "projects": (("investment", _investment),),
    "postings": (("tf_positive", _tf_positive), ("tf_fits_sentence", _tf_fits_sentence)),
    "clean_documents": (("calendar_date", _pub_date),),
    "people": (),
    "cited_documents": (),
    "sentences": (),
}


def _as_json(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, default=str)


def validate(table: str, rows: list[dict],
             sentences: Mapping[tuple[str, int], str] | None = None) -> tuple[list[dict], list[Rejected]]:
    """Split `rows` of `table` into those that pass every rule and the rejections, in input order.

    `sentences` ((doc_id, sentence_index) -> sentence text) lets the postings rules bound tf by the
    sentence. A table without rules here raises ValueError: an unknown table is not passed unchecked.
    """
    if table not in RULES:
        raise ValueError(f"no validation rules for table {table!r}")
    rules = RULES[table]
    if not rules:
        return list(rows), []
    ctx = {"sentences": sentences}
    kept: list[dict] = []
    rejected: list[Rejected] = []
    for row in rows:
        for name, rule in rules:
            reason = rule(row, ctx)
            if reason:
                sentence = row.get("sentence") or (sentences or {}).get((row.get("doc_id"),
                                                                         row.get("sentence_index")))
                rejected.append(Rejected(table, _as_json(row), name, reason, row.get("doc_id"),
                                         row.get("source_file"), sentence))
                break
        else:
            kept.append(row)
    return kept, rejected
