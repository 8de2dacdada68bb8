"""The year a number is about (`ref_year`) and the part of it (`ref_period`), FACTS.md section 5.

In order, for a number in a sentence:
1. a year written before it in its sentence (`2025年`, `到2030年`, a span `2021-2025年`, a five-year plan
   `"十四五"时期` -> 2021-2025), not the base of a comparison (`比2020年`, `比上年`);
2. a relative word before it (`今年`, `去年`, `过去一年`, seeds/lexicon/reference_words.csv) counted from the
   document's year (the year of `pub_date`; none without it);
3. the year in force: set by the last heading or sentence that opens with a year or a relative word
   (`2025年是极不平凡的一年`, `一、2025年工作回顾`, `今年的主要预期目标是`);
4. the document's year by modality: a target is for that year; a result is for the year before in a
   work report (reference_words.csv, kind `report`) and for that year in any other document.
The part of the year: a month range (`1-8月`), a part word (`前三季度`, `上半年`) in the sentence before the
number, else `year`; a span for a five-year plan or a written span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.extract.trie import alternation
from pipelines.lexicon import Lexicon, ReferenceWord

_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:[-—–~至到]\s*((?:19|20)\d{2})\s*)?年")
_MONTHS = re.compile(r"(\d{1,2})\s*[-—–~至到]\s*(\d{1,2})\s*月")
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_OPENING = 12  # a sentence "opens with" a year when it stands within its first characters
_ENUMERATOR = re.compile(r"^[\s（(]*[一二三四五六七八九十\d]{0,3}[、.．)）]?\s*")


@dataclass(frozen=True)
class Reference:
    year: int | None
    period: str | None  # year, 1-8月, 前三季度, 2021-2025


def document_year(pub_date) -> int | None:
    """The year of the document's own date (a date or ISO text), or None."""
    if pub_date is None:
        return None
    m = re.match(r"\s*(\d{4})", str(pub_date))
    return int(m.group(1)) if m else None


@lru_cache(maxsize=4)
def _words(lexicon: Lexicon):
    by_word: dict[str, ReferenceWord] = {w.word: w for w in lexicon.reference_words}
    usable = [w for w, r in by_word.items() if r.kind in ("relative", "part", "plan", "recent")]
    pattern = re.compile(alternation(usable)) if usable else None
    comparison = tuple(w for w, r in by_word.items() if r.kind == "comparison")
    reports = tuple(w for w, r in by_word.items() if r.kind == "report")
    since = tuple(w for w, r in by_word.items() if r.kind == "since")
    listing = [c for c, k in lexicon.indicator_cues.items() if k == "target_list"]
    targets = re.compile(alternation(listing)) if listing else None
    return by_word, pattern, comparison, reports, targets, since


@lru_cache(maxsize=4)
def from_to(lexicon: Lexicon) -> tuple[tuple[str, ...], re.Pattern | None]:
    """The words that open a change from one state to another (由, 从; indicator_cues.csv kind `from`) and
    the pattern of those that close it (转为, 降到; kind `to`)."""
    starts = tuple(c for c, k in lexicon.indicator_cues.items() if k == "from")
    ends = [c for c, k in lexicon.indicator_cues.items() if k == "to"]
    return starts, (re.compile(alternation(ends)) if ends else None)


def left_behind(sentence: str, start: int, end: int, limit: int, lexicon: Lexicon) -> bool:
    """True when sentence[start:end] opens a change (由/从 before it) that a closing word (转为, 降到) after
    it, before `limit`, leaves behind: `由前两年上升X%，转为下降Y%` - the period is X's, not Y's."""
    starts, ends = from_to(lexicon)
    if ends is None or not any(sentence.endswith(w, 0, start) for w in starts):
        return False
    return ends.search(sentence, end, limit) is not None


def is_report(text: str, lexicon: Lexicon, head: int = 300) -> bool:
    """A work report names itself in its first lines."""
    reports = _words(lexicon)[3]
    return any(w in text[:head] for w in reports)


def _compared(sentence: str, pos: int, comparison: tuple[str, ...]) -> bool:
    return any(sentence.endswith(c, 0, pos) for c in comparison)


