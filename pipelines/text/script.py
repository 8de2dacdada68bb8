"""Script detection (hans / hant / mixed) and Traditional -> Simplified conversion with OpenCC.

Detection measures the share of Han characters that OpenCC's `t2s` would change: about 0% on
Simplified text and 30-40% on Traditional text. Character-list detectors mislabel Simplified
text as mixed for one rare character, so the share, with thresholds, is what decides.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

OPENCC_CONFIG = "t2s"  # mainland characters only; `tw2sp` would also rewrite vocabulary
HANT_SHARE = 0.10  # above this share of changed Han characters a text is Traditional
MIXED_SHARE = 0.02  # between MIXED_SHARE and HANT_SHARE it is mixed

_HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC(OPENCC_CONFIG)


def opencc_version() -> str:
    return getattr(opencc, "__version__", "unknown")


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified, leaving Simplified text unchanged."""
    return _converter().convert(text)


def traditional_share(text: str, converted: str | None = None) -> float:
    """Share of Han characters that t2s changes (0.0 for text without Han characters)."""
    converted = to_simplified(text) if converted is None else converted
    if converted == text:  # nothing to convert, as in most Simplified text
        return 0.0
    if len(converted) != len(text):  # OpenCC phrase rules changed the length: compare by characters
        return _share_by_set(text)
    han = changed = 0
    for a, b in zip(text, converted):
        if _HAN.match(a):
            han += 1
            changed += a != b
    return changed / han if han else 0.0


def _share_by_set(text: str) -> float:
    chars = _HAN.findall(text)
    if not chars:
        return 0.0
    converter = _converter()
    return sum(converter.convert(c) != c for c in chars) / len(chars)


def detect_script(share: float) -> str:
    """Name the script from the share of Traditional characters."""
    if share >= HANT_SHARE:
        return "hant"
    if share >= MIXED_SHARE:
        return "mixed"
    return "hans"
