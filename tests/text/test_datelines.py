"""Document fields from every dateline form the corpora use (issues 24 and 25)."""

from pipelines.text.clean import clean_document
from pipelines.text.layout import find_date, outlet_name, parse_layout

BODY = "各位代表：\n现在，我代表省人民政府，向大会报告工作。\n"


def test_source_and_time_lines():
    layout = parse_layout("下载\n2026年某省政府工作报告\n来源：某某日报\n时间：2026-02-09\n" + BODY)
    assert (layout.newspaper, layout.pub_date) == ("某某日报", "2026-02-09")
    assert "时间" not in layout.text and "来源" not in layout.text


def test_labels_with_the_value_on_the_next_line():
    layout = parse_layout("时间：\n2026-02-02 09:20\n来源：\n某某省人民政府\n" + BODY)
    assert (layout.newspaper, layout.pub_date) == ("某某省人民政府", "2026-02-02")
    layout = parse_layout("发布时间：2025年3月1日 10:00\n" + BODY)
    assert layout.pub_date == "2025-03-01"


def test_a_timestamp_line_beats_the_date_of_delivery():
    layout = parse_layout("2026年某省政府工作报告\n2026年02月10日 07时41分\n来源:\n某某日报\n"
                          "2026年2月3日在某省第十四届人民代表大会第五次会议上\n" + BODY)
    assert (layout.newspaper, layout.pub_date) == ("某某日报", "2026-02-10")


def test_programme_title_with_its_date():
    layout = parse_layout("# 《新闻联播》 (20240417)\n## 新闻摘要\n" + BODY)
    assert (layout.newspaper, layout.pub_date) == ("新闻联播", "2024-04-17")


def test_report_dated_in_its_subtitle_has_no_newspaper():
    for subtitle in ("——2010年3月5日在第十一届全国人民代表大会第三次会议上",
                     "——1 9 9 8 年3 月5 日在第九届全国人民代表大会第一次会议上",
                     "——２００９年３月５日在第十一届全国人民代表大会第二次会议上",
                     "（2026年1月27日在某省第十四届人民代表大会第四次会议上）",
                     "——2026年1月26日在某省第十四届"):
        layout = parse_layout("政府工作报告\n" + subtitle + "\n国务院总理 某某\n" + BODY)
        assert layout.newspaper is None
        assert layout.pub_date[:4] in ("2010", "1998", "2009", "2026"), subtitle
        assert subtitle.strip("（）") in layout.text or "1 9 9 8" in layout.text  # the subtitle stays prose


def test_a_date_deep_in_the_body_is_not_a_subtitle():
    body = "".join(f"第{i}段正文，内容很长很长。\n" for i in range(20))
    layout = parse_layout("政府工作报告\n" + body + "2025年11月6日在某地召开会议。\n")
    assert layout.pub_date is None


def test_photo_credits_name_the_outlet_and_the_reporter():
    layout = parse_layout("政府工作报告。 某某日报天眼新闻记者 李森 摄\n政府工作报告\n" + BODY)
    assert (layout.newspaper, layout.reporters) == ("某某日报", ["李森"])
    assert layout.text.startswith("政府工作报告。\n")
    layout = parse_layout("省长作政府工作报告。本报全媒体记者 林 君摄\n" + BODY)
    assert (layout.newspaper, layout.reporters) == (None, ["林君"])
    layout = parse_layout("某某作政府工作报告。新某地·某某日报记者 盛学卿\n" + BODY)
    assert (layout.newspaper, layout.reporters) == ("某某日报", ["盛学卿"])


def test_prose_about_a_reporter_is_not_a_credit():
    layout = parse_layout("新华社记者近日获悉\n记者从市发改委获悉，项目已开工。\n")
    assert layout.reporters == [] and layout.newspaper is None


def test_date_from_the_file_name_only_when_the_text_has_none_and_flagged():
    layout = parse_layout(BODY, "xwlb-20240417.txt")
    assert layout.pub_date == "2024-04-17" and "pub_date_from_filename" in layout.flags
    layout = parse_layout("时间：2026-02-09\n" + BODY, "x-20240417.txt")
    assert layout.pub_date == "2026-02-09" and "pub_date_from_filename" not in layout.flags
    assert parse_layout(BODY, "gwr2026-guangdong.txt").pub_date is None  # a year is not a date
    assert parse_layout(BODY, "a-20241340.txt").pub_date is None  # not on the calendar
    assert "pub_date_from_filename" in clean_document(BODY, "b-20230103.txt")["quality_flags"]


def test_helpers():
    assert find_date("2026年02月10日 07时41分") == "2026-02-10"
    assert find_date("2026-13-01") is None
    assert outlet_name("贵州日报天眼新闻") == "贵州日报"
    assert outlet_name("本报全媒体") is None
    assert outlet_name("新华社") == "新华社"


def test_several_dateline_pairs_on_one_line():
    for line, paper in (("发布时间：2026-01-23 09:00 来源：某某日报", "某某日报"),
                        ("来源：某某日报 时间：2026年1月23日", "某某日报"),
                        ("2026-01-23 09:00 来源：某某网", "某某网"),
                        ("作者：李四 来源：某某晚报 发布日期：2026/1/23", "某某晚报")):
        layout = parse_layout(line + "\n" + BODY)
        assert (layout.newspaper, layout.pub_date) == (paper, "2026-01-23"), line
        assert layout.text == BODY.strip()
    assert parse_layout("各位代表：现在。\n").text == "各位代表：现在。"  # a colon in prose is no dateline
