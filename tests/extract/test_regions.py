from pipelines.extract import regions as reg
from pipelines.lexicon import load_lexicon


def names(text):
    return [(m.written, m.name) for m in reg.find_regions(text)]


def test_aliases_resolve_to_one_canonical_name():
    assert names("青岛西海岸新区工委") == [("青岛西海岸新区", "西海岸新区")]
    assert names("黄岛区和新区") == [("黄岛区", "西海岸新区"), ("新区", "西海岸新区")]
    assert names("广西、内蒙古") == [("广西", "广西壮族自治区"), ("内蒙古", "内蒙古自治区")]


def test_every_province_level_unit_is_covered():
    lexicon = load_lexicon()
    provinces = [r for r in lexicon.regions.values() if r.level == "province"]
    assert len(provinces) == 34


def test_a_region_that_only_starts_a_name_is_not_the_facts_region():
    for text in ("推动总投资10亿元的香港西路52号", "山东省海洋科技孵化器等载体",
                 "投资40亿元的中国钢研高纳新材料产业基地"):
        m = reg.find_regions(text)[0]
        assert reg.inside_name(text, m), text
    for text in ("西海岸新区将精准聚焦", "胶州市梳理了750个项目", "市南区坚决落实"):
        m = reg.find_regions(text)[0]
        assert not reg.inside_name(text, m), text


def test_document_region_comes_from_the_title_then_the_lead():
    text = "2026年山东省政府工作报告\n" + "。".join(["青岛市完成投资"] * 3 + ["山东省增长"] * 2)
    assert reg.document_region(reg.find_regions(text), text=text) == "山东省"
    report = "2009政府工作报告\n——在第十一届全国人民代表大会第二次会议上\n全国经济稳定。北京举办奥运会。"
    assert reg.document_region(reg.find_regions(report), text=report) == "全国"
    news = "习近平致函祝贺巴西总统。巴西、巴西。全国各地反响强烈。"
    assert reg.document_region(reg.find_regions(news), text=news) == "全国"


def test_prefecture_cities_and_counties_across_the_country_are_known():
    assert names("蚌埠已推广新品种") == [("蚌埠", "蚌埠市")]
    assert names("在山东利津县王洼村") == [("山东", "山东省"), ("利津县", "利津县")]
    lexicon = load_lexicon()
    assert lexicon.regions["利津县"].parent == "东营市"
    # a short name that is also a common word is not an alias
    assert names("朝阳产业") == []


def test_every_foreign_country_is_a_region_but_an_organisation_is_not():
    assert names("阿曼多地近日遭遇强降雨") == [("阿曼", "阿曼")]
    assert names("加沙地带北部") == [("加沙地带", "巴勒斯坦")]
    assert names("联合国机构称") == []
