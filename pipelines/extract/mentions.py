"""Find numeric mentions in a sentence and normalise them: type, value, range, unit, qualifier.

A mention is `[qualifier] number [range] [magnitude] [多/余] unit [qualifier]` with the units
of seeds/lexicon/units.csv (classifiers, currencies, area and quantity units, durations),
plus three special shapes: percents written `百分之N`, a magnitude without a number
(`亿元以上`, `过亿元`: 1e8 as a threshold) and ordinals (`第30届`, `全市第一`).
What is not a fact is filtered here too: magnitude classes (`百亿级`), set names and
slogans (`八大攻坚战`, `“四个全力”`), numbers inside names (`5G`, `十四五`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from pipelines.extract import numbers
from pipelines.extract.gate import Gated, any_of
from pipelines.extract.trie import alternation
from pipelines.lexicon import Lexicon, load_bare_counts, load_lexicon

MAGNITUDES = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7, "百万": 1e6,
              "十万": 1e5, "万": 1e4, "千": 1e3}
PRE_QUALIFIERS = {
    "不少于": ">=", "不低于": ">=", "至少": ">=", "突破": ">=",
    "超过": ">", "超出": ">", "高于": ">", "多于": ">",
    "逾": ">", "超": ">", "不超过": "<=", "不高于": "<=", "最多": "<=", "不足": "<", "不到": "<", "低于": "<",
    "少于": "<", "约": "~", "大约": "~", "将近": "~", "接近": "~", "近": "~",
}
POST_QUALIFIERS = {"及以上": ">=", "以上": ">=", "以下": "<=", "以内": "<=", "之内": "<=",
                   "左右": "~", "上下": "~",
                   "内": "<="}
APPROX = {"多": ">", "余": ">"}
# Single characters that end a word with the qualifier character after them (经过, 最近, 附近 ...).
_WORD_BEFORE = {"近": set("最附靠临亲将接贴"), "超": set("赶高"), "逾": set()}
PERCENT_UNITS = {"%": "%", "个百分点": "pp", "百分点": "pp"}
# Classifiers that number a phase or a place rather than count things (三期, 52号).
NAME_CLASSIFIERS = {"期", "号", "版", "楼", "路"}
ORDINAL_CLASSIFIERS = "届|批|次|个|名|位|轮|阶段|季|期|天|代"
PLAN_NAMES = ("五年规划", "五年计划")
RANK_SCOPES = "全球|世界|全国|全省|全市|全区|全县"
# A vague count: 上 + a magnitude (`上万`, `上百条`, `上亿元`): at least that many. Characters that end a word
# with 上 (以上, 马上, 线上, 会上) are not the vague 上.
VAGUE_MAGNITUDES = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "十万": 1e5, "亿": 1e8, "万": 1e4, "千": 1e3,
                    "百": 1e2}
_NOT_VAGUE_BEFORE = "以之加马线网早晚向往北赶跟走登迎身手路会台场面"
# A count of things written with 一 is an article (一个), except in a rate: 每53秒就有一辆.
_RATE_BEFORE = re.compile(r"每[\d零〇一二两三四五六七八九十百千万]+[^\s，。；、,：:]{0,8}$")
# Tenths written 成 (`超四成` = more than 40%, `七成半` = 75%), not the verb 成 (一成不变, 三成员).
_TENTHS_NOT_BEFORE = "为立功效果本员熟长交绩都就品片群型年套了不"
# Units whose number is followed by a second number of the smaller unit: 1米83, 1斤2两.
COMPOUND_MEASURES = set("米斤尺")
# Every magnitude word holds one of these characters: a text without any has no implicit amount.
_ANY_MAGNITUDE_CHAR = any_of("".join(MAGNITUDES))
# Duration units that also write dates: a 4-digit year or a day of month is a date, not a duration.
DATE_LIKE_UNITS = {"年", "日", "月"}


class Mention(NamedTuple):  # a tuple: tens of thousands per batch, cheaper to build than a frozen dataclass
    fact_type: str
    value: float
    value_high: float | None
    unit: str | None
    qualifier: str
    start: int
    end: int
    text: str
    number_start: int  # where the number itself starts (after a written qualifier)


@dataclass(frozen=True)
class _Grammar:
    main: re.Pattern
    implicit: re.Pattern
    percent_words: Gated
    ordinal: Gated
    vague: Gated
    ratio: Gated
    tenths: Gated
    fraction: Gated
    not_facts: re.Pattern | None
    units: dict  # written unit -> (fact_type, canonical)


@lru_cache(maxsize=4)
def grammar(lexicon: Lexicon | None = None) -> _Grammar:
    """Compile the mention patterns once per lexicon."""
    lexicon = lexicon or load_lexicon()
    units = {u: (x.fact_type, x.canonical) for u, x in lexicon.units.items()
             if x.fact_type != "percent" and u not in NAME_CLASSIFIERS}
    for noun in load_bare_counts():
        units.setdefault(noun, ("count", None))
    units.update({u: ("percent", c) for u, c in PERCENT_UNITS.items()})
    num = numbers.NUMBER_PATTERN
    whole = f"(?:{numbers.CHINESE_COMPOUND_PATTERN}|{num})"
    mag = alternation(MAGNITUDES)
    sep = numbers.RANGE_SEP_PATTERN
    sign = numbers.SIGN_PATTERN
    main = re.compile(
        rf"(?P<pre>{alternation(PRE_QUALIFIERS)})?"
        rf"(?<![0-9A-Za-z.])(?P<s1>{sign})?(?P<n1>{whole})(?:(?P<approx1>多|余)(?={mag}))?(?P<m1>{mag})?"
        rf"(?:(?P<sep>{sep})(?P<s2>{sign})?(?P<n2>{whole})(?P<m2>{mag})?)?"
        rf"(?P<approx>多|余)?"
        rf"(?P<unit>{alternation(units)})"
        rf"(?P<post>{alternation(POST_QUALIFIERS)})?"
    )
    measured = [u for u, (t, _) in units.items() if t in ("money", "count", "area", "quantity")]
    implicit = re.compile(
        rf"(?<![0-9零〇一二两三四五六七八九十百千万亿.])(?P<pre>过|超|超过)?(?P<m1>{alternation(MAGNITUDES)})"
        rf"(?P<unit>{alternation(measured)})(?P<post>以上)?"
    )
    pre, post = alternation(PRE_QUALIFIERS), alternation(POST_QUALIFIERS)
    vague = Gated(re.compile(
        rf"(?<![{_NOT_VAGUE_BEFORE}])上(?P<m1>{alternation(VAGUE_MAGNITUDES)})(?![{numbers._NUMERALS}\d])"
        rf"(?P<unit>{alternation(units)})?"), ("上",))
    tenths = Gated(re.compile(
        rf"(?P<pre>{pre})?(?<![{numbers._NUMERALS}\d])(?P<n1>[一二两三四五六七八九]|[1-9])成(?P<half>半)?"
        rf"(?![{_TENTHS_NOT_BEFORE}])(?P<post>{post})?"), ("成",))
    part = rf"(?:{numbers.CHINESE_FULL_PATTERN}|\d+(?:\.\d+)?)"
    fraction = Gated(re.compile(
        rf"(?P<pre>{pre})?(?P<d>{part})分之(?P<n1>{part})(?P<post>{post})?"), ("分之",))
    percent_words = Gated(re.compile(
        rf"(?P<pre>{alternation(PRE_QUALIFIERS)})?百分之(?P<n1>{numbers.CHINESE_FULL_PATTERN}|{num})"
        rf"(?P<post>{alternation(POST_QUALIFIERS)})?"), ("百分之",))
    ordinal = Gated(re.compile(rf"(?P<scope>{RANK_SCOPES})?第(?P<n1>{num})(?P<cls>{ORDINAL_CLASSIFIERS})?"),
                    ("第",))
    not_facts = re.compile(alternation(lexicon.not_facts)) if lexicon.not_facts else None
    ratio = Gated(re.compile(
        rf"(?<![\d.∶:])(?P<a>\d+(?:\.\d+)?)(?P<sep>[∶:：])"
        rf"(?P<b>\d+(?:\.\d+)?)(?![\d.]|[∶:：]\d)(?P<post>{post})?"), ("∶", ":", "："))
    return _Grammar(main, implicit, percent_words, ordinal, vague, ratio, tenths, fraction, not_facts, units)


def find_mentions(sentence: str, lexicon: Lexicon | None = None) -> list[Mention]:
    """All numeric mentions of one sentence, left to right, without overlaps."""
    g = grammar(lexicon)
    text = numbers.to_halfwidth(sentence)
    found: list[Mention] = []
    has_number = numbers.ANY_NUMBER_CHAR.search(text)  # the main, percent and ordinal shapes all hold one
    if has_number:
        for m in g.main.finditer(text):
            mention = _from_main(m, text, g)
            if mention:
                found.append(mention)
    if _ANY_MAGNITUDE_CHAR.search(text):
        for m in g.implicit.finditer(text):
            if _implicit_ok(m, text):
                found.append(_from_implicit(m, g))
    if has_number:  # in this order after the implicit ones: among equal spans the first found is kept
        for m in g.percent_words.finditer(text):
            mention = _from_percent_words(m)
            if mention:
                found.append(mention)
        for m in g.ordinal.finditer(text):
            mention = _from_ordinal(m, text)
            if mention:
                found.append(mention)
        for m in g.tenths.finditer(text):
            found.append(_from_tenths(m))
        for m in g.fraction.finditer(text):
            if mention := _from_fraction(m):
                found.append(mention)
    for m in g.vague.finditer(text):
        found.append(_from_vague(m, g))
    if has_number:
        for m in g.ratio.finditer(text):
            if mention := _from_ratio(m, text):
                found.append(mention)
    if not found:
        return found  # nothing for the not-facts to block
    blocked = _blocked_spans(text, g)
    found = [f for f in found if not _overlaps_any(f, blocked)]
    return _without_overlaps(found, sentence)


_SLOGAN = re.compile(r"[“\"「‘]([零〇一二两三四五六七八九十百千]+)[个大张项条]")
_SET_NAME = Gated(re.compile(rf"(?<![0-9.]){numbers.NUMBER_PATTERN}大"), ("大",))


def _blocked_spans(text: str, g: _Grammar) -> list[tuple[int, int]]:
    """Spans of set phrases and slogans that look numeric but are not facts."""
    # a set phrase right after 第 is part of an ordinal (第一批 is not the vague 一批)
    spans = [m.span() for m in g.not_facts.finditer(text)
             if not (m.start() and text[m.start() - 1] == "第")] if g.not_facts else []
    # a numeral right after an opening quote names a slogan: “四个全力”, “三个集中”
    for m in _SLOGAN.finditer(text):
        spans.append(m.span(1))
    # N大 + noun is a set name: 八大攻坚战, 6大产业集群
    for m in _SET_NAME.finditer(text):
        spans.append(m.span())
    return spans


def _qualifier(m: re.Match) -> str:
    if m.groupdict().get("n2"):
        return "range"
    pre, post = m.group("pre"), m.group("post")
    approx = m.groupdict().get("approx") or m.groupdict().get("approx1")
    if post and post in POST_QUALIFIERS:
        return POST_QUALIFIERS[post]
    if approx:
        return APPROX[approx]
    if pre:
        return PRE_QUALIFIERS.get(pre, ">")
    return "="


def _pre_ok(m: re.Match, text: str) -> bool:
    """A one-character qualifier before the number must not end another word (最近, 赶超)."""
    pre = m.group("pre")
    if not pre or len(pre) > 1 or m.start() == 0:
        return True
    return text[m.start() - 1] not in _WORD_BEFORE.get(pre, set())


def _from_main(m: re.Match, text: str, g: _Grammar) -> Mention | None:
    n1, n2, unit = m.group("n1"), m.group("n2"), m.group("unit")
    fact_type, canonical = g.units[unit]
    chinese_only = numbers.is_chinese_numeral(n1)
    if chinese_only and fact_type == "count" and (n1 in ("一", "百", "千", "万", "零", "〇")) \
            and not (n1 == "一" and _RATE_BEFORE.search(text, max(0, m.start() - 16), m.start())):
        return None  # 一个 is an article; 千家万户, 百花 are idioms
    if n1 == "二" and fact_type == "count":
        return None  # two of a thing is 两个, 两轮; 二轮, 二次, 二期 name the second one
    end = m.end()
    if end < len(text) and text[end] == "级":
        return None  # magnitude class: 千亿级
    if fact_type == "duration" and unit in DATE_LIKE_UNITS and not _is_duration(m, text):
        return None
    m1_written, m2_written = m.group("m1") or "", m.group("m2") or ""
    try:
        low = numbers.signed(_compound(n1, m1_written), m.group("s1"))
        high = numbers.signed(_compound(n2, m2_written), m.group("s2")) if n2 else None
    except ValueError:
        return None
    number_start = m.start("s1") if m.group("s1") else m.start("n1")
    if number_start > 0 and text[number_start - 1] in COMPOUND_MEASURES:
        return None  # 1米83: the second part of a compound measure, not a number of its own
    m1 = 1.0 if _inner_magnitude(n1) else MAGNITUDES.get(m1_written, 1.0)
    m2 = 1.0 if n2 and _inner_magnitude(n2) else MAGNITUDES.get(m2_written, 1.0)
    if high is not None and not m1_written:
        m1 = _shared_magnitude(low, high, m2)
    value, value_high = low * m1, (high * m2 if high is not None else None)
    if value_high is not None and value_high < value:
        value, value_high = value_high, value  # 距今10万至1万年: a range written from the far end
    start = m.start() if _pre_ok(m, text) else number_start
    qualifier = _qualifier(m) if start == m.start() else _qualifier_without_pre(m)
    if unit == "内" or (m.group("post") == "内" and fact_type != "duration"):
        return None
    if m.group("post") == "内" and fact_type == "duration" and qualifier == "<=" and n2:
        qualifier = "range"
    if fact_type == "duration" and m.group("pre") == "近" and start == m.start():
        qualifier = "="  # 近5年, 近两个月: the most recent five years, a span, not about five
    return Mention(fact_type, value, value_high, canonical, qualifier, start, end, text[start:end],
                   number_start)


def _inner_magnitude(n: str) -> bool:
    return numbers.is_chinese_numeral(n) and ("万" in n or "亿" in n)


def _compound(n: str, magnitude: str) -> float:
    """The number `n` as written; a Chinese numeral with a magnitude inside (`一亿五千`) is read together
    with the magnitude after it (`一亿五千万` = 1.5e8, not 1.00005e8 * 1e4)."""
    if _inner_magnitude(n):
        return numbers.parse_number(n + magnitude)
    return numbers.parse_number(n)


# How many times larger the upper end of a range may be than its lower end before a reading that makes
# it so is taken for a misreading (see _shared_magnitude).
MAX_RANGE_SPREAD = 1000.0


def _shared_magnitude(low: float, high: float, m2: float) -> float:
    """The magnitude of a range's first end when only the second end writes one (`50-80亿元`).

    The magnitude applies to both ends (`50-80亿元` -> 5e9..8e9), the smaller end becoming `value` and
    the larger `value_high` whichever way the range is written (`80-50亿元` -> 5e9..8e9, not 80..5e9).
    One exception: when the first number is the larger one and reading it without the magnitude gives an
    ascending range within MAX_RANGE_SPREAD (`3000到30万元` -> 3000..3e5, `5000至3万元`), the writer
    spelled the smaller end out in full: ranges are written from the smaller end, and no range spans more
    than three orders of magnitude. `80-50亿元` read that way would run from 80 to 5e9 yuan, so there the
    magnitude is shared.
    """
    if m2 == 1.0 or abs(low) <= abs(high):
        return m2
    unshared_spread = abs(high) * m2 / abs(low)
    return 1.0 if 1.0 <= unshared_spread <= MAX_RANGE_SPREAD else m2


def _qualifier_without_pre(m: re.Match) -> str:
    if m.group("n2"):
        return "range"
    if m.group("post"):
        return POST_QUALIFIERS[m.group("post")]
    if approx := m.group("approx") or m.group("approx1"):
        return APPROX[approx]
    return "="


_FOUR_DIGITS = re.compile(r"\d{4}")
_FOUR_NUMERALS = re.compile(r"[零〇一二三四五六七八九]{4}")


def _is_duration(m: re.Match, text: str) -> bool:
    """年/月/日 after a number write a duration only in 3年内, 近两个月, 未来3年, 100天 shapes."""
    n1, unit = m.group("n1"), m.group("unit")
    digits = numbers.to_halfwidth(n1)
    if unit == "年":
        if _FOUR_DIGITS.fullmatch(digits) or _FOUR_NUMERALS.fullmatch(n1):
            return False  # a year
        after = text[m.end("unit"):m.end("unit") + 1]
        before = text[max(0, m.start() - 2):m.start()]
        return (after in ("内", "来", "间", "后", "以", "左", "多", "的", "时")
                or before.endswith(("未来", "近", "连续", "用", "经过", "过去")))
    if unit == "日":
        return numbers.is_chinese_numeral(n1) and n1 not in ("一",)  # 百日 攻坚; 19日 is a date
    return False  # bare 月 after a number is a month name


def _implicit_ok(m: re.Match, text: str) -> bool:
    if m.end() < len(text) and text[m.end()] == "级":
        return False
    return bool(m.group("pre") or m.group("post"))


def _from_implicit(m: re.Match, g: _Grammar) -> Mention:
    fact_type, canonical = g.units[m.group("unit")]
    qualifier = ">=" if m.group("post") else ">"
    return Mention(fact_type, MAGNITUDES[m.group("m1")], None, canonical, qualifier, m.start(), m.end(),
                   m.group(),
                   m.start("m1"))


def _from_vague(m: re.Match, g: _Grammar) -> Mention:
    """`上万` (a count, no measure word), `上百条`, `上亿元`: at least the magnitude."""
    fact_type, canonical = g.units[m.group("unit")] if m.group("unit") else ("count", None)
    return Mention(fact_type, VAGUE_MAGNITUDES[m.group("m1")], None, canonical, ">=", m.start(), m.end(),
                   m.group(), m.start("m1"))


def _from_ratio(m: re.Match, text: str) -> Mention | None:
    """A ratio of two terms (`2.1∶1左右`, `师生比1∶15.77`): a quantity a/b, unit `ratio`. A ratio of three or
    more terms (`4.0∶37.7∶58.3`, shares of a whole) is not one number. A colon (`:`, `：`) writes a ratio only
    after 比 (`比分3:1`, not the time 10:30); the ratio sign `∶` always does."""
    a, b = float(m.group("a")), float(m.group("b"))
    if not b or (m.group("sep") != "∶" and "比" not in text[max(0, m.start() - 6):m.start()]):
        return None
    qualifier = POST_QUALIFIERS[m.group("post")] if m.group("post") else "="
    return Mention("quantity", round(a / b, 6), None, "ratio", qualifier, m.start(), m.end(), m.group(),
                   m.start())


def _from_tenths(m: re.Match) -> Mention:
    """`四成` = 40%, `七成半` = 75%, with the qualifier written around it (`超四成`, `近九成`)."""
    value = numbers.parse_number(m.group("n1")) * 10 + (5 if m.group("half") else 0)
    return Mention("percent", value, None, "%", _qualifier(m), m.start(), m.end(), m.group(), m.start("n1"))


def _from_fraction(m: re.Match) -> Mention | None:
    """`三分之一` = 33.3333%; 百分之N is a percent of its own (percent_words)."""
    if m.group("d") == "百":
        return None
    try:
        whole, part = numbers.parse_number(m.group("d")), numbers.parse_number(m.group("n1"))
    except ValueError:
        return None
    if not whole or part > whole:
        return None
    return Mention("percent", round(100 * part / whole, 4), None, "%", _qualifier(m), m.start(), m.end(),
                   m.group(), m.start("d"))


def _from_percent_words(m: re.Match) -> Mention | None:
    """`百分之N`: the whole numeral after 百分之 is the percent (`百分之二万` = 20000, not 2)."""
    try:
        value = numbers.parse_number(m.group("n1"))
    except ValueError:
        return None  # 百分之三五百: not one number
    return Mention("percent", value, None, "%", _qualifier(m), m.start(), m.end(), m.group(), m.start("n1"))


def _from_ordinal(m: re.Match, text: str) -> Mention | None:
    scope, cls = m.group("scope"), m.group("cls")
    if not (scope or cls):
        return None
    if text.startswith(PLAN_NAMES, m.end()):
        return None  # 第十五个五年规划: the name of a plan, not a rank
    try:
        value = numbers.parse_number(m.group("n1"))
    except ValueError:
        return None
    if not value.is_integer():
        return None  # 第8.6代线: a product's generation, part of a name, not a rank
    start = m.start() if scope else m.start()
    return Mention("ordinal", value, None, cls, "=", start, m.end(), m.group(), m.start("n1"))


def _overlaps_any(m: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(m.number_start < b and a < m.end for a, b in spans)


def _without_overlaps(found: list[Mention], original: str) -> list[Mention]:
    """Keep the longest of overlapping mentions; restore the original characters of each mention."""
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[Mention] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f._replace(text=original[f.start:f.end]))
    return kept
