"""Which headline indicator a number states (FACTS.md section 5), from seeds/lexicon/indicators.csv.

The nearest indicator name before the number in its clause decides (longest name first, so
`城镇居民收入`, listed as not an indicator, is not read as `居民人均可支配收入`). When the
clause before the number holds only words that say how growth is reported (`比上年增长`, from
indicator_cues.csv), the name may stand in the clause just before (`国内生产总值…万亿元，比上年增长10.7%`).
The number must fit the indicator's measure (a percent for a growth or a rate, a count of persons for jobs,
a quantity for grain). A cue of kind `not_headline` between the name and the number (年均, 累计, 占, 百分点)
means the number is something else. A `decrease` cue there (下降) makes the value negative; `at_most`
before (控制在) or `at_least` after (或者更多) sets a qualifier where the mention has none. A number a change
starts from (`从X%降到Y%`, `由X%转为…`: kinds `from` and `to`) is a base, not a statement; a change of a level
(`增产X吨`) is not the level. Where no name is written in the clause, a short name of
indicator_ellipses.csv at its head (after a year or period word only) stands for the indicator when the
sentence named its subject before (`粮食播种面积X亩、总产量Y吨`), or alone for a short name without one.
Names joined only by a word of indicator_coordinators.csv (`甲、乙增长X%`, `甲和乙均增长X%`) share the number:
it states each of them of the same measure (`also`), unless it is one of a list of numbers (`分别增长X%、Y%`).
In a list of numbers after a respective word (`甲、乙分别增长X%、Y%`, `甲X亿元，乙Y亿元，分别增长…`) the
names take the numbers in order when the counts agree, and a number gets no indicator otherwise.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from typing import NamedTuple

from pipelines.extract.reference import from_to
from pipelines.extract.trie import alternation
from pipelines.lexicon import LEXICON_DIR, Indicator, Lexicon

_CLAUSE_END = "，,；;。！？!?：:、（）()\n"
_PHRASE_END = _CLAUSE_END.replace("、", "")  # 对东盟、欧盟进出口: the partner words reach over 、
_COMMA = "，,；;。！？!?\n"
_STOP = "；;。！？!?\n"  # the name never stands beyond these
_MAX_GAP = 16  # characters between the end of the name and the number


class IndicatorHit(NamedTuple):
    indicator: str
    measure: str | None
    sign: int  # -1 when a decrease is written between the name and the number
    qualifier: str | None  # the qualifier a cue implies, or None to keep the mention's
    steady: bool = False  # 稳定在: a floor held over years, a statement only as a target
    name: str = ""  # the indicator's name as written
    also: tuple[str, ...] = ()  # further indicators the same number states (甲、乙增长X%), as written


class _Rules(NamedTuple):
    by_name: dict[str, Indicator]
    names: re.Pattern | None
    cue: dict[str, re.Pattern | None]  # kind -> the cues of that kind (indicator_cues.csv)
    growth_only: re.Pattern
    not_from: tuple[str, ...]  # words that hold a from-cue but open no change (由于, 从严)
    growth_lead: re.Pattern  # the reporting words opening a clause (达到, 比上年增长), maybe none
    short: re.Pattern | None  # the short names of indicator_ellipses.csv
    ellipses: dict[str, list[tuple[Indicator, tuple[str, ...]]]]  # short name -> (indicator, subject words)
    lead: re.Pattern  # what may stand before a short name at its clause's head: a year, a period word
    coordinators: frozenset[str]  # words that join two names sharing a number (indicator_coordinators.csv)
    listed: re.Pattern | None  # a number followed by another joined to it (X%、Y%): a list, not shared
    respective: re.Pattern | None  # 分别: names take the numbers after it in order (kind respective)
    joins: re.Pattern | None  # the coordinators, to split a list of names or of numbers into its items
    list_verbs: re.Pattern  # all a respective list may hold before its numbers: reporting words, bounds


@lru_cache(maxsize=4)
def _rules(lexicon: Lexicon) -> _Rules:
    by_name: dict[str, Indicator] = {}
    for ind in lexicon.indicators:
        for name in ind.names:
            by_name.setdefault(name, ind)
    kinds: dict[str, list[str]] = {}
    for cue, kind in lexicon.indicator_cues.items():
        kinds.setdefault(kind, []).append(cue)
    cue = {kind: re.compile(alternation(words)) for kind, words in kinds.items()}
    growth = [c for kind in ("growth_word", "decrease", "to", "linking", "increment")
              for c in kinds.get(kind, [])]
    growth_only = re.compile(f"^(?:{alternation(growth)})*$") if growth else re.compile("^$")
    growth_lead = re.compile(f"(?:{alternation(growth)})*") if growth else re.compile("")
    verbs = growth + [c for kind in ("at_most", "steady") for c in kinds.get(kind, [])]
    by_id = {ind.id: ind for ind in lexicon.indicators if ind.id}
    ellipses: dict[str, list[tuple[Indicator, tuple[str, ...]]]] = {}
    for row in _ellipsis_rows():
        if row[0] in by_id:
            for short in row[1]:
                ellipses.setdefault(short, []).append((by_id[row[0]], row[2]))
    periods = [w.word for w in lexicon.reference_words if w.kind in ("relative", "part")]
    year = r"(?:19|20)\d{2}年"
    lead = re.compile(rf"(?:{year}|{alternation(periods)})*" if periods else rf"(?:{year})*")
    coordinators = frozenset(_coordinator_words("join"))
    respective = _coordinator_words("respective")
    listed = None
    if coordinators:
        digit, joined = r"[\d０-９]", alternation(coordinators)
        listed = re.compile(rf"[^\d０-９{re.escape(_CLAUSE_END)}]{{0,3}}(?:{joined})\s*{digit}")
    return _Rules(by_name, re.compile(alternation(by_name)) if by_name else None, cue, growth_only,
                  tuple(kinds.get("not_from", [])), growth_lead,
                  re.compile(alternation(ellipses)) if ellipses else None, ellipses, lead,
                  coordinators, listed, re.compile(alternation(respective)) if respective else None,
                  re.compile(alternation(coordinators)) if coordinators else None,
                  re.compile(f"^(?:{alternation(verbs)})*$") if verbs else re.compile("^$"))


def _coordinator_words(kind: str) -> list[str]:
    """indicator_coordinators.csv: the words of one kind, `join` (joining indicator names that share one
    number; the default) or `respective` (分别: the names take the numbers after it in order)."""
    path = LEXICON_DIR / "indicator_coordinators.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [r["word"].strip() for r in csv.DictReader(fh)
                if (r.get("word") or "").strip() and ((r.get("kind") or "").strip() or "join") == kind]


def _ellipsis_rows() -> list[tuple[str, list[str], tuple[str, ...]]]:
    """indicator_ellipses.csv: (indicator id, its short names, the subject words one of which must stand
    before; none for a short name that stands alone)."""
    path = LEXICON_DIR / "indicator_ellipses.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["indicator"], _split(r["short"]), tuple(_split(r.get("heads") or "")))
                for r in csv.DictReader(fh) if r.get("indicator") and r.get("short")]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _ellipsis(sentence: str, clause: int, start: int, rules: _Rules) -> tuple[re.Match, Indicator] | None:
    """A short name at the head of the clause (`全年投资增长X%`, `总产量Y吨`) and the indicator it stands
    for: one whose subject the sentence names before it, or one that needs none."""
    if rules.short is None:
        return None
    head = rules.lead.match(sentence, clause, start).end()
    m = rules.short.match(sentence, head, start)
    if m is None or not rules.growth_only.match(sentence[m.end():start].strip()):
        return None  # 投资完成率: the short name is part of another noun
    stop = max((sentence.rfind(c, 0, clause) for c in _STOP), default=-1) + 1
    for ind, subjects in rules.ellipses[m.group()]:
        if not subjects or any(sentence.find(w, stop, clause) >= 0 for w in subjects):
            return m, ind
    return None


def _fits(ind: Indicator, fact_type: str, unit: str | None) -> bool:
    if fact_type not in ind.fact_types:
        return False
    if fact_type == "percent":
        return unit == "%"
    if ind.unit:
        return unit == ind.unit
    return True


def _names(names: re.Pattern, sentence: str, start: int, end: int) -> list[re.Match]:
    """Indicator names in sentence[start:end]; a Latin name (M2, GDP) not inside a longer one (PM2.5)."""
    found = []
    for m in names.finditer(sentence, start, end):
        word = m.group()
        if word.isascii() and (_latin(sentence, m.start() - 1) or _latin(sentence, m.end())):
            continue
        found.append(m)
    return found


_AMOUNT = re.compile(r"[\d０-９.．]+[万亿千百]*[^\d，,；;。]{0,3}")  # 12.3万亿元: an amount, no name


def _name_before(names: re.Pattern, sentence: str, clause: int, growth_lead: re.Pattern,
                 reach: int = 4) -> list[re.Match]:
    """The names of the clause before `clause` (`国内生产总值X万亿元，比上年增长Y%`), skipping
    back over clauses that are only an amount, reporting words before it allowed (`进出口总值…、达到X亿元、
    增长Y%`, `某项由上年分别增长X%、Y%、Z%，转为下降W%`), at most `reach`."""
    for _ in range(reach):
        if clause <= 0 or sentence[clause - 1] in _STOP:
            return []
        before = _clause_start(sentence, clause - 1)
        found = _names(names, sentence, before, clause - 1)
        words = sentence[before:clause - 1]
        if found or not _AMOUNT.fullmatch(words[growth_lead.match(words).end():]):
            return found
        clause = before
    return []


def _coordinated(sentence: str, name: re.Match, start: int, end: int, rules: _Rules) -> list[re.Match]:
    """The names joined to `name` before it by nothing but a coordinator (甲、乙和丙), first written first,
    when the number at [start, end) is shared: no number stands between the name and it, and no number is
    joined to it after (分别增长X%、Y%: one number for each name)."""
    if not rules.coordinators or re.search(r"[\d０-９]", sentence[name.end():start]):
        return []
    if rules.listed is not None and rules.listed.match(sentence, end):
        return []
    chain: list[re.Match] = []
    at = name.start()
    for m in reversed(_names(rules.names, sentence, _clause_start(sentence, at, _PHRASE_END), at)):
        if sentence[m.end():at] not in rules.coordinators:
            break
        chain.insert(0, m)
        at = m.start()
    return chain


def _inside_word(sentence: str, i: int, words: tuple[str, ...]) -> bool:
    """True when one of `words` written in the sentence covers position i."""
    return any(sentence.startswith(w, j) for w in words for j in range(max(0, i - len(w) + 1), i + 1))


def _left_from(sentence: str, clause: int, start: int, end: int, rules: _Rules, lexicon: Lexicon) -> bool:
    """True when the number at [start, end) is where a change starts: a from-cue (由, 从) before it in its
    clause with no closing word (降到, 转为) between, and a closing word after it in the sentence."""
    starts, ends = from_to(lexicon)
    if ends is None:
        return False
    opened = -1
    for i in range(clause, start):
        if sentence.startswith(starts, i) and not _inside_word(sentence, i, rules.not_from):
            opened = i
    if opened < 0 or ends.search(sentence, opened, start):
        return False
    stop = next((i for i in range(end, len(sentence)) if sentence[i] in _STOP), len(sentence))
    return ends.search(sentence, end, stop) is not None


def _latin(sentence: str, i: int) -> bool:
    return 0 <= i < len(sentence) and sentence[i].isascii() and (sentence[i].isalnum() or sentence[i] == ".")


def _clause_start(sentence: str, pos: int, ends: str = _CLAUSE_END) -> int:
    i = pos
    while i > 0 and sentence[i - 1] not in ends:
        i -= 1
    return i


class _Name(NamedTuple):
    """A name of a respective list: where it is written, and the lexicon's name it stands for (`城镇` of
    `城镇、农村居民收入` stands for 城镇居民收入)."""
    start: int
    end: int
    text: str


class _Listed(NamedTuple):
    """A number's place in a respective list (甲、乙分别增长X%、Y%)."""
    name: _Name | None  # the name in the number's place; None when the counts differ or no name is there
    lead: int  # where the words before the first name start: they apply to every name
    first: int  # where the first name starts
    near: str  # the words between the names and the number that apply to it: the shared ones and its own


