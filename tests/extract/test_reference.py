"""Reference years and periods (pipelines/extract/reference.py), on made-up sentences."""

from pipelines.extract.reference import Reference, ReferenceFrame, document_year
from pipelines.lexicon import load_lexicon

REPORT = "2030年某省政府工作报告\n"


def frame(pub_date="2030-01-20", text=REPORT):
    return ReferenceFrame(pub_date, text, load_lexicon(), "某省")


def at(f: ReferenceFrame, sentence: str, mention: str, modality: str = "actual") -> Reference:
    return f.resolve(sentence, sentence.index(mention), modality)


def test_document_year():
    assert document_year("2026-01-22") == 2026
    assert document_year(None) is None


def test_a_written_year_wins():
    assert at(frame(), "2028年，全省地区生产总值增长6%。", "6%") == Reference(2028, "year")


def test_relative_words_count_from_the_document_year():
    f = frame()
    assert at(f, "今年地区生产总值增长5%左右。", "5%", "target").year == 2030
    assert at(f, "去年地区生产总值增长6%。", "6%").year == 2029


def test_a_base_year_is_not_the_reference():
    # the report's default, not 上年 read as a reference
    assert at(frame(), "比上年增长6%。", "6%", "actual").year == 2029
    assert at(frame(), "产量创2010年以来新高，达到5万吨。", "5万吨").year == 2029


def test_a_work_report_states_targets_for_its_year_and_results_for_the_year_before():
    f = frame()
    assert at(f, "地区生产总值增长5%。", "5%", "target").year == 2030
    assert at(f, "地区生产总值增长5%。", "5%", "actual").year == 2029


def test_a_news_item_reports_its_own_year():
    f = frame(text="某报讯 记者 某某\n")
    assert at(f, "1-8月，规上工业增加值增长7%。", "7%") == Reference(2030, "1-8月")


def test_no_date_no_relative_year():
    f = frame(pub_date=None)
    assert at(f, "今年地区生产总值增长5%左右。", "5%", "target").year is None


def test_a_five_year_plan_is_a_span():
    ref = at(frame(), "“十四五”时期，地区生产总值年均增长5%。", "5%")
    assert ref == Reference(2025, "2021-2025")


def test_the_year_in_force_and_the_targets_paragraph():
    text = REPORT + "一、2029年工作回顾\n全省经济平稳。\n今年主要预期目标是：地区生产总值增长5%左右；\n"
    f = frame(text=text)
    heading = "一、2029年工作回顾"
    f.read(heading, text.index(heading), is_heading=True)
    assert at(f, "全省经济平稳，地区生产总值增长6%。", "6%").year == 2029
    start = text.index("今年主要")
    f.read("今年主要预期目标是：", start)
    assert f.in_targets(start + 12)
    assert f.in_force == Reference(2030, None)


def test_growth_since_a_year_long_past_is_a_span():
    ref = at(frame(), "2028年与2020年相比，地区生产总值增长40%。", "40%")
    assert ref == Reference(2028, "2021-2028")


def test_a_period_a_change_starts_from_is_left_behind():
    f = frame()
    sentence = "2029年，某项能耗由前三年分别上升3%、2%，转为下降1.5%。"
    assert at(f, sentence, "1.5%") == Reference(2029, "year")
    assert at(f, sentence, "3%").period == "2027-2029"  # the from-part keeps its own period
    assert at(f, "年末失业率从上半年5.6%降到5.2%。", "5.2%").period == "year"
    assert at(f, "年末失业率从上半年5.6%降到5.2%。", "5.6%").period == "上半年"


def test_a_five_year_review_goes_on_over_its_paragraphs_until_a_year_is_set():
    text = (REPORT + "这五年，全省经济稳步发展。\n民生持续改善。城镇新增就业300万人。\n"
            "2029年，城镇新增就业60万人。\n")
    f = frame(text=text)
    opener = "这五年，全省经济稳步发展。"
    f.read(opener, text.index(opener))
    later = "城镇新增就业300万人。"
    assert f.resolve(later, 6, "actual", text.index(later)).period == "2025-2029"
    closing = "2029年，城镇新增就业60万人。"
    f.read(closing, text.index(closing))
    assert f.resolve(closing, closing.index("60"), "actual", text.index(closing)) == Reference(2029, "year")


def test_outside_a_work_report_a_span_holds_to_the_end_of_its_paragraph():
    text = "某报讯\n近五年，全省经济稳步发展。\n全省城镇新增就业60万人。\n"
    f = frame(text=text)
    opener = "近五年，全省经济稳步发展。"
    f.read(opener, text.index(opener))
    later = "全省城镇新增就业60万人。"
    assert f.resolve(later, later.index("60"), "actual", text.index(later)) == Reference(2030, "year")
