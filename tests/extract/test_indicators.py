"""Which headline indicator a number states (pipelines/extract/indicators.py), on made-up sentences."""

import pytest

from pipelines.extract.indicators import indicator_of, signed
from pipelines.lexicon import load_lexicon


def hit(sentence: str, mention: str, fact_type: str = "percent", unit: str | None = "%"):
    start = sentence.index(mention)
    return indicator_of(sentence, start, start + len(mention), fact_type, unit, load_lexicon())


@pytest.mark.parametrize(("sentence", "mention", "indicator"), [
    ("某省地区生产总值增长6.1%。", "6.1%", "gdp_growth"),
    ("经济增长7%左右。", "7%", "gdp_growth"),
    ("规上工业增加值增长8%，工业投资增长9%。", "8%", "industrial_value_added_growth"),
    ("社会消费品零售总额增长4%左右，进出口总额增长3%。", "3%", "foreign_trade_growth"),
    ("城镇调查失业率5.5%左右。", "5.5%", "urban_surveyed_unemployment_rate"),
    ("居民消费价格涨幅控制在3%。", "3%", "cpi_growth"),
    ("一般公共预算收入同口径增长2%。", "2%", "budget_revenue_growth"),
])
def test_the_name_before_the_number_decides(sentence, mention, indicator):
    assert hit(sentence, mention).indicator == indicator


def test_the_name_may_stand_in_the_clause_before_a_bare_growth():
    sentence = "国内生产总值9.9万亿元，比上年增长8.1%；"
    assert hit(sentence, "8.1%").indicator == "gdp_growth"


def test_a_clause_of_its_own_noun_is_not_the_indicator():
    assert hit("规上工业增加值增长8%，工业投资增长9%。", "9%") is None


@pytest.mark.parametrize(("sentence", "mention"), [
    ("城镇居民人均可支配收入增长5%。", "5%"),  # urban only: listed as not an indicator
    ("地区生产总值年均增长6%。", "6%"),  # a five-year average
    ("对东盟进出口增长12%。", "12%"),  # a partner's trade
    ("城镇调查失业率下降0.2%。", "0.2%"),  # a change of a rate is not the rate
    ("PM2.5浓度下降10%。", "10%"),  # M2 inside PM2.5
])
def test_narrower_or_other_quantities_are_not_indicators(sentence, mention):
    assert hit(sentence, mention) is None


def test_jobs_need_a_count_of_persons_and_grain_a_quantity():
    assert hit("城镇新增就业80万人。", "80万人", "count", "人").indicator == "new_urban_jobs"
    assert hit("粮食产量700亿斤以上。", "700亿斤", "quantity", "斤").indicator == "grain_output"
    assert hit("城镇新增就业80万人。", "80万人", "percent", "%") is None


def test_a_decrease_is_negative_and_its_bound_turns_round():
    found = hit("单位地区生产总值能耗下降3%以上。", "3%")
    assert found.indicator == "energy_intensity_change" and found.sign == -1
    assert signed(3.0, None, ">=", found) == (-3.0, None, "<=")


def test_the_verb_nearest_the_number_decides_the_sign():
    found = hit("外贸进出口在需求下降的情况下增长6%。", "6%")
    assert found.indicator == "foreign_trade_growth" and found.sign == 1


def test_a_cap_sets_the_qualifier():
    assert hit("城镇登记失业率控制在4.5%。", "4.5%").qualifier == "<="


def test_a_metric_fragment_is_null_and_edges_are_clean():
    from pipelines.extract.indicators import clean_metric

    lexicon = load_lexicon()
    assert clean_metric("高于", lexicon) is None
    assert clean_metric("比上年增长", lexicon) is None
    assert clean_metric("——", lexicon) is None
    assert clean_metric("会议上", lexicon) is None
    assert clean_metric("——技术合同成交额", lexicon) == "技术合同成交额"
    assert clean_metric(None, lexicon) is None


def test_the_number_a_change_starts_from_is_a_base_and_the_one_it_ends_at_the_statement():
    sentence = "年末城镇调查失业率从年中5.6%降到5.2%。"
    assert hit(sentence, "5.6%") is None
    closing = hit(sentence, "5.2%")
    assert closing.indicator == "urban_surveyed_unemployment_rate" and closing.sign == 1
    assert hit("由于需求回升，规上工业增加值增长6%，增速提高到两位数。", "6%").indicator == \
        "industrial_value_added_growth"  # 由于 opens no change


