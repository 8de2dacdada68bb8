"""Remove pinyin annotations written after characters: `強(qiáng)力` -> `強力`.

Some archives print the reading of a character in parentheses right after it. An annotation
is removed only when it follows a Han character and every syllable in it is a valid pinyin
syllable (toned or toneless, one reading or several separated by `/`, `,` or a space), so real
parentheses such as `（RCEP）`, `(2021)` or `(试行)` stay.
"""

from __future__ import annotations

import re
import unicodedata

_INITIALS = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINALS = (
    "(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|üan|van|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un"
    "|üe|ve|ue|ün|vn|a|o|e|i|u|ü|v|ng|n|m)"
)
_SYLLABLE = re.compile(f"{_INITIALS}{_FINALS}")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A Han character, then `(` or `（`, then 1-4 lowercase syllables, then the closing parenthesis.
_ANNOTATION = re.compile(
    rf"(?<=[\u3400-\u9fff\uf900-\ufaff])[(（]"
    rf"(?P<body>[a-z{_TONED}]{{1,6}}(?:[ /,，][a-z{_TONED}]{{1,6}}){{0,3}})[)）]"
)


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v")
                                       .replace("ǚ", "v").replace("ǜ", "v"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_pinyin(body: str) -> bool:
    """True when every syllable of an annotation body is a pinyin syllable."""
    parts = [p for p in re.split(r"[ /,，]", body) if p]
    return bool(parts) and all(_SYLLABLE.fullmatch(_toneless(p)) for p in parts)


def find_annotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of each pinyin annotation, parentheses included."""
    return [m.span() for m in _ANNOTATION.finditer(text) if is_pinyin(m.group("body"))]


def strip_pinyin(text: str) -> tuple[str, int]:
    """The text without its pinyin annotations, and how many were removed."""
    spans = find_annotations(text)
    if not spans:
        return text, 0
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "".join(out), len(spans)
