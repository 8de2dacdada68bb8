"""Raw decoded text -> cleaned, simplified prose plus what cleaning found.

The steps run in the order the damage was done, undone last-first:
1. GBK mojibake repaired on the text as received (spans kept with their originals),
2. pinyin annotations removed (`強(qiáng)力` -> `強力`),
3. script measured, then a Traditional or mixed text converted to Simplified (OpenCC t2s; a Simplified
   text is left as written),
4. digits printed apart joined (`1 9 9 8 年`, `8 ．8 ％` in some scanned archives: a document-wide style),
   a middle dot between the digits of a percent read as its decimal point (`14·1％`),
5. layout: hard wraps joined, page markers, bylines and web chrome taken out of the prose.
Every fact's offsets index the `clean_text` this returns (steps 4 and 5 make a new text, so nothing earlier
maps onto it).
"""

from __future__ import annotations

import regex

from pipelines.text.layout import parse_layout
from pipelines.text.mojibake import repair_mojibake
from pipelines.text.pinyin import strip_pinyin
from pipelines.text.script import detect_script, to_simplified, traditional_share


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Every control (Cc) and format (Cf) character but tab and newline: the invisible ones that get in the way
# of matching (zero-width space and joiners, word joiner, BOM) are format characters. The `regex` module
# knows the Unicode categories (`re` would need a class of every such code point: slow to build, slower to
# apply).
_CONTROLS = regex.compile(r"[[\p{Cc}\p{Cf}]--[\t\n]]", regex.V1)


def strip_controls(text: str) -> tuple[str, int]:
    """Drop zero-width and control characters (keeping tab and newline); return how many went."""
    cleaned = _CONTROLS.sub("", text)
    return cleaned, len(text) - len(cleaned)


# A digit printed apart from the next digit (`1 9`, not `10 20`): a document in that style spaces every digit,
# so its spaced pairs outnumber the digits printed together (a table's `1 2 3` in ordinary prose does not).
_SPACED_PAIR = regex.compile(r"(?<![0-9０-９])[0-9０-９] (?=[0-9０-９])")
_JOINED_PAIR = regex.compile(r"[0-9０-９](?=[0-9０-９])")
_SPACED_STYLE = 3  # at least so many spaced pairs; `5 6` once is a label, not a style
# The space after a digit in such a document, before another digit, a decimal point, a percent sign or a word.
_DIGIT_SPACE = regex.compile(r"(?<=[0-9０-９]) (?=[0-9０-９．.·％%‰\p{Han}])")
# A middle dot between digits of a percent is its decimal point (`3·5％`); elsewhere it names a date (`5·18`).
_DOT_DECIMAL = regex.compile(r"(?<=[0-9０-９])·(?=[0-9０-９]+ ?[%％‰])")


def join_spaced_digits(text: str) -> tuple[str, bool]:
    """Digits printed apart joined (`1 9 9 8 年` -> `1998年`, `8 ．8 ％` -> `8．8％`) in a document printing
    them so, and `3·5％` read as `3.5％`; returns the text and whether anything changed."""
    out = text
    spaced = len(_SPACED_PAIR.findall(text))
    if spaced >= _SPACED_STYLE and spaced > len(_JOINED_PAIR.findall(text)):
        out = _DIGIT_SPACE.sub("", out)
    if "·" in out:
        out = _DOT_DECIMAL.sub(".", out)
    return out, out != text


def clean_document(raw_text: str, source_file: str | None = None) -> dict:
    """Clean one document; returns the CLEAN_DOCUMENTS columns that cleaning decides."""
    flags: list[str] = []
    text = normalise_newlines(raw_text)
    if text != raw_text:
        flags.append("line_endings_normalised")
    text, controls = strip_controls(text)
    if controls:
        flags.append("control_characters_removed")

    text, spans = repair_mojibake(text)
    if any(s.repaired is not None for s in spans):
        flags.append("mojibake_repaired")
    if any(s.repaired is None for s in spans):
        flags.append("mojibake_unrepaired")

    text, pinyin_removed = strip_pinyin(text)
    if pinyin_removed:
        flags.append("pinyin_removed")

    simplified = to_simplified(text)
    share = traditional_share(text, simplified)
    script = detect_script(share)
    if script == "hans":
        # Simplified text stays as written: the few characters t2s would change in it are valid
        # Simplified characters of names (昇, 乾, 濛), not Traditional ones.
        simplified = text
    else:
        flags.append("converted_to_simplified")

    simplified, joined = join_spaced_digits(simplified)
    if joined:
        flags.append("digits_joined")

    layout = parse_layout(simplified, source_file)
    flags.extend(f for f in layout.flags if f not in flags)
    return {
        "script": script,
        "traditional_share": round(share, 4),
        "newspaper": layout.newspaper,
        "pub_date": layout.pub_date,
        "pages": layout.pages,
        "continued_from": layout.continued_from,
        "continued_to": layout.continued_to,
        "reporters": layout.reporters,
        "bylines": layout.bylines,
        "quality_flags": flags,
        "mojibake_spans": [
            {"start": s.start, "end": s.end, "original": s.original, "repaired": s.repaired,
             "guessed_chars": s.guessed_chars}
            for s in spans
        ],
        "pinyin_removed": pinyin_removed,
        "furniture": layout.furniture,
        "headings": [{"start": a, "end": b} for a, b in layout.headings],
        "clean_text": layout.text,
        "char_count": len(layout.text),
    }