def test_the_name_stands_back_over_a_list_of_amounts_and_a_closing_word():
    sentence = "某年，单位地区生产总值能耗由前两年分别上升2.1%、0.4%，转为下降1.3%。"
    closing = hit(sentence, "1.3%")
    assert closing.indicator == "energy_intensity_change" and closing.sign == -1
    assert hit("全省进出口总值再创新高，达到1234亿元、增长9.5%。", "9.5%").indicator == "foreign_trade_growth"


@pytest.mark.parametrize(("sentence", "mention", "fact_type", "unit", "indicator"), [
    ("稳定粮食播种面积900万亩、总产量60亿斤。", "60亿斤", "quantity", "斤", "grain_output"),
    ("全省粮食连续三年增产，2029年产量达到800万吨。", "800万吨", "quantity", "吨", "grain_output"),
    ("规上工业企业达1.2万家、增加值增长6%。", "6%", "percent", "%", "industrial_value_added_growth"),
    ("全年投资增长4%左右。", "4%", "percent", "%", "fixed_asset_investment_growth"),
])
def test_a_short_name_at_the_head_of_its_clause_stands_for_the_subject_named_before(
        sentence, mention, fact_type, unit, indicator):
    assert hit(sentence, mention, fact_type, unit).indicator == indicator


@pytest.mark.parametrize(("sentence", "mention", "fact_type", "unit"), [
    ("棉花播种面积90万亩、总产量6万吨。", "6万吨", "quantity", "吨"),  # no grain named before
    ("完成投资300亿元，投资完成率110%。", "110%", "percent", "%"),  # part of another noun
    ("工业投资增长9%。", "9%", "percent", "%"),  # a narrower investment
])
def test_a_short_name_without_its_subject_or_inside_another_noun_is_no_indicator(
        sentence, mention, fact_type, unit):
    assert hit(sentence, mention, fact_type, unit) is None


def test_a_change_of_a_level_is_not_the_level():
    sentence = "粮食总产量在上年丰收的基础上，又增产300万吨，达到9000万吨。"
    assert hit(sentence, "300万吨", "quantity", "吨") is None
    assert hit(sentence, "9000万吨", "quantity", "吨").indicator == "grain_output"


def test_a_deficit_as_a_share_of_gdp_is_the_deficit_ratio_but_a_debt_share_is_not():
    sentence = "全国财政赤字合计8000亿元，占国内生产总值比重在2.5%以内，国债余额占国内生产总值比重30%左右。"
    ratio = hit(sentence, "2.5%")
    assert ratio.indicator == "fiscal_deficit_ratio" and ratio.sign == 1
    assert hit(sentence, "30%") is None  # the short name does not head its clause
    assert hit("进出口占国内生产总值比重下降到30%。", "30%") is None  # no deficit named before


RETAIL, INVEST = "retail_sales_growth", "fixed_asset_investment_growth"


@pytest.mark.parametrize(("sentence", "mention", "indicator", "also"), [
    ("社会消费品零售总额、居民人均可支配收入均增长5%左右。", "5%", "resident_income_growth", (RETAIL,)),
    ("社会消费品零售总额和固定资产投资增长4%左右。", "4%", INVEST, (RETAIL,)),
    ("社会消费品零售总额与固定资产投资都增长4%。", "4%", INVEST, (RETAIL,)),
    ("社会消费品零售总额、规上工业增加值和固定资产投资分别增长6%。", "6%", INVEST,
     (RETAIL, "industrial_value_added_growth")),
])
def test_coordinated_names_share_one_number(sentence, mention, indicator, also):
    found = hit(sentence, mention)
    assert (found.indicator, found.also) == (indicator, also)


