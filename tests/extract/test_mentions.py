import pytest

from pipelines.extract.mentions import find_mentions


def one(text):
    found = find_mentions(text)
    assert len(found) == 1, found
    m = found[0]
    return m.fact_type, m.value, m.value_high, m.unit, m.qualifier, m.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("总投资1197.5亿元", ("money", 119750000000, None, "CNY", "=", "1197.5亿元")),
        ("投资10亿美元建设", ("money", 1e9, None, "USD", "=", "10亿美元")),
        ("追加实施一批总投资50-80亿元的新基建", ("money", 5e9, 8e9, "CNY", "range", "50-80亿元")),
        ("建设总投资超过2000亿元的涉海项目", ("money", 2e11, None, "CNY", ">", "超过2000亿元")),
        ("新引进亿元以上项目", ("money", 1e8, None, "CNY", ">=", "亿元以上")),
        ("引进过亿元项目", ("money", 1e8, None, "CNY", ">", "过亿元")),
        ("纳统率为77.3%", ("percent", 77.3, None, "%", "=", "77.3%")),
        ("比重提高1个百分点以上", ("percent", 1, None, "pp", ">=", "1个百分点以上")),
        ("增长百分之十二", ("percent", 12, None, "%", "=", "百分之十二")),
        ("发挥520多家科研机构作用", ("count", 520, None, "家", ">", "520多家")),
        ("新增市场主体1.5万家", ("count", 15000, None, "家", "=", "1.5万家")),
        ("设立两个创投风投基金", ("count", 2, None, "个", "=", "两个")),
        ("出让不少于300亩", ("area", 300, None, "mu", ">=", "不少于300亩")),
        ("会展规模100万平米以上", ("area", 1e6, None, "m2", ">=", "100万平米以上")),
        ("整理土地约1545亩", ("area", 1545, None, "mu", "~", "约1545亩")),
        ("3年内将发射卫星", ("duration", 3, None, "年", "<=", "3年内")),
        ("举办第30届啤酒节", ("ordinal", 30, None, "届", "=", "第30届")),
        ("贷款额度在3000到30万元不等", ("money", 3000, 300000, "CNY", "range", "3000到30万元")),
        ("距今10万至1万年的遗址群", ("duration", 10000, 100000, "年", "range", "10万至1万年")),
    ],
)
def test_mentions_are_normalised(text, expected):
    got = one(text)
    assert got[0] == expected[0] and got[1] == pytest.approx(expected[1]) and got[2:] == expected[2:]


@pytest.mark.parametrize(
    "text",
    [
        "打造千亿级产业集群",  # magnitude class
        "坚决打赢十二大攻坚战",  # set name
        "坚持“四个全力”",  # slogan in quotes
        "建设5G基站网络",  # number inside a name
        "实施“十四五”规划",
        "打造一个平台",  # 一个 is an article
        "2020年举办",  # a year is a date, not a duration
    ],
)
def test_not_facts_are_not_mentions(text):
    assert [m for m in find_mentions(text) if m.fact_type != "date"] == []


def test_threshold_inside_a_category_is_two_mentions():
    found = find_mentions("新引进亿元以上项目78个")
    assert [(m.fact_type, m.value, m.qualifier) for m in found] == [("money", 1e8, ">="), ("count", 78, "=")]