def _items(sentence: str, a: int, b: int, rules: _Rules, keep: list[re.Match] = ()) -> list[tuple[int, int]]:
    """sentence[a:b] split at the coordinators, never inside a name of `keep` (货物和服务进出口)."""
    spans, at = [], a
    for m in rules.joins.finditer(sentence, a, b) if rules.joins is not None else ():
        if not any(k.start() <= m.start() < k.end() for k in keep):
            spans.append((at, m.start()))
            at = m.end()
    spans.append((at, b))
    return spans


def _lead_only(words: str, rules: _Rules) -> bool:
    return rules.lead.fullmatch(words.strip()) is not None


def _composed(sentence: str, a: int, b: int, last: re.Match, rules: _Rules) -> _Name | None:
    """A qualifier sharing the head noun of the last name (`城镇、农村居民收入`): the lexicon's name
    it makes with the longest tail of that name, or None."""
    written = sentence[a:b].strip()
    text = last.group()
    for k in range(1, len(text) - 1) if written else ():
        if written + text[k:] in rules.by_name:
            return _Name(a, b, written + text[k:])
    return None


def _same_clause(sentence: str, items: list[tuple[int, int]], found: list[re.Match],
                 rules: _Rules) -> list[_Name | None]:
    """The names of `甲、乙分别` (its items), in order: a name ending its item, or the last item's name
    before the words all share (年均, 比上年); after the first, only a year or a period word may stand
    before a name (外资企业进出口 is a narrower trade); an item of no name shares the last item's head noun
    where that makes a name of the lexicon (`城镇、农村居民收入`)."""
    owned = [[m for m in found if a <= m.start() < b] for a, b in items]
    last = owned[-1][-1] if owned[-1] else None
    names: list[_Name | None] = []
    for i, ((a, b), inside) in enumerate(zip(items, owned, strict=True)):
        m = inside[-1] if inside else None
        if m is None:
            names.append(_composed(sentence, a, b, last, rules) if last is not None else None)
        elif (m.end() == b or i == len(items) - 1) and (i == 0 or _lead_only(sentence[a:m.start()], rules)):
            names.append(_Name(m.start(), m.end(), m.group()))
        else:
            names.append(None)
    return names


