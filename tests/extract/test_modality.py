import pytest

from pipelines.extract.modality import ACTUAL, TARGET, modality, section_default


def mood(sentence: str, mention: str, fact_type: str = "count", default: str = ACTUAL) -> str:
    start = sentence.index(mention)
    return modality(sentence, start, start + len(mention), default, fact_type)


@pytest.mark.parametrize(
    "sentence, mention, fact_type, expected",
    [
        ("计划全年新增开工纳统项目371个,截至目前已新增394个。", "371个", "count", TARGET),
        ("计划全年新增开工纳统项目371个,截至目前已新增394个。", "394个", "count", ACTUAL),
        ("1-8月份投资完成率达101.5%,预计年内投资完成率达120%。", "101.5%", "percent", ACTUAL),
        ("1-8月份投资完成率达101.5%,预计年内投资完成率达120%。", "120%", "percent", TARGET),
        ("今年规上工业增加值要增长11%。", "11%", "percent", TARGET),
        ("必须完成增长25%的目标。", "25%", "percent", TARGET),
        ("加快推进总投资540亿元的85个项目年内开工。", "540亿元", "money", ACTUAL),
        ("加快推进总投资540亿元的85个项目年内开工。", "85个", "count", ACTUAL),
        ("加快建设金能科技、芯恩集成电路等27个重点工业项目。", "27个", "count", ACTUAL),
        ("60个汽车及配套项目计划投资425亿元。", "425亿元", "money", ACTUAL),  # 计划投资 is a noun
        ("力争一季度落地重点项目28个。", "28个", "count", TARGET),
        ("上半年实现增加值198.6亿元,同比增长15.3%。", "15.3%", "percent", ACTUAL),
    ],
)
def test_cue_words_decide(sentence, mention, fact_type, expected):
    assert mood(sentence, mention, fact_type) == expected


def test_deadlines_and_time_phrases():
    assert mood("力争6月底前完成招拍挂出让供地。", "6月底前", "period") == TARGET
    assert mood("四季度再完成7个项目的土地出让工作。", "四季度", "period") == TARGET


def test_sections_set_the_default():
    assert section_default("三、今年下一阶段工作安排") == TARGET
    assert section_default("一、2025年工作回顾") == ACTUAL
    # an achievement verb with no plan or past cue takes the section's default
    assert mood("建成投产启迪创新中心等20个项目。", "20个", default=TARGET) == TARGET
    assert mood("建成投产启迪创新中心等20个项目。", "20个", default=ACTUAL) == ACTUAL
