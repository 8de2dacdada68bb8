"""Numeric facts of one sentence: mentions plus their metric, modality, period and region."""

from __future__ import annotations

import hashlib
import re

from pipelines.extract.mentions import Mention, find_mentions
from pipelines.extract.modality import modality
from pipelines.extract.times import TimeMention, find_times, period_phrases
from pipelines.lexicon import Lexicon

_BOUNDARY = "，,；;：:。！？!?、（）()“”\"《》\n"
# Words at the edge of a metric phrase that belong to the sentence, not to the metric.
_LEAD = re.compile(
    r"^(?:其中|同时|并|和|与|及|共|累计|全年|今年|年内|明年|目前|当前|力争|确保|实现|完成|预计|计划|争取|推动|"
    r"加快|新增|已|已经|将|要|使|让|把|对|从|在|以|到|达到|达|为|约|有|是|的)+"
)
_NOUN_LEAD = re.compile(r"^(?:以上|左右|多|余|的)")  # not part of a counted noun
_NOUN_END = re.compile(r"[，。；、]|已|将|要|全部|实现|完成|达到|建成")  # where a counted noun stops
_TAIL = re.compile(r"(?:达到|达|为|约|超过|突破|不少于|近|至|到|共|累计|分别|实现|完成|保持|的)+$")


def fact_id(doc_id: str, start: int, end: int, fact_type: str) -> str:
    return hashlib.sha256(f"{doc_id}:{start}:{end}:{fact_type}".encode()).hexdigest()[:16]


def _clause_before(sentence: str, pos: int, limit: int = 18) -> str:
    """The `limit` characters before `pos`, cut after the last boundary among them (only they are read:
    a boundary further back would not shorten the phrase)."""
    window = max(0, pos - limit)
    for i in range(pos - 1, window - 1, -1):
        if sentence[i] in _BOUNDARY:
            return sentence[i + 1:pos]
    return sentence[window:pos]


def _noun_after(sentence: str, pos: int, limit: int = 14) -> str:
    end = pos
    while end < len(sentence) and end - pos < limit and sentence[end] not in _BOUNDARY:
        if sentence.startswith(("等", "以上", "和", "及", "，"), end) and end > pos:
            break
        end += 1
    return _NOUN_LEAD.sub("", sentence[pos:end])


def metric_of(sentence: str, mention: Mention, regions: list[str]) -> str | None:
    """What the number measures, as written: the counted noun for a count, else the phrase before it."""
    if mention.fact_type in ("count", "ordinal"):
        noun = _noun_after(sentence, mention.end)
        noun = _NOUN_END.split(noun)[0]
        if noun:
            return noun
    if mention.fact_type == "money" and mention.qualifier in (">=", ">"):
        after = sentence[mention.end:mention.end + 4]
        before = sentence[max(0, mention.start - 2):mention.start]
        if after.startswith(("项目", "大项目", "的项目")) or before in ("引进", "新引"):
            return "项目投资门槛"
    phrase = _clause_before(sentence, mention.start)
    for region in regions:
        phrase = phrase.replace(region, "")
    for _, _, words in period_phrases(phrase):
        phrase = phrase.replace(words, "")
    phrase = _TAIL.sub("", _LEAD.sub("", phrase.strip()))
    return phrase or None


def period_of(sentence: str, mention_start: int, own: tuple[int, int] | None = None) -> str | None:
    """The time scope written before the number in its sentence (nearest first), else after it."""
    phrases = [p for p in period_phrases(sentence) if own is None or p[:2] != own]
    before = [p for p in phrases if p[1] <= mention_start]
    if before:
        return before[-1][2]
    return None


def sentence_facts(
    doc_id: str,
    sentence: str,
    offset: int,
    region: str | None,
    region_words: list[str],
    default_modality: str,
    lexicon: Lexicon | None,
    month: int | None = None,
) -> list[dict]:
    """All facts of one sentence starting at `offset` of the document's clean text; `month` (of the issue
    date) dates a day written alone (`16日`)."""
    rows = []
    times: list[TimeMention] = find_times(sentence, month)
    mentions = find_mentions(sentence, lexicon)
    taken = [(t.start, t.end) for t in times]
    for m in mentions:
        if any(m.start < b and a < m.end for a, b in taken) and m.fact_type != "ordinal":
            continue
        rows.append(_row(doc_id, sentence, offset, m.fact_type, m.value, m.value_high, None, None, m.unit,
                         m.qualifier, m.start, m.end, m.text,
                         metric_of(sentence, m, region_words), region, default_modality,
                         period_of(sentence, m.start)))
    for t in times:
        rows.append(_row(doc_id, sentence, offset, t.fact_type, None, None, t.value, t.value_high, None,
                         t.qualifier, t.start, t.end, t.text,
                         metric_of(sentence, _as_mention(t), region_words),
                         region, default_modality, period_of(sentence, t.start, (t.start, t.end))))
    return rows


def _as_mention(t: TimeMention) -> Mention:
    return Mention(t.fact_type, 0.0, None, None, t.qualifier, t.start, t.end, t.text, t.start)


def _row(doc_id, sentence, offset, fact_type, value, value_high, value_text, value_high_text, unit, qualifier,
         start, end, text, metric, region, default_modality, period) -> dict:
    if value_text is None and value is not None:
        value_text = f"{value:g}"
        value_high_text = f"{value_high:g}" if value_high is not None else None
    return {
        "fact_id": fact_id(doc_id, offset + start, offset + end, fact_type),
        "fact_type": fact_type,
        "value": value,
        "value_high": value_high,
        "value_text": value_text,
        "value_high_text": value_high_text,
        "unit": unit,
        "qualifier": qualifier,
        "modality": modality(sentence, start, end, default_modality, fact_type),
        "metric": metric,
        "region": region,
        "period": period,
        "mention": text,
        "sentence": sentence,
        "char_start": offset + start,
        "char_end": offset + end,
    }