def _amount_item(sentence: str, a: int, b: int, rules: _Rules) -> tuple[bool, _Name | None]:
    """Whether sentence[a:b] is a name and its amount (`甲X亿元`), and the name when only a year or a
    period word stands before it."""
    found = _names(rules.names, sentence, a, b)
    if not found:
        return False, None
    rest = sentence[found[-1].end():b]
    if not _AMOUNT.fullmatch(rest[rules.growth_lead.match(rest).end():].strip()):
        return False, None
    m = found[-1]
    return True, (_Name(m.start(), m.end(), m.group()) if _lead_only(sentence[a:m.start()], rules) else None)


def _clauses_before(sentence: str, at: int, count: int, rules: _Rules) -> list[_Name | None]:
    """The names of `甲X亿元，乙Y亿元，分别增长A%、B%`: the items of a name and its amount just before,
    exactly `count` of them (one more would leave the list unclear)."""
    names: list[_Name | None] = []
    while len(names) <= count and at > 0 and sentence[at - 1] not in _STOP:
        a = _clause_start(sentence, at - 1)
        is_item, name = _amount_item(sentence, a, at - 1, rules)
        if not is_item:
            break
        names.insert(0, name)
        at = a
    return names


def _respective(sentence: str, start: int, rules: _Rules) -> _Listed | None:
    """The number's place in a list of numbers after a respective word in its clause (`甲、乙分别增长X%、
    Y%`, `甲X亿元，乙Y亿元，分别增长A%、B%`), or None when it is in none. The names take the numbers in
    order when there are as many of each; otherwise the number gets no name."""
    if rules.respective is None or rules.names is None:
        return None
    own = _clause_start(sentence, start, _PHRASE_END)  # 分别是：…: a colon ends the list
    words = list(rules.respective.finditer(sentence, own, start))
    if not words:
        return None
    word = words[-1]
    stop = next((i for i in range(start, len(sentence)) if sentence[i] in _PHRASE_END), len(sentence))
    numbers = _items(sentence, word.end(), stop, rules)
    index = next((i for i, (a, b) in enumerate(numbers) if a <= start < b), -1)
    if len(numbers) < 2 or index < 0:
        return None  # 甲、乙分别增长X%: one number for every name (also)
    lead = _clause_start(sentence, word.start(), _PHRASE_END)
    found = _names(rules.names, sentence, lead, word.start())
    if found:
        items = _items(sentence, lead, word.start(), rules, found)
        names = _same_clause(sentence, items, found, rules)
        in_last = [m for m in found if m.start() >= items[-1][0]]
        shared = in_last[-1].end() if in_last else word.start()  # 甲、乙年均分别: 年均 is every name's
    else:
        shared = lead
        names = _clauses_before(sentence, lead, len(numbers), rules) \
            if rules.growth_only.match(sentence[lead:word.start()].strip()) else []
    if len(names) != len(numbers):
        return _Listed(None, lead, lead, "")
    digit = re.search(r"[\d０-９]", sentence[numbers[0][0]:numbers[0][1]])
    verbs = numbers[0][0] + (digit.start() if digit else 0)  # 分别增长X%: the verbs of every number
    near = sentence[shared:word.start()] + sentence[word.end():verbs]
    if index:
        near += sentence[numbers[index][0]:start]
    if not rules.list_verbs.match(near.strip()):
        return _Listed(None, lead, lead, "")  # 分别为全国平均的X%, 分别比某年增长X%: not the year's value
    first = next((n.start for n in names if n is not None), lead) if found else lead
    return _Listed(names[index], lead, first, near)


