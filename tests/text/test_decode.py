import codecs

import pytest

from pipelines.text.decode import Quarantine, decode_bytes

SAMPLE = "总投资100亿元的项目，1-8月份固定资产投资增长21.6%。"


def test_utf8_text_decodes_as_utf8():
    d = decode_bytes(SAMPLE.encode("utf-8"))
    assert (d.text, d.encoding, d.had_bom) == (SAMPLE, "utf-8", False)


def test_utf8_bom_is_detected_and_dropped():
    d = decode_bytes(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"))
    assert d.text == SAMPLE and d.had_bom and d.encoding == "utf-8-sig"


def test_utf16_with_bom_decodes():
    d = decode_bytes(SAMPLE.encode("utf-16"))
    assert d.text == SAMPLE and d.encoding == "utf-16"


def test_gbk_bytes_decode_as_gb18030():
    d = decode_bytes(SAMPLE.encode("gbk"))
    assert d.text == SAMPLE and d.encoding == "gb18030"


def test_big5_bytes_decode_as_big5():
    traditional = "總投資100億元的項目，固定資產投資增長。"
    d = decode_bytes(traditional.encode("big5"))
    assert d.text == traditional


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"  \n\t \r\n", "whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_non_text_is_quarantined_with_a_reason(data, reason):
    with pytest.raises(Quarantine, match=reason):
        decode_bytes(data)
