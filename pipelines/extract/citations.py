"""Cited documents: titles in 《》 (laws, plans, opinions, replies) with their offsets."""

from __future__ import annotations

import re

_TITLE = re.compile(r"《([^《》\n]{2,80})》")


def find_citations(text: str) -> list[dict]:
    """One row per 《title》 occurrence: title, mention, char_start, char_end."""
    return [
        {"title": m.group(1).strip(), "mention": m.group(0), "char_start": m.start(), "char_end": m.end()}
        for m in _TITLE.finditer(text)
    ]