def indicator_of(sentence: str, start: int, end: int, fact_type: str, unit: str | None,
                 lexicon: Lexicon) -> IndicatorHit | None:
    """The headline indicator the number at [start, end) of `sentence` states, or None."""
    rules = _rules(lexicon)
    by_name, names, growth_only = rules.by_name, rules.names, rules.growth_only
    not_headline = rules.cue.get("not_headline")
    if names is None or fact_type not in ("percent", "count", "quantity"):
        return None
    listed = _respective(sentence, start, rules)
    if listed is not None:
        if listed.name is None:
            return None  # counts differ, or a name of no indicator in the number's place: no guess
        ind = by_name[listed.name.text]
        if ind.id is None or not _fits(ind, fact_type, unit):
            return None
        before = sentence[listed.lead:listed.first]  # 全年甲、乙: the words before the first name: all
        return _judged(sentence, start, end, ind, listed.name.text, before, listed.near, listed.near,
                       sentence[listed.lead:listed.first], (), rules, lexicon)
    clause = _clause_start(sentence, start)
    found = _names(names, sentence, clause, start)
    short = _ellipsis(sentence, clause, start, rules)
    if short is not None and found and found[-1].end() > short[0].end():
        short = None  # a name written after the short one decides
    if short is not None:
        found = []
    if not found and short is None and growth_only.match(sentence[clause:start].strip()):
        found = _name_before(names, sentence, clause, rules.growth_lead)
    if not found and short is None:
        return None
    name, ind = short if short is not None else (found[-1], by_name[found[-1].group()])
    if ind.id is None or not _fits(ind, fact_type, unit):
        return None
    gap = sentence[name.end():start]
    if name.end() > clause and len(gap) > _MAX_GAP:
        return None
    chain = _coordinated(sentence, name, start, end, rules) if short is None else []
    first = chain[0].start() if chain else name.start()  # 甲与乙: the coordinator is no narrower cue
    phrase = _clause_start(sentence, first, _PHRASE_END)
    # 进出口在某类贸易下降X%的情况下增长Y%: X is another noun's; after a number only the rest counts
    tail = re.split(r"\d", gap)[-1] if name.end() > clause else ""
    also = []
    for m in chain:
        other = by_name[m.group()]
        if (other.id and other.id != ind.id and other.id not in also and other.measure == ind.measure
                and _fits(other, fact_type, unit)
                and not (not_headline and not_headline.search(sentence, _clause_start(sentence, m.start()),
                                                               m.start()))):
            also.append(other.id)
    return _judged(sentence, start, end, ind, name.group(),
                   sentence[_clause_start(sentence, name.start()):name.start()], gap,
                   sentence[max(clause, name.end()):start], sentence[phrase:first] + "\0" + tail,
                   tuple(also), rules, lexicon)


