"""Target or actual: is a number promised/planned, or done/measured?

Cue words live in seeds/lexicon/modality_cues.csv, each of one kind:
- plan (力争, 确保, 要, 将, 年内): what follows is promised -> target;
- past (已, 截至, 今年以来, 同比, 了): what follows was measured -> actual;
- stock (共有, 现有) and ongoing (推进, 加快建设, 滚动实施): the number describes a list that
  already exists (`加快建设…等12个重点工业项目`) -> actual;
- achieve (新增, 引进, 建成, 增长, 达到): the number is something to reach or reached; the
  plan or past cue that governs the verb decides, else the section;
- noun: phrases that contain a cue but are nouns (`计划总投资`, `年度计划`, `要素`), masked out.

The nearest cue before the number in its clause decides; without one, the nearest plan or past
cue earlier in the sentence; without one, the section's default (target under a heading such as
`下一阶段工作安排`, actual elsewhere). A number followed by `的目标` is a target; a money amount
followed by `的` after `投资` (`总投资300亿元的40个项目`) describes an existing list -> actual.
"""

from __future__ import annotations

import bisect
import csv
import re
from functools import lru_cache
from typing import NamedTuple

from pipelines.extract.gate import Gated
from pipelines.extract.trie import alternation
from pipelines.lexicon import LEXICON_DIR

TARGET, ACTUAL = "target", "actual"
_CLAUSE = "，,；;：:。！？!?"
# Gated (gate.py): a target year holds 年; a past period ends in 月 (a month range) or 月, 日 or 底 (截至…).
_TARGET_YEAR = Gated(re.compile(r"到20\d{2}年|20\d{2}年(?:前|底前)"), ("年",))
_PAST_PERIOD = Gated(re.compile(r"\d{1,2}\s*[-—–至到]\s*\d{1,2}\s*月|截至\S{0,8}?[月日底]"),
                     ("月", "日", "底"))
_GOAL_AFTER = re.compile(r"^[^，。；,;]{0,30}?目标(?!任务)")
_AFTER_STOCK_MONEY = re.compile(r"投资[^，。；,;]{0,12}元的$")
_STOCK_MONEY = re.compile(r"投资$")
_LISTED_COUNT = re.compile(r"等[^，。；,;]{0,3}$")
# The longest text the two patterns anchored at the end can match: searched in that tail, not the prefix.
_AFTER_STOCK_MONEY_CHARS, _LISTED_COUNT_CHARS = 16, 4


class Cue(NamedTuple):  # a tuple: cheaper to build than a frozen dataclass
    start: int
    end: int
    kind: str


@lru_cache(maxsize=1)
def cues() -> dict[str, str]:
    with (LEXICON_DIR / "modality_cues.csv").open(encoding="utf-8") as fh:
        return {row["cue"]: row["kind"] for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern:
    return re.compile(alternation(cues()))


def _scans(text: str, offset: int = 0) -> tuple[list[Cue], list[Cue], list[Cue]]:
    """The matches of each cue pattern in `text` (nouns kept: they take their place in the scan), in order,
    offsets shifted by `offset`."""
    kinds = cues()
    return ([Cue(m.start() + offset, m.end() + offset, kinds[m.group()])
             for m in _cue_pattern().finditer(text)],
            [Cue(m.start() + offset, m.end() + offset, "plan") for m in _TARGET_YEAR.finditer(text)],
            [Cue(m.start() + offset, m.end() + offset, "past") for m in _PAST_PERIOD.finditer(text)])


def _merged(scans) -> list[Cue]:
    return sorted((c for scan in scans for c in scan if c.kind != "noun"), key=lambda c: c.start)


def find_cues(text: str) -> list[Cue]:
    """Cue words of `text`, longest first, nouns dropped; plus target years and past periods."""
    return _merged(_scans(text))


@lru_cache(maxsize=16)
def _sentence_scans(sentence: str) -> tuple[tuple[list[Cue], list[int]], ...]:
    return tuple((scan, [c.end for c in scan]) for scan in _scans(sentence))


def cues_before(sentence: str, start: int) -> list[Cue]:
    """`find_cues(sentence[:start])`, from one scan of the sentence shared by all its numbers, so a sentence
    of n numbers costs one scan, not n scans of ever longer prefixes.

    Exact: a scan of the prefix finds the same matches as the scan of the sentence up to the first match
    of the sentence that reaches past `start` (the patterns have no lookahead or end anchor, so a match
    inside the prefix is a match in the sentence, and the sentence's earlier attempts that failed fail in
    the prefix too); from that match's start on, the prefix is scanned again (a few characters)."""
    out = []
    for which, (scan, ends) in enumerate(_sentence_scans(sentence)):
        k = bisect.bisect_right(ends, start)  # matches end in order: those ending inside the prefix
        out.append(scan[:k])
        if k < len(scan) and scan[k].start < start:
            out.append(_scans(sentence[scan[k].start:start], scan[k].start)[which])
    return _merged(out)


PLAN_HEADINGS = ("安排", "下一步", "任务", "打算", "目标", "计划", "思路")


def section_default(heading: str, plan_headings: tuple[str, ...] = PLAN_HEADINGS) -> str:
    """The default modality of the text under a heading: target under a plan heading."""
    return TARGET if any(w in heading for w in plan_headings) else ACTUAL


def modality(sentence: str, start: int, end: int | None = None, default: str = ACTUAL,
             fact_type: str | None = None) -> str:
    """target or actual for the mention at sentence[start:end]."""
    end = start if end is None else end
    after = sentence[end:end + 32]
    if _GOAL_AFTER.match(after):
        return TARGET
    if fact_type in ("date", "period"):
        if sentence[start:end].endswith("前"):
            return TARGET  # a deadline: 6月底前, 年底前
        clause_end = min([i for i in (sentence.find(c, end) for c in _CLAUSE) if i >= 0] or [len(sentence)])
        later = [c for c in find_cues(sentence[end:clause_end]) if c.kind in ("plan", "past")]
        if later:  # 四季度再完成…: the verb after a time phrase governs it
            return TARGET if later[0].kind == "plan" else ACTUAL
    before = sentence[:start]
    if (fact_type == "money" and after.startswith("的")
            and _STOCK_MONEY.search(before[-6:].rstrip("超过约近达"))):
        return ACTUAL  # 总投资300亿元的40个项目: the size of an existing list
    if _AFTER_STOCK_MONEY.search(before[-_AFTER_STOCK_MONEY_CHARS:]):
        return ACTUAL  # the 40个 of 总投资300亿元的40个项目
    found = cues_before(sentence, start)
    clause_start = max(before.rfind(c) for c in _CLAUSE) + 1
    in_clause = [c for c in found if c.start >= clause_start]
    listed = before.endswith("等") or (fact_type == "count"
                                        and _LISTED_COUNT.search(before[-_LISTED_COUNT_CHARS:]))
    if listed and not (in_clause and in_clause[-1].kind == "achieve"):
        return ACTUAL  # 加快建设甲科技、乙电子等12个重点工业项目: an existing list
    if in_clause:
        nearest = in_clause[-1]
        if nearest.kind == "plan":
            return TARGET
        if nearest.kind in ("past", "stock", "ongoing"):
            return ACTUAL
        # an achievement verb: whoever governs it decides
        governing = [c for c in found if c.kind in ("plan", "past") and c.start < nearest.start]
        if governing:
            return TARGET if governing[-1].kind == "plan" else ACTUAL
        return default
    governing = [c for c in found if c.kind in ("plan", "past")]
    if governing:
        return TARGET if governing[-1].kind == "plan" else ACTUAL
    return default

