"""Numbers written in Chinese numerals and shapes beyond `number + unit` (issue 25; invented examples)."""

import pytest

from pipelines.extract.mentions import find_mentions
from pipelines.extract.times import find_times


def one(sentence: str):
    found = find_mentions(sentence)
    assert len(found) == 1, found
    m = found[0]
    return m.fact_type, m.value, m.unit, m.qualifier, m.text


@pytest.mark.parametrize("sentence, expected", [
    ("过去五年，全省经济稳步增长", ("duration", 5, "年", "=", "五年")),
    ("未来五年，我们将继续努力", ("duration", 5, "年", "=", "五年")),
    ("登记数量创近5年来新高", ("duration", 5, "年", "=", "近5年")),  # the last five years, not about five
    ("将近两个月没有降雨", ("duration", 2, "月", "~", "将近两个月")),
    ("经过约两个小时的转运", ("duration", 2, "小时", "~", "约两个小时")),
    ("每隔53秒检测一次", ("duration", 53, "秒", "=", "53秒")),
])
def test_durations(sentence, expected):
    assert one(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("入选第一批试点名单", ("ordinal", 1, "批", "=", "第一批")),  # 第一批 is a rank (一批 = some)
    ("装机容量全球第一", ("ordinal", 1, None, "=", "全球第一")),
    ("出口总量世界第二", ("ordinal", 2, None, "=", "世界第二")),
    ("今天是展会的第三天", ("ordinal", 3, "天", "=", "第三天")),
    ("第三代计算机上线运行", ("ordinal", 3, "代", "=", "第三代")),
])
def test_ordinals(sentence, expected):
    assert one(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("民营企业贡献超四成", ("percent", 40, "%", ">", "超四成")),
    ("近九成的农户参与", ("percent", 90, "%", "~", "近九成")),
    ("七成半的村庄通了公交", ("percent", 75, "%", "=", "七成半")),
    ("三分之一的企业", ("percent", 33.3333, "%", "=", "三分之一")),
    ("百分之五的增长", ("percent", 5, "%", "=", "百分之五")),
])
def test_fractions(sentence, expected):
    assert one(sentence) == expected


def test_verbs_and_idioms_with_cheng_are_not_fractions():
    assert find_mentions("制度一成不变") == []
    assert find_mentions("三成员国签约") == []


@pytest.mark.parametrize("sentence, expected", [
    ("开通上百条线路", ("count", 100, "条", ">=", "上百条")),
    ("吸引上万游客", ("count", 10000, None, ">=", "上万")),  # no measure word: unit null
    ("带动上亿元投资", ("money", 1e8, "CNY", ">=", "上亿元")),
    ("保持百万件以上规模", ("count", 1e6, "件", ">=", "百万件以上")),
    ("服务超千家企业", ("count", 1000, "家", ">", "超千家")),
])
def test_vague_counts_and_magnitudes_without_a_number(sentence, expected):
    assert one(sentence) == expected


def test_words_ending_in_shang_are_not_vague_counts():
    for sentence in ("线上万人观看", "五亿元以上万家企业", "会上万众一心"):
        assert not [m for m in find_mentions(sentence) if m.text.startswith("上")], sentence


@pytest.mark.parametrize("sentence, expected", [
    ("服务3万户次", ("quantity", 30000, "户次", "=", "3万户次")),
    ("接待游客2万人次", ("quantity", 20000, "人次", "=", "2万人次")),
    ("亩产500斤", ("quantity", 500, "斤", "=", "500斤")),
    ("人均10公斤", ("quantity", 10, "kg", "=", "10公斤")),
    ("蓄水500万立方", ("quantity", 5e6, "m3", "=", "500万立方")),
    ("效率提升近两倍", ("quantity", 2, "倍", "~", "近两倍")),
    ("每年完成2轮排查", ("count", 2, "轮", "=", "2轮")),
    ("某某局等三部门发布通知", ("count", 3, None, "=", "三部门")),  # no measure word: unit null
    ("8500多万亩小麦", ("area", 8.5e7, "mu", ">", "8500多万亩")),  # 多 before the magnitude
])
def test_units_and_compound_classifiers(sentence, expected):
    assert one(sentence) == expected


def test_one_is_an_article_except_in_a_rate():
    assert find_mentions("建成一座桥") == []
    assert [m.text for m in find_mentions("每53秒就有一辆车下线")] == ["53秒", "一辆"]


def test_thirds_of_a_month_and_spans_of_days_are_periods():
    (t,) = find_times("将于4月下旬举办")
    assert (t.fact_type, t.value, t.value_high, t.qualifier) == ("period", "--04-21", "--04-30", "range")
    (t,) = find_times("2024年2月上旬")
    assert (t.value, t.value_high) == ("2024-02-01", "2024-02-10")
    (t,) = find_times("将于4月25日至29日举行")
    assert (t.fact_type, t.value, t.value_high, t.text) == ("period", "--04-25", "--04-29", "4月25日至29日")


def test_a_day_written_alone_takes_the_month_of_the_issue():
    assert [(t.value, t.text) for t in find_times("以色列军方16日称", month=4)] == [("--04-16", "16日")]
    assert find_times("以色列军方16日称") == []  # no issue month: no date
    assert [t.value for t in find_times("4月16日举行", month=4)] == ["--04-16"]
    for sentence in ("3日内完成", "每日更新", "第16日", "2.5日"):
        assert not [t for t in find_times(sentence, month=4) if t.fact_type == "date"], sentence


def test_er_before_a_classifier_names_the_second_not_two():
    assert find_mentions("推进土地二轮延包") == []
    assert [m.text for m in find_mentions("完成两轮排查")] == ["两轮"]
    assert [m.value for m in find_mentions("新增十二个项目")] == [12]


def test_a_decimal_after_di_is_a_name_not_a_rank():
    assert find_mentions("第8.6代线项目") == []


def test_ratios_of_two_terms():
    assert one("城乡居民收入比缩小至2.1∶1左右") == ("quantity", 2.1, "ratio", "~", "2.1∶1左右")
    assert one("师生比为1∶15.77")[1] == pytest.approx(1 / 15.77, abs=1e-6)
    assert find_mentions("三次产业比重为4.0∶37.7∶58.3") == []  # shares of a whole, and 三次产业 is a name
    assert find_mentions("上午10:30举行") == []  # a colon writes a ratio only after 比
