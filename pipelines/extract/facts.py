"""Numeric facts of one sentence: mentions plus their metric, modality, period and region."""

from __future__ import annotations

import hashlib
import re

from pipelines.extract.indicators import clean_metric, indicator_of
from pipelines.extract.mentions import Mention, find_mentions
from pipelines.extract.modality import modality
from pipelines.extract.reference import ReferenceFrame
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
    mentions = _ranges(sentence, find_mentions(sentence, lexicon))
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


_RANGE_DASH = ("-", "—", "–", "－", "~", "～", "至", "到")


def _ranges(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """Two percents joined by a dash are one range (`5%—5.5%`: 5 to 5.5), as `50-80亿元` is."""
    out: list[Mention] = []
    for m in mentions:
        last = out[-1] if out else None
        if (last is not None and m.value < 0 and m.text[:1] in _RANGE_DASH and last.end == m.start
                and last.fact_type == m.fact_type == "percent" and last.value_high is None):
            m = m._replace(value=-m.value, start=m.start + 1, text=m.text[1:])  # 5%-5.5%: not minus 5.5
        if (last is not None and last.fact_type == m.fact_type == "percent" and last.unit == m.unit
                and last.value_high is None and m.value_high is None and last.value < m.value
                and sentence[last.end:m.start] in _RANGE_DASH):
            out[-1] = last._replace(value_high=m.value, qualifier="range", end=m.end,
                                    text=sentence[last.start:m.end])
            continue
        out.append(m)
    return out


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


def annotate(rows: list[dict], sentence: str, offset: int, frame: ReferenceFrame | None,
             lexicon: Lexicon, regions: list[tuple[int, str]] = ()) -> None:
    """Add the indicator (indicators.py) and the reference year and period (reference.py) to the facts of
    one sentence in place (`also_indicators`: further ones the same number states); the metric of an
    indicator is its name as written, any other a clean phrase or null (clean_metric). A number stating an
    indicator keeps the cue's qualifier (控制在 -> <=) and, for a decrease, `direction` -1 (marts.indicators
    makes the value negative); in a paragraph of targets it is a target; its region is one named in its own
    clause (`regions`: text offset and name), else the document's in a work report (not one compared with:
    `高于某地X个百分点，某项增长Y%`)."""
    for row in rows:
        start, end = row["char_start"] - offset, row["char_end"] - offset
        hit = None
        if row["fact_type"] in ("percent", "count", "quantity"):
            hit = indicator_of(sentence, start, end, row["fact_type"], row["unit"], lexicon)
        row["metric"] = hit.name if hit else clean_metric(row["metric"], lexicon)
        row["indicator"] = hit.indicator if hit else None
        row["also_indicators"] = list(hit.also) if hit and hit.also else None  # 甲、乙增长X%: one number, two
        row["measure"] = hit.measure if hit else None
        row["direction"] = (hit.sign if hit else None)
        if hit and hit.qualifier and row["qualifier"] in (None, "="):
            row["qualifier"] = hit.qualifier
        ref = None
        if frame is not None and row["fact_type"] not in ("date", "ordinal"):
            ref = frame.resolve(sentence, start, row["modality"], row["char_start"])
        if hit and frame is not None:
            if frame.in_targets(row["char_start"]):
                row["modality"] = "target"
            if frame.report and frame.doc_year and ref is not None and ref.year is not None:
                # a work report knows no result of its own year yet and states no target for a past one
                row["modality"] = "target" if ref.year >= frame.doc_year else "actual"
            if (hit.steady or hit.qualifier == "<=") and row["modality"] != "target":
                # 稳定在 / 控制在 in a result: a bound held, not the measured value
                row["indicator"] = row["measure"] = row["direction"] = row["also_indicators"] = None
            clause = offset + _clause_begin(sentence, start)
            named = [name for at, name in regions if clause <= at < row["char_start"]]
            if named or frame.report:  # a report is about its region unless the clause names another
                row["region"] = named[-1] if named else (frame.region or row["region"])
        row["ref_year"], row["ref_period"] = (ref.year, ref.period) if ref is not None else (None, None)


def _clause_begin(sentence: str, pos: int) -> int:
    while pos > 0 and sentence[pos - 1] not in "，,；;。：:！？!?":
        pos -= 1
    return pos
