"""Dates and periods written in a sentence, as facts and as the time scope of other facts.

Dates become ISO text (`2021-09-19`, `2020-05`, `--05-14` where the year is not written,
`--06-30` for 6月底 with `<=` when 前 follows). Periods become ISO ranges (`1-8月份` ->
--01 .. --08, `一季度` -> --01 .. --03, `上半年` -> --01 .. --06). `period_phrases` finds the
written time scopes (`1-8月份`, `上半年`, `年内`, `全年`, `6月底前`) that qualify other numbers.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from typing import NamedTuple

from pipelines.extract import numbers
from pipelines.extract.gate import Gated
from pipelines.extract.trie import alternation

# A month is not read out of a longer number: `13月` is not 3月, `十三月` not 三月.
_NOT_AFTER_DIGIT = r"(?<![0-9])"
_NOT_AFTER_NUMERAL = r"(?<![零〇一二两三四五六七八九十百千])"
_MONTH = (rf"(?:{_NOT_AFTER_DIGIT}(?:1[0-2]|0?[1-9])(?![0-9])"
          rf"|{_NOT_AFTER_NUMERAL}(?:十[一二]?|[一二三四五六七八九]))")
# A date's month and day as written, in range or not (`13月45日`, `2月30日`): the date is built from what
# the text says and validate.py rejects one that is not on the calendar, rather than a shorter match
# (`3月`) reading something the text does not say.
_MONTH_WRITTEN = (rf"(?:{_NOT_AFTER_DIGIT}\d{{1,2}}(?![0-9])"
                  rf"|{_NOT_AFTER_NUMERAL}(?:十[一二三四五六七八九]?|[一二三四五六七八九]))")
_DAY_WRITTEN = r"(?:\d{1,2}|[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_YEAR = r"(?:(?:19|20)\d{2})"
_SEP = r"(?:-|—|–|~|～|至|到)"

# Each pattern with the literal all its matches contain (gate.py): most sentences hold no 月 or 季度.
_DATE = Gated(re.compile(
    rf"(?:(?P<y>{_YEAR})年)?(?P<mo>{_MONTH_WRITTEN})月(?:份)?"
    rf"(?:(?P<d>{_DAY_WRITTEN})日|(?P<end>底|末)(?P<before>前)?|(?P<mid>中旬|上旬|下旬))?"
), ("月",))
_YEAR_ONLY = Gated(re.compile(rf"(?<![0-9])(?P<y>{_YEAR})年?(?![0-9])(?!月|\d)"), ("19", "20"))
_MONTH_RANGE = Gated(re.compile(
    rf"(?:(?P<y>{_YEAR})年)?(?P<a>{_MONTH})(?:月份?)?{_SEP}(?P<b>{_MONTH})月份?"
), ("月",))
_QUARTER = Gated(re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<first>前)?(?P<q>[一二三四1-4])季度(?P<before>前|末|底)?"), ("季度",))
_HALF = Gated(re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<h>上|下)半年"), ("半年",))
# A span of days: `4月25日至29日`, `2024年4月25日至5月3日`.
_DAY_RANGE = Gated(re.compile(
    rf"(?:(?P<y>{_YEAR})年)?(?P<mo>{_MONTH_WRITTEN})月(?P<d>{_DAY_WRITTEN})日"
    rf"{_SEP}(?:(?P<mo2>{_MONTH_WRITTEN})月)?(?P<d2>{_DAY_WRITTEN})日"
), ("日",))
# The thirds of a month: 上旬 = days 1-10, 中旬 = 11-20, 下旬 = 21 to the month's end.
_TEN_DAYS = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, None)}
# A day written alone (`16日`, in news of the month): not a day of a written month (`4月16日`), not a
# count of days (`3日内`, `每日`, `第16日`), not a date in a longer number.
_BARE_DAY = Gated(re.compile(
    r"(?<![0-9月第每近个.])(?P<d>[1-9]|[12][0-9]|3[01])日(?!内|以内|之内|以来)"), ("日",))
_MONTH_SINCE = Gated(re.compile(rf"(?P<mo>{_MONTH})月(?:份)?以来"), ("以来",))

# Written time scopes that qualify a number (the `period` column), longest first.
PERIOD_WORDS = (
    "截至目前", "截至去年底", "截至今年底", "今年以来", "今年年初", "今年上半年",
    "去年同期", "同比", "年初以来",
    "近年来", "年内", "全年", "今年", "明年", "去年", "目前", "当前", "年底前", "年底", "上半年", "下半年",
    "前三季度", "一季度", "二季度", "三季度", "四季度", "本月", "上月", "近期", "未来",
)


class TimeMention(NamedTuple):  # a tuple: cheaper to build than a frozen dataclass
    fact_type: str  # date or period
    value: str
    value_high: str | None
    qualifier: str
    start: int
    end: int
    text: str


def _int(s: str) -> int:
    return int(numbers.parse_number(s))


def _month_iso(year: str | None, month: int) -> str:
    return f"{year}-{month:02d}" if year else f"--{month:02d}"


def find_times(sentence: str, month: int | None = None) -> list[TimeMention]:
    """Dates and periods of one sentence, left to right, without overlaps. `month` (1-12, of the document's
    issue date) dates a day written alone: `16日` -> `--MM-16`; without it such a day is no date."""
    text = numbers.to_halfwidth(sentence)
    found: list[TimeMention] = []
    for m in _MONTH_RANGE.finditer(text):
        a, b = _int(m.group("a")), _int(m.group("b"))
        if 1 <= a < b <= 12:
            found.append(TimeMention("period", _month_iso(m.group("y"), a), _month_iso(m.group("y"), b),
                                     "range",
                                     m.start(), m.end(), m.group()))
    for m in _QUARTER.finditer(text):
        q = _int(m.group("q"))
        first = 1 if m.group("first") else 3 * q - 2
        qualifier = "<=" if m.group("before") == "前" else "range"
        found.append(TimeMention("period", _month_iso(m.group("y"), first), _month_iso(m.group("y"), 3 * q),
                                 qualifier, m.start(), m.end(), m.group()))
    for m in _HALF.finditer(text):
        a, b = (1, 6) if m.group("h") == "上" else (7, 12)
        found.append(TimeMention("period", _month_iso(m.group("y"), a), _month_iso(m.group("y"), b), "range",
                                 m.start(), m.end(), m.group()))
    for m in _MONTH_SINCE.finditer(text):
        found.append(TimeMention("period", _month_iso(None, _int(m.group("mo"))), None, ">=",
                                 m.start(), m.end(), m.group()))
    for m in _DAY_RANGE.finditer(text):
        found.append(_day_range(m))
    for m in _DATE.finditer(text):
        found.append(_date(m))
    if month and 1 <= month <= 12:
        for m in _BARE_DAY.finditer(text):
            found.append(TimeMention("date", _day_iso(None, month, int(m.group("d"))), None, "=",
                                     m.start(), m.end(), m.group()))
    for m in _YEAR_ONLY.finditer(text):
        if not m.group().endswith("年") and _counted(text, m.end()):
            continue  # 2082公里, 2000亿元: a number with a unit, not a year
        found.append(TimeMention("date", m.group("y"), None, "=", m.start(), m.end(), m.group()))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    kept: list[TimeMention] = []
    for t in found:
        if kept and t.start < kept[-1].end:
            continue
        kept.append(t._replace(text=sentence[t.start:t.end]))
    return kept


def _counted(text: str, pos: int) -> bool:
    """True when a unit, a magnitude or a decimal part follows `pos` (the number measures something)."""
    from pipelines.lexicon import load_lexicon

    rest = text[pos:pos + 4]
    if rest[:1] in ("万", "亿", "千", "百", "%", "％", ".", "多", "余"):
        return True
    return any(rest.startswith(unit) for unit in load_lexicon().units if unit not in ("年", "月", "日"))


def _day_iso(year: str | None, month: int, day: int) -> str:
    return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _day_range(m: re.Match) -> TimeMention:
    year, month = m.group("y"), _int(m.group("mo"))
    month2 = _int(m.group("mo2")) if m.group("mo2") else month
    return TimeMention("period", _day_iso(year, month, _int(m.group("d"))),
                       _day_iso(year, month2, _int(m.group("d2"))), "range", m.start(), m.end(), m.group())


def _date(m: re.Match) -> TimeMention:
    year, month = m.group("y"), _int(m.group("mo"))
    qualifier = "="
    if m.group("mid") and 1 <= month <= 12:
        first, last = _TEN_DAYS[m.group("mid")]
        last = last or calendar.monthrange(int(year) if year else 2001, month)[1]
        return TimeMention("period", _day_iso(year, month, first), _day_iso(year, month, last), "range",
                           m.start(), m.end(), m.group())
    if m.group("d"):
        day = _int(m.group("d"))
        value = f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    elif m.group("end") and not 1 <= month <= 12:
        value = _month_iso(year, month)  # 13月底: no last day to give; validate.py rejects the month
    elif m.group("end"):
        day = calendar.monthrange(int(year) if year else 2001, month)[1]
        value = f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
        qualifier = "<=" if m.group("before") else "="
    else:
        value = _month_iso(year, month)
    return TimeMention("date", value, None, qualifier, m.start(), m.end(), m.group())


_PERIOD_SHAPES_NEED = ("年", "月", "季度")  # every shape below but the words holds one of these
_PERIOD_RE = Gated(re.compile(
    "|".join(
        [
            rf"(?:{_YEAR}年)?(?:{_MONTH})(?:月份?)?{_SEP}(?:{_MONTH})月份?",
            rf"(?:{_MONTH})月(?:份)?(?:底|末)?(?:前|以来)",
            r"(?:前)?[一二三四1-4]季度(?:前|末)?",
            r"\d+(?:-\d+)?年(?:内|来)",
            r"未来\d+年|近[两三四五六七八九十\d]+(?:个月|年)",
            r"连续\d+个月",
            alternation(PERIOD_WORDS),
        ]
    )
), (*_PERIOD_SHAPES_NEED, *(w for w in PERIOD_WORDS if not any(k in w for k in _PERIOD_SHAPES_NEED))))


@lru_cache(maxsize=256)
def period_phrases(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """Written time scopes in a sentence: (start, end, text). Cached: every number of a sentence asks for
    them."""
    text = numbers.to_halfwidth(sentence)
    return tuple((m.start(), m.end(), sentence[m.start():m.end()]) for m in _PERIOD_RE.finditer(text))
