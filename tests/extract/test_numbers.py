import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.extract.numbers import is_chinese_numeral, parse_number, to_halfwidth

DIGITS = "零一二三四五六七八九"


@pytest.mark.parametrize(
    "written, value",
    [
        ("1197.5", 1197.5), ("2,000", 2000), ("１２０", 120), ("14.2", 14.2),
        ("两", 2), ("十二", 12), ("二十", 20), ("百", 100), ("一百零五", 105), ("三千五百", 3500),
        ("二〇二一", 2021), ("三点五", 3.5), ("一万五千", 15000), ("十", 10),
    ],
)
def test_numbers_as_written(written, value):
    assert parse_number(written) == pytest.approx(value)


@pytest.mark.parametrize("written", ["", "亿", "5G", "1.2.3", "三五百"])
def test_not_numbers_raise(written):
    with pytest.raises(ValueError):
        parse_number(written)


def test_halfwidth_keeps_length_and_punctuation():
    text = "增长２１．６％，达到１２０个"
    out = to_halfwidth(text)
    assert out == "增长21.6%，达到120个" and len(out) == len(text)


def test_chinese_numeral_detection():
    assert is_chinese_numeral("十二") and not is_chinese_numeral("12") and not is_chinese_numeral("十二个")


def chinese(n: int) -> str:
    """Reference spelling of 1..9999 in Chinese numerals (the way newspapers write them)."""
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10)):
        d, n = divmod(n, size)
        if d:
            if zero:
                out += "零"
            out += DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + DIGITS[n]
    return out


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_spelling_round_trips(n):
    assert parse_number(chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_arabic_with_separators_round_trips(whole, cents):
    assert parse_number(f"{whole:,}.{cents:02d}") == pytest.approx(whole + cents / 100)
