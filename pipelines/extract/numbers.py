"""Numbers as written in Chinese text -> floats.

Arabic digits (half- or full-width, with thousands separators and decimals) and Chinese
numerals (`两` = 2, `十二` = 12, `一百零五` = 105, `二〇二一` = 2021, `三点五` = 3.5).
Magnitude words after a number (万, 亿) are the caller's business: `mentions.py` reads them as
units of scale so that `1.5万` and `50-80亿` work the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Full-width digits, letters and the symbols that appear inside numbers, mapped one character to
# one character, so offsets computed on the converted text hold on the original.
_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in (
    "０１２３４５６７８９．％＋－"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ")}
_FULLWIDTH.update({ord("～"): ord("~"), ord("﹪"): ord("%")})
# Most text has none of them: one scan for any (a character class scans fast) spares the per-character
# table lookups of `str.translate`.
_ANY_FULLWIDTH = re.compile("[" + "".join(re.escape(chr(c)) for c in _FULLWIDTH) + "]")

CHINESE_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                  "七": 7, "八": 8, "九": 9}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_BIG = {"万": 10_000, "亿": 100_000_000}
_CHINESE_CHARS = set(CHINESE_DIGITS) | set(CHINESE_UNITS) | set(CHINESE_BIG) | {"点"}

# One number as written (after to_halfwidth): digits with optional thousands groups and decimals,
# or a run of Chinese numerals with an optional 点 decimal part. Magnitudes (万, 亿) stay outside.
_NUMERALS = "零〇一二两三四五六七八九十百千"
NUMBER_PATTERN = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    rf"|[{_NUMERALS}]+(?:点[零〇一二三四五六七八九]+)?)"
)
# Every NUMBER_PATTERN match holds one of these: a text without any has no number to find.
ANY_NUMBER_CHAR = re.compile(rf"[\d{_NUMERALS}]")
_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# What joins the two ends of a range: 50-80, 3至5, 10～15 (already half-width), 3到5.
RANGE_SEP_PATTERN = r"(?:[-~—–至到])"
# A sign written right before a number: `-50亿元`, `负50亿元`, `增长-1.5%` (`－` is half-width by then,
# `−` is the minus sign). `正负5%` is a tolerance, not a negative number. A sign makes the value negative;
# words such as 下降 or 减少 do not (they are cues for the qualifier and modality code, and
# `下降-5%` keeps the sign as written).
SIGN_PATTERN = r"(?:(?<!正)负|[-−﹣])"
# A whole Chinese numeral, magnitudes inside included (`二万` = 20000, `一万五千` = 15000,
# `十五点五` = 15.5): for shapes such as 百分之N where no unit follows that could take the magnitude.
CHINESE_FULL_PATTERN = rf"(?:[{_NUMERALS}]+(?:[万亿][{_NUMERALS}]*)*(?:点[零〇一二三四五六七八九]+)?)"
# A Chinese numeral with a magnitude inside it and a digit after that (`一万五千`, `三亿零五百`): before a
# unit the whole numeral is one number (`一万五千个` = 15000, not 5000). A magnitude followed by no digit
# (`二万千米`) stays the magnitude of a unit.
CHINESE_COMPOUND_PATTERN = (
    rf"(?:[{_NUMERALS}]+(?:[万亿][零〇一二两三四五六七八九][{_NUMERALS}]*)+(?:点[零〇一二三四五六七八九]+)?)"
)


def signed(value: float, sign: str | None) -> float:
    """`value` negated when a sign (`-`, `−`, `负`) was written before it."""
    return -value if sign else value


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters, `．`, `％`, `～` -> ASCII; same length as the input."""
    return text.translate(_FULLWIDTH) if _ANY_FULLWIDTH.search(text) else text


def is_chinese_numeral(text: str) -> bool:
    """True when the whole string is written in Chinese numerals (`十二`, `两`, `三点五`)."""
    return bool(text) and all(ch in _CHINESE_CHARS for ch in text)


@lru_cache(maxsize=4096)
def parse_number(text: str) -> float:
    """Parse one number as written; raises ValueError for anything that is not one. Cached: a pure
    function, and the same few numbers (一, 2021, 两) are written over and over."""
    s = to_halfwidth(text.strip())
    if not s:
        raise ValueError("empty number")
    if _ARABIC.fullmatch(s):
        return float(s.replace(",", ""))
    if is_chinese_numeral(s) and any(ch in CHINESE_DIGITS or ch in CHINESE_UNITS for ch in s):
        return _parse_chinese(s)  # a magnitude alone (亿, 万) is a unit of scale, not a number
    raise ValueError(f"not a number: {text!r}")


def _parse_chinese(s: str) -> float:
    if "点" in s:
        whole, _, frac = s.partition("点")
        if not frac or any(ch not in CHINESE_DIGITS for ch in frac):
            raise ValueError(f"bad decimal part: {s!r}")
        head = _parse_chinese(whole) if whole else 0.0
        return head + float("0." + "".join(str(CHINESE_DIGITS[ch]) for ch in frac))
    # A plain digit string (二〇二一, 一九九八): read digit by digit.
    if len(s) > 1 and all(ch in CHINESE_DIGITS for ch in s):
        return float("".join(str(CHINESE_DIGITS[ch]) for ch in s))
    # Units must fall within a section (千 > 百 > 十) and 万 stands once between two 亿: `十百`, `二万三万`
    # are not numbers, and reading them anyway would give a silently wrong value.
    total, section, digit, last_unit, wan_seen = 0, 0, None, None, False
    for ch in s:
        if ch in CHINESE_DIGITS:
            if digit is not None and CHINESE_DIGITS[ch] != 0:
                raise ValueError(f"two digits in a row: {s!r}")
            digit = CHINESE_DIGITS[ch] if CHINESE_DIGITS[ch] != 0 else None
        elif ch in CHINESE_UNITS:
            if last_unit is not None and CHINESE_UNITS[ch] >= last_unit:
                raise ValueError(f"units out of order: {s!r}")
            if digit is None and section:
                raise ValueError(f"a unit without its digit inside a number: {s!r}")  # 千百
            section += (digit if digit is not None else 1) * CHINESE_UNITS[ch]
            digit, last_unit = None, CHINESE_UNITS[ch]
        elif ch in CHINESE_BIG:
            if ch == "万" and wan_seen:
                raise ValueError(f"万 twice: {s!r}")
            section += digit or 0
            if section == 0 and total == 0:
                section = 1  # 万 or 亿 alone at the start: one of it
            total = (total + section) * CHINESE_BIG[ch] if ch == "亿" else total + section * CHINESE_BIG[ch]
            section, digit, last_unit, wan_seen = 0, None, None, ch == "万"
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    return float(total + section + (digit or 0))