def _judged(sentence: str, start: int, end: int, ind: Indicator, written: str, before: str,
            between: str, near: str, narrow: str, also: tuple[str, ...], rules: _Rules,
            lexicon: Lexicon) -> IndicatorHit | None:
    """The hit of `ind` for the number at [start, end), or None when a cue says it is something else:
    `before` the words before the name in its clause, `between` those from the name to the number, `near`
    those whose verbs apply to the number, `narrow` where a narrower_before cue makes a narrower noun."""
    cue = rules.cue
    not_headline, decrease, growth = cue.get("not_headline"), cue.get("decrease"), cue.get("growth_word")
    at_most, at_least, quoted = cue.get("at_most"), cue.get("at_least"), cue.get("quoted")
    narrower, steady = cue.get("narrower_before"), cue.get("steady")
    if not_headline and (not_headline.search(before) or not_headline.search(between)
                         or not_headline.match(sentence, end)):  # 年均, 占; 3个百分点
        return None
    if quoted and quoted.search(sentence, 0, start):
        return None
    # 扣除…后，固定资产投资增长X%: an excluding cue in this clause or the one before
    excluding = cue.get("excluding")
    own = _clause_start(sentence, start, _COMMA)
    if excluding and excluding.search(sentence, _clause_start(sentence, max(own - 1, 0), _COMMA), start):
        return None
    if narrower and narrower.search(narrow):
        return None
    if _left_from(sentence, _clause_start(sentence, start, _COMMA), start, end, rules, lexicon):
        return None  # 从X%降到Y%: X is where the change starts
    to = cue.get("to")
    if to:  # 下降到 closes a change to a level: not a decrease
        near = to.sub(lambda m: " " * len(m.group()), near)
    if ind.measure in ("rate", "ratio") and decrease and decrease.search(near):
        return None  # 失业率下降0.2%: a change of the rate, not the rate
    increment = cue.get("increment")
    if ind.measure == "level" and any(p and p.search(near) for p in (increment, growth, decrease)):
        return None  # 产量增产X吨: a change of the level, not the level
    sign = 1
    if decrease:  # the verb nearest the number decides: 在…下降的情况下增长Y% is a rise
        downs = [m.end() for m in decrease.finditer(near)]
        ups = [m.end() for m in growth.finditer(near)] if growth else []
        if downs and (not ups or max(downs) >= max(ups)):
            sign = -1
    qualifier = None
    if at_most and at_most.search(near):
        qualifier = "<="
    elif at_least and at_least.match(sentence, end):
        qualifier = ">="
    held = bool(steady and steady.search(near))
    return IndicatorHit(ind.id, ind.measure, sign, qualifier, held, written, also)


