"""A word list as one regex in trie form: `市(?:委(?:书记|常委)|长)` instead of `市委书记|市委常委|市长`.

Python's `re` tries the branches of an alternation one by one at every position, so a pattern built
from a lexicon of 70 titles or 170 region aliases costs 70 or 170 tests per character. The trie form
tests one character per level. It matches exactly what the longest-first alternation matches, in
the same order of preference: where two words match at one position one is a prefix of the other,
and the trie tries the longer first (the shorter ending is an optional group, and groups are greedy).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def alternation(words: Iterable[str]) -> str:
    """A regex (no capturing groups) that matches any of `words`, longest first; "" for no words."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _render(trie)


def _render(node: dict) -> str:
    branches = [re.escape(ch) + _render(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:  # a word ends here: the longer words first, this one if they fail
        return f"{body}?" if len(branches) > 1 or len(body) == 1 else f"(?:{body})?"
    return body
