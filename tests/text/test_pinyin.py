import pytest

from pipelines.text.pinyin import is_pinyin, strip_pinyin
from tests.conftest import read_raw


@pytest.mark.parametrize(
    "text, expected, n",
    [
        ("強(qiáng)力推進(jìn)", "強力推進", 2),
        ("重(zhòng/chóng)要", "重要", 1),  # polyphonic: both readings given
        ("行(xing)业", "行业", 1),  # toneless
        ("項(xiàng)目（RCEP）与(2021)年", "項目（RCEP）与(2021)年", 1),  # real parentheses stay
        ("办法(试行)发布", "办法(试行)发布", 0),
        ("GDP(gdp)", "GDP(gdp)", 0),  # not after a Han character
    ],
)
def test_only_pinyin_annotations_go(text, expected, n):
    assert strip_pinyin(text) == (expected, n)


def test_syllable_check():
    assert is_pinyin("zhuāng") and is_pinyin("lǜ") and not is_pinyin("rcep") and not is_pinyin("xyz")


def test_traditional_sample_loses_every_annotation():
    text, n = strip_pinyin(read_raw("002_dfa85d812edf7218.txt"))
    assert n > 1000
    assert "(qiáng)" not in text and "(xiàng)" not in text
