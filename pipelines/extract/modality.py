"""Target or actual: is a number promised/planned, or done/measured?

The cue words (seeds/lexicon/modality_cues.csv) nearest before the number in its clause
decide; a target cue anywhere earlier in the sentence (力争, 确保, 目标 ...) carries over the
clauses it governs; a period that has already passed (1-8月份, 去年, 截至目前) makes an actual.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from pipelines.lexicon import LEXICON_DIR

# Cues that govern the rest of the sentence once said (力争…, 确保…, 目标是…).
_SENTENCE_TARGET = ("力争", "确保", "目标", "争取", "预计", "计划", "要", "将", "拟")
_PAST_PERIOD = re.compile(r"\d+\s*[-—–至到]\s*\d+月|截至|截止|今年以来|去年|上年|以来|已|累计|同比")


@lru_cache(maxsize=1)
def cues() -> dict[str, str]:
    path = LEXICON_DIR / "modality_cues.csv"
    with path.open(encoding="utf-8") as fh:
        return {row["cue"]: row["modality"] for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern:
    return re.compile("|".join(re.escape(c) for c in sorted(cues(), key=len, reverse=True)))


def modality(sentence: str, mention_start: int, default: str = "actual") -> str:
    """target or actual for the number starting at `mention_start` of `sentence`."""
    before = sentence[:mention_start]
    clause_start = max(before.rfind(c) for c in "，,；;：:") + 1
    clause = before[clause_start:]
    found = [(m.start(), cues()[m.group()]) for m in _cue_pattern().finditer(clause)]
    strong_actual = _PAST_PERIOD.search(clause)
    if found:
        nearest = found[-1][1]
        if nearest == "target" and strong_actual and strong_actual.start() > found[-1][0]:
            return "actual"
        return nearest
    if strong_actual:
        return "actual"
    head = before[:clause_start]
    past = _PAST_PERIOD.search(head)
    target_cues = [head.rfind(c) for c in _SENTENCE_TARGET]
    last_target = max(target_cues) if target_cues else -1
    if last_target >= 0 and not (past and past.start() > last_target):
        return "target"
    if past:
        return "actual"
    return default
