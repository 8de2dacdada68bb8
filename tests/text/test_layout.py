from pipelines.text.clean import clean_document
from pipelines.text.layout import byline_names, is_chrome, parse_layout
from tests.conftest import read_raw

WRAPPED = (
    "   一是抓好要素保障。坚持“要素跟着\n"
    "项目走”，对重点项目，在土地、资金等\n"
    "方面全力保障，全年投资增长14.\n"
    "2%，总投 资2000亿元的项目加快推进\n"
    "\n"
    "建设，确保实现全年稳定增长的目标。\n"
    "\n"
    "二、下一阶段工作安排\n"
    "\n"
    "  各位代表，全年时间即将过半，完成\n"
    "今年的经济社会发展目标任务，要强力\n"
    "担当，按下快进键、跑出加速度、干出\n"
    "高质量。\n"
)


def test_wraps_are_joined_and_headings_kept_apart():
    layout = parse_layout(WRAPPED)
    paragraphs = layout.text.split("\n")
    assert len(paragraphs) == 3
    assert "增长14.2%" in paragraphs[0]  # a number split across the wrap is whole again
    assert "总投资2000亿元" in paragraphs[0]  # justification space inside a full line removed
    assert "加快推进建设" in paragraphs[0]  # a blank line mid-sentence is a column break
    assert paragraphs[1] == "二、下一阶段工作安排"
    assert [layout.text[a:b] for a, b in layout.headings] == ["二、下一阶段工作安排"]
    assert "hard_wraps_joined" in layout.flags


def test_page_markers_and_continuations():
    text = (" 03 锁定目标 干字当头\n"
            "（上接第二版）聚焦船舶海工、航运贸易金\n"
            "融等重点产业，建设科技园等项目。港口\n"
            "支撑，深化战略合作，加快贸易、产城融\n"
            "合、装备制造，全面推进港产城融合发展\n"
            + "推进海洋科技协同创新攻关、资源开\n" * 4
            + "要健全科级干部考核（下转第六版）\n")
    layout = parse_layout(text)
    assert layout.pages == [3] and layout.continued_from == 2 and layout.continued_to == 6
    assert "上接" not in layout.text and "下转" not in layout.text and "03" not in layout.text
    assert "贸易金融" in layout.text  # the line shortened by its marker still continues


def test_dated_page_marker_names_paper_date_and_pages():
    layout = parse_layout("正文。\n青岛日报2021年9月19日3版\n青岛日报2021年9月19日4版\n")
    assert (layout.newspaper, layout.pub_date, layout.pages) == ("青岛日报", "2021-09-19", [3, 4])
    assert layout.text == "正文。"


def test_bylines():
    layout = parse_layout("□青岛日报/观海新闻记者 刘兰星 杨光\n正文。\n（本报记者 李涛 整理）\n")
    assert layout.reporters == ["刘兰星", "杨光", "李涛"] and layout.newspaper == "青岛日报"
    assert layout.text == "正文。"
    assert byline_names("青岛日报/观海新闻记者 王凯 余瑞 新张晋") == ["王凯", "余瑞新", "张晋"]


def test_web_chrome_source_and_markup():
    text = "下载\n打印\n【字号：\n加大\n】\n2026年山东省政府工作报告\n来源：大众日报\n时间：2026-02-01\n" \
           "## 新闻摘要\n<p><strong>央视网消息</strong>（新闻联播）：投资增长5%。</p>\n"
    layout = parse_layout(text)
    assert layout.newspaper == "大众日报"
    assert layout.text == "2026年山东省政府工作报告\n新闻摘要\n央视网消息（新闻联播）：投资增长5%。"
    assert {"web_chrome_removed", "markup_removed"} <= set(layout.flags)
    assert is_chrome("【字号：") and not is_chrome("各位代表：")


def test_sample_documents_clean_to_their_gold_document_fields():
    d = clean_document(read_raw("002_dfa85d812edf7218.txt"))
    assert (d["script"], d["newspaper"], d["pub_date"], d["pages"]) == (
        "hant", "青岛日报", "2021-09-19", [3, 4])
    assert "余瑞新" in d["reporters"] and "张晋" in d["reporters"]
    assert {"pinyin_removed", "mojibake_repaired", "converted_to_simplified"} <= set(d["quality_flags"])
    assert "(" not in d["clean_text"][:200]
    d = clean_document(read_raw("001_82e7440523c68daa.txt"))
    assert (d["pages"], d["continued_from"], d["continued_to"]) == ([3], 2, 6)


def test_short_list_lines_are_not_taken_for_hard_wraps():
    text = "# 《新闻联播》 (20230103)\n\n## 新闻摘要\n\n本期节目主要内容：\n\n" + "".join(
        f"{i}.某地举行第{i}项重点活动；\n\n" for i in range(1, 12))
    paragraphs = parse_layout(text).text.split("\n")
    assert paragraphs[:3] == ["《新闻联播》 (20230103)", "新闻摘要", "本期节目主要内容："]
    assert paragraphs[3] == "1.某地举行第1项重点活动；" and len(paragraphs) == 14