def _stated(sentence: str, end: int, doc_year: int | None, lexicon: Lexicon,
            opening: bool = False) -> tuple[Reference | None, str | None]:
    """The year written last before `end` in the sentence (or in its opening only), and the part word."""
    by_word, pattern, comparison = _words(lexicon)[:3]
    since = _words(lexicon)[5]
    sentence = sentence.translate(_ASCII_DIGITS)
    limit = min(end, _OPENING + len(_ENUMERATOR.match(sentence).group())) if opening else end
    best: tuple[int, Reference] | None = None
    plan: Reference | None = None  # a five-year plan counts only where no year is written
    part = None
    base = None  # a year compared with (比2020年, 与2000年相比): growth since then spans the years between
    for m in _YEAR.finditer(sentence, 0, limit):
        if left_behind(sentence, m.start(), m.end(), limit, lexicon):
            continue
        if _compared(sentence, m.start(), comparison) or sentence.startswith(since, m.end()):
            base = int(m.group(1)) if not m.group(2) else None
            continue
        first, last = int(m.group(1)), m.group(2)
        ref = Reference(int(last), f"{first}-{last}") if last else Reference(first, None)
        best = (m.start(), ref)
    for m in (pattern.finditer(sentence, 0, limit) if pattern else ()):
        word = by_word[m.group()]
        if _compared(sentence, m.start(), comparison) or \
                left_behind(sentence, m.start(), m.end(), limit, lexicon):
            continue
        if word.kind == "part":
            part = word.period
        elif word.kind == "plan":
            plan = Reference((word.offset or 0) + 4, word.period)
        elif word.kind == "recent" and doc_year is not None:
            if best is None or m.start() > best[0]:
                best = (m.start(), Reference(doc_year - 1, f"{doc_year + (word.offset or 0)}-{doc_year - 1}"))
        elif word.kind == "relative" and doc_year is not None:
            if best is None or m.start() > best[0]:
                best = (m.start(), Reference(doc_year + (word.offset or 0), None))
        elif word.kind == "relative" and (best is None or m.start() > best[0]):
            best = (m.start(), Reference(None, None))
    months = [m for m in _MONTHS.finditer(sentence, 0, limit)
              if not left_behind(sentence, m.start(), m.end(), limit, lexicon)]
    if months:
        part = f"{int(months[-1].group(1))}-{int(months[-1].group(2))}月"
    ref = best[1] if best else plan
    if ref is not None and ref.year is not None and ref.period is None and base and ref.year - base > 1:
        ref = Reference(ref.year, f"{base + 1}-{ref.year}")
    return ref, part


class ReferenceFrame:
    """The reference years of one document, read sentence by sentence in text order."""

    def __init__(self, pub_date, text: str, lexicon: Lexicon, region: str | None = None):
        self.lexicon = lexicon
        self.text = text
        self.region = region  # the document's own region
        self.doc_year = document_year(pub_date)
        self.report = is_report(text, lexicon)
        self.in_force: Reference | None = None
        self.span: Reference | None = None  # a span in force (see read)
        self.span_until = -1
        self.targets_until = -1  # the end of a paragraph of targets (主要预期目标是：…)

    def _paragraph_end(self, start: int) -> int:
        end = self.text.find("\n", start)
        return len(self.text) if end < 0 else end

    def read(self, sentence: str, start: int = 0, is_heading: bool = False) -> None:
        """Update the year in force from a heading or a sentence that opens with a year; a sentence that
        announces targets (indicator_cues.csv, kind target_list) makes its paragraph targets, for the year
        it names (the document's year when it names none)."""
        listing = _words(self.lexicon)[4]
        at = listing.search(sentence) if listing else None
        if at:
            self.targets_until = self._paragraph_end(start)
        limit = at.start() if at else len(sentence)
        ref, _ = _stated(sentence, limit, self.doc_year, self.lexicon, opening=not (is_heading or at))
        if at and ref is None and self.doc_year is not None:
            ref = Reference(self.doc_year, None)
        if ref is None:
            return
        if ref.period and "-" in ref.period and not ref.period.endswith("月"):
            # a work report's review of five years (`五年来，…`) goes on over the paragraphs after it until a
            # year is set; elsewhere a span holds to the end of its paragraph
            self.span = ref
            self.span_until = len(self.text) if self.report else self._paragraph_end(start)
        elif ref.year is not None:
            self.in_force, self.span_until = ref, -1
        else:  # a relative word without the document's year: nothing is known
            self.in_force, self.span_until = None, -1

    def in_targets(self, position: int) -> bool:
        return position < self.targets_until

    def resolve(self, sentence: str, start: int, modality: str | None, position: int = 0) -> Reference:
        """The reference of the number starting at `start` of `sentence` (at `position` of the text)."""
        ref, part = _stated(sentence, start, self.doc_year, self.lexicon)
        if ref is None and self.span is not None and position < self.span_until:
            ref = self.span
        if ref is None:
            ref = self.in_force
        if ref is None and self.doc_year is not None:
            past = modality != "target" and self.report
            ref = Reference(self.doc_year - 1 if past else self.doc_year, None)
        if ref is None:
            return Reference(None, part)
        return Reference(ref.year, ref.period or part or ("year" if ref.year is not None else None))