@pytest.mark.parametrize(("sentence", "mention"), [
    ("社会消费品零售总额、固定资产投资分别增长4%、6%。", "4%"),  # one number for each name
    ("社会消费品零售总额、固定资产投资分别增长4%、6%。", "6%"),
    ("社会消费品零售总额、固定资产投资分别增长4%和6%以上。", "4%"),
    ("社会消费品零售总额增长3%、固定资产投资增长4%。", "4%"),  # each name its own number
    ("地区生产总值、城镇调查失业率5%左右。", "5%"),  # a growth and a rate: not the same measure
])
def test_a_number_of_a_list_or_of_another_measure_is_not_shared(sentence, mention):
    found = hit(sentence, mention)
    assert found is not None and found.also == ()


def hits(sentence: str, mentions: list[tuple[str, str, str | None]]):
    found = []
    for mention, fact_type, unit in mentions:
        start = sentence.index(mention)
        h = indicator_of(sentence, start, start + len(mention), fact_type, unit, load_lexicon())
        found.append(h and (h.indicator, h.sign))
    return found


def pct(*mentions):
    return [(m, "percent", "%") for m in mentions]


@pytest.mark.parametrize(("sentence", "mentions", "expected"), [
    # names of a respective list take its numbers in order
    ("某省地区生产总值、一般公共预算收入分别增长6%、3%。", pct("6%", "3%"),
     [("gdp_growth", 1), ("budget_revenue_growth", 1)]),
    ("全年国内生产总值和社会消费品零售总额分别增长7%和下降2%。", pct("7%", "2%"),
     [("gdp_growth", 1), ("retail_sales_growth", -1)]),
    ("固定资产投资、进出口、居民消费价格分别上涨9%、8%和1.5%。", pct("9%", "8%", "1.5%"),
     [("fixed_asset_investment_growth", 1), ("foreign_trade_growth", 1), ("cpi_growth", 1)]),
    ("城镇新增就业、粮食产量分别达到60万人和500亿斤。",
     [("60万人", "count", "人"), ("500亿斤", "quantity", "斤")],
     [("new_urban_jobs", 1), ("grain_output", 1)]),
    # a name of no indicator keeps its place in the list
    ("单位地区生产总值能耗和某种排放分别降低3%、4%。", pct("3%", "4%"),
     [("energy_intensity_change", -1), None]),
    # names and their amounts in the clauses before
    ("地区生产总值8万亿元，财政收入1万亿元，分别增长6%和9%。", pct("6%", "9%"),
     [("gdp_growth", 1), ("budget_revenue_growth", 1)]),
    # counts that differ: no guess
    ("地区生产总值、固定资产投资分别增长6%、5%和4%。", pct("6%", "5%", "4%"), [None, None, None]),
    ("某甲、某乙两个行业，规模以上工业增加值分别增长12%、15%。", pct("12%", "15%"), [None, None]),
    # qualifiers sharing one head noun: a name of the lexicon, or none
    ("城镇、农村居民人均可支配收入分别增长4%、6%。", pct("4%", "6%"), [None, None]),
    ("全体、城镇、农村居民人均可支配收入分别增长5%、4%、6%。", pct("5%", "4%", "6%"),
     [("resident_income_growth", 1), None, None]),
    ("甲类企业和乙类企业进出口分别增长5%和7%。", pct("5%", "7%"), [None, None]),
    # other words before the numbers: a share of something, a change over years
    ("单位地区生产总值能耗、某种强度分别为平均水平的70%、60%。", pct("70%", "60%"), [None, None]),
    ("进出口总额、财政收入分别比某年增长60%和50%。", pct("60%", "50%"), [None, None]),
    # a modifier all names share
    ("地区生产总值、一般公共预算收入年均分别增长6%、5%。", pct("6%", "5%"), [None, None]),
])
def test_a_respective_list_maps_names_to_numbers_in_order(sentence, mentions, expected):
    assert hits(sentence, mentions) == expected


def test_one_number_after_a_respective_word_is_still_shared():
    found = hit("社会消费品零售总额、固定资产投资分别增长4%左右。", "4%")
    assert found.indicator == "fixed_asset_investment_growth" and found.also == ("retail_sales_growth",)


def test_a_respective_word_before_a_colon_opens_no_list():
    found = hit("要闻分别是：一、粮食产量达到700亿斤 二、其他", "700亿斤", "quantity", "斤")
    assert found.indicator == "grain_output"
