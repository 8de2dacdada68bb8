"""Patterns scanned only in texts that can hold a match.

Python's `re` tries a pattern at every position of a text; a pattern that starts with an optional
group or a lookbehind gets no fast skip to a first character, so each sentence costs a full scan.
Most of those patterns cannot match without some literal (`月` for a date, `季度` for a quarter),
and `literal in text` is a fast substring search: a text without it is not scanned, the matches
of every other text are the same. tests/extract/test_gate.py checks each gate against the ungated
pattern on the seed documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple


class Gated(NamedTuple):
    """A compiled pattern with literals one of which every match of it contains (often just one:
    `Gated(pattern, ("月",))`)."""

    pattern: re.Pattern
    needs: tuple[str, ...]

    def finditer(self, text: str) -> Iterator[re.Match]:
        for literal in self.needs:
            if literal in text:
                return self.pattern.finditer(text)
        return iter(())


def any_of(chars) -> re.Pattern:
    """A one-character class of `chars`, for a test that a text holds at least one of them (a class
    scans fast: `re` skips to its characters)."""
    return re.compile("[" + "".join(sorted(re.escape(c) for c in set(chars))) + "]")