def signed(value: float | None, value_high: float | None, qualifier: str | None, hit: IndicatorHit):
    """The indicator's value, high end and qualifier: a decrease is negative, its bounds turn round
    (下降3%以上 -> -3 with <=)."""
    q = qualifier if hit.qualifier is None or qualifier not in (None, "=") else hit.qualifier
    if hit.sign > 0 or value is None:
        return value, value_high, q
    flip = {">=": "<=", ">": "<", "<=": ">=", "<": ">"}
    if value_high is not None:
        return -value_high, -value, q
    return -value, None, flip.get(q, q)


_EDGES = "—–-－“”\"'‘’《》（）()【】 \u3000·•、，,：:"


def clean_metric(metric: str | None, lexicon: Lexicon) -> str | None:
    """A metric without dashes and quotes at its edges, and null when nothing but reporting words (增长,
    比上年增加, 年均, 连续) or comparison words (高于, 会议上) is left: a fragment says nothing."""
    if metric is None:
        return None
    metric = metric.strip(_EDGES)
    rules = _rules(lexicon)
    rest = metric
    for kind in ("growth_word", "linking", "to", "increment", "decrease", "not_metric", "not_headline"):
        pattern = rules.cue.get(kind)
        if pattern is not None:
            rest = pattern.sub("", rest)
    rest = rest.strip(_EDGES)
    return metric if rest else None
