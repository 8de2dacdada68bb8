"""Values the text makes clear: signs, ranges written from the larger end, whole Chinese numerals.

Invented examples (issue 23, "no value is silently wrong"); what cannot be true is validate.py's to reject
(tests/extract/test_validate.py).
"""

import pytest

from pipelines.extract.mentions import find_mentions
from pipelines.extract.numbers import parse_number


def values(text):
    return [(m.fact_type, m.value, m.value_high, m.unit, m.text) for m in find_mentions(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("亏损-50亿元", ("money", -5e9, None, "CNY", "-50亿元")),
        ("净流出－50亿元", ("money", -5e9, None, "CNY", "－50亿元")),  # full-width minus
        ("利润为负50亿元", ("money", -5e9, None, "CNY", "负50亿元")),
        ("利润增长-150%", ("percent", -150, None, "%", "-150%")),
        ("增速为−2.5%", ("percent", -2.5, None, "%", "−2.5%")),  # the minus sign
        ("温差在-5至-3%之间", ("percent", -5, -3, "%", "-5至-3%")),
    ],
)
def test_a_written_sign_makes_the_value_negative(text, expected):
    assert values(text) == [expected]


@pytest.mark.parametrize("text, value", [("同比下降5%", 5), ("减少3个", 3), ("误差正负5%", 5)])
def test_words_of_decrease_and_tolerances_do_not_negate(text, value):
    assert [m.value for m in find_mentions(text)] == [value]


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("总投资80-50亿元", 5e9, 8e9),  # written from the larger end: the magnitude still applies to both
        ("总投资50-80亿元", 5e9, 8e9),
        ("补贴3000到30万元", 3000, 3e5),  # the smaller end spelled out in full
        ("补贴5000至3万元", 5000, 3e4),
        ("面积8-5万平方米", 5e4, 8e4),
    ],
)
def test_a_range_is_ordered_and_shares_its_magnitude(text, low, high):
    (m,) = find_mentions(text)
    assert (m.value, m.value_high, m.qualifier) == (pytest.approx(low), pytest.approx(high), "range")


@pytest.mark.parametrize(
    "text, value",
    [("增长百分之二万", 20000), ("增长百分之十五点五", 15.5), ("增长百分之一万五千", 15000),
     ("占百分之百", 100), ("增长百分之十二", 12)],
)
def test_chinese_numeral_percents_read_the_whole_numeral(text, value):
    got = [(m.fact_type, m.value, m.unit) for m in find_mentions(text)]
    assert got == [("percent", pytest.approx(value), "%")]


def test_a_percent_that_is_not_one_number_is_no_mention():
    assert find_mentions("占百分之三五百") == []


@pytest.mark.parametrize(
    "text, expected",
    [("新增一万五千个", ("count", 15000, "个")), ("投资一亿五千万元", ("money", 1.5e8, "CNY")),
     ("投资一万五千亿元", ("money", 1.5e12, "CNY")), ("线路二万千米", ("quantity", 2e4, "km")),
     ("投资三千五百万元", ("money", 3.5e7, "CNY"))],
)
def test_a_chinese_numeral_with_a_magnitude_inside_is_one_number(text, expected):
    assert [(m.fact_type, m.value, m.unit) for m in find_mentions(text)] == [
        (expected[0], pytest.approx(expected[1]), expected[2])]


@pytest.mark.parametrize("written, value", [("二万", 2e4), ("一万五千", 15000), ("一亿五千万", 1.5e8),
                                            ("一万亿", 1e12), ("一千零一十", 1010)])
def test_chinese_numerals_with_magnitudes(written, value):
    assert parse_number(written) == value


@pytest.mark.parametrize("written", ["十百", "二万三万", "千百万"])
def test_chinese_numerals_out_of_order_are_not_numbers(written):
    with pytest.raises(ValueError):
        parse_number(written)


def test_a_digit_run_too_long_for_a_float_is_reported_as_written():
    # the extractor reports inf; validate() rejects it (test_validate.py), it never reaches the warehouse
    (m,) = find_mentions("1" + "0" * 400 + "元")
    assert m.fact_type == "money" and m.value == float("inf")
