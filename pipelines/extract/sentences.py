"""Sentence spans of cleaned text: split after 。！？； and at line ends, closing quotes kept."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at terminal punctuation (plus any closing quotes/brackets) or at a newline.
_END = re.compile(r"[。！？!?；;…]+[”’」』）)]*|\n")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into `text`; whitespace-only pieces are skipped."""
    out: list[Sentence] = []
    pos = 0
    for m in _END.finditer(text):
        _add(out, text, pos, m.end() if m.group() != "\n" else m.start())
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), start, end, text[start:end]))
