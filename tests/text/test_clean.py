"""Control and format characters out, tab and newline kept (pipelines/text/clean.py)."""

from __future__ import annotations

import sys
import unicodedata

from pipelines.text.clean import clean_document, join_spaced_digits, strip_controls


def test_every_control_and_format_character_goes_but_tab_and_newline():
    removable = [chr(c) for c in range(sys.maxunicode + 1)
                 if unicodedata.category(chr(c)) in ("Cc", "Cf") and c not in (9, 10)]
    assert len(removable) > 150  # C0, C1, soft hyphen, bidi marks, tags ...
    text = "投资\t增长\n" + "".join(removable) + "21.6%"
    assert strip_controls(text) == ("投资\t增长\n21.6%", len(removable))


def test_text_without_controls_is_unchanged_and_flagged_only_when_something_went():
    assert strip_controls("总投资100亿元") == ("总投资100亿元", 0)
    assert "control_characters_removed" in clean_document("总投资\u200e100亿元")["quality_flags"]
    assert "control_characters_removed" not in clean_document("总投资100亿元")["quality_flags"]


def test_digits_printed_apart_are_joined_in_a_document_printed_that_way():
    text = "——2 0 0 1 年3 月5 日\n产值增长7 ．5 ％，产量达到3 1 0 0 万吨，投资增长8 ％或者更多。"
    joined, changed = join_spaced_digits(text)
    assert changed
    assert joined == "——2001年3月5日\n产值增长7．5％，产量达到3100万吨，投资增长8％或者更多。"
    doc = clean_document(text)
    assert "digits_joined" in doc["quality_flags"]
    assert "产值增长7．5％" in doc["clean_text"]


def test_columns_of_numbers_and_a_single_spaced_pair_stay_apart():
    assert join_spaced_digits("三年分别为 10 20 30 个") == ("三年分别为 10 20 30 个", False)
    assert join_spaced_digits("编号 5 6 号楼") == ("编号 5 6 号楼", False)


def test_a_row_of_single_digits_in_ordinary_prose_stays_apart():
    text = "2023年投资增长12.5%，新开工项目136个。评分表：1 2 3 4 5 分。"
    assert join_spaced_digits(text) == (text, False)


def test_a_middle_dot_inside_a_percent_is_its_decimal_point_but_not_in_a_date_name():
    assert join_spaced_digits("投资增长12·3％，“5·18”博览会") == ("投资增长12.3％，“5·18”博览会", True)


def test_simplified_text_keeps_valid_simplified_characters_t2s_would_change():
    text = ("今年将加快建设昇星数据中心，推动全省经济稳步增长，各项工作取得新进展。\n"
            + "全年新增就业岗位持续增加，城乡居民收入稳定提高，社会大局保持和谐稳定。\n" * 3)
    out = clean_document(text)
    assert out["script"] == "hans"
    assert "昇星数据中心" in out["clean_text"]
    assert "converted_to_simplified" not in out["quality_flags"]


def test_traditional_text_is_still_converted():
    out = clean_document("今年將加快建設數據中心，推動經濟穩步增長，各項工作取得新進展。\n")
    assert out["script"] == "hant"
    assert "加快建设数据中心" in out["clean_text"]
