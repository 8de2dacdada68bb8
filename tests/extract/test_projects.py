from pipelines.extract.projects import find_projects


def projects(sentence):
    return {p["name"]: (p["investment"], p["status"]) for p in find_projects(sentence, 0)}


def test_names_ending_in_a_project_suffix_with_their_investment():
    got = projects("重点抓好总投资100亿元的全球香辛料交易金融中心项目、"
                   "总投资50亿元的青岛全民应急体验培训中心项目。")
    assert got["全球香辛料交易金融中心项目"][0] == 1e10
    assert got["青岛全民应急体验培训中心项目"][0] == 5e9


def test_list_items_before_deng_are_projects_with_a_status():
    got = projects("加快建设金能科技、芯恩集成电路等27个重点工业项目。")
    assert set(got) == {"金能科技", "芯恩集成电路"}
    assert got["金能科技"][1] == "under_construction"
    assert set(projects("推进美锦新能源、富士康等已签约项目的落地开工。")) == {"美锦新能源", "富士康"}


def test_category_phrases_are_not_projects():
    assert projects("滚动推进120个技改项目。") == {}
    assert projects("新开工重点项目和海洋产业项目加快推进。") == {}


def test_a_list_or_regional_total_is_the_groups_not_a_members():
    rows = {p["name"]: p for p in find_projects(
        "加快建设甲乙科技、丙丁电子等总投资740亿元的27个重点工业项目。", 0)}
    assert rows["甲乙科技"]["investment"] is None and rows["丙丁电子"]["investment"] is None
    assert rows["甲乙科技"]["group_investment"] == 7.4e10
    got = projects("推进总投资600亿元的某某城市综合开发等13个项目。")
    assert all(inv is None for inv, _ in got.values())
    got = projects("推进甲方机器人、乙方智造等项目签约，确保年内引进项目160个、总投资2200亿元以上。")
    assert all(inv is None for inv, _ in got.values())


def test_an_own_investment_is_kept_beside_a_list_of_single_projects():
    got = projects("全力推动总投资10亿元的某某科技中心、总投资30亿元的航运科技中心开工。")
    assert got["航运科技中心"][0] == 3e9


def test_items_sharing_a_head_noun_are_full_names():
    assert set(projects("推进甲乙、丙丁实验室建设。")) == {"甲乙实验室", "丙丁实验室"}


def test_a_pronoun_or_a_category_is_not_a_name():
    assert projects("这一中心将投入使用。") == {}
    assert projects("建设高水平大学和公立医院。") == {}


def test_a_place_names_a_facility_but_a_sector_total_is_not_its_investment():
    got = projects("推进某某至某某高速铁路前期工作，力争完成交通投资800亿元。")
    assert all(inv is None for inv, _ in got.values())


def test_a_line_between_two_places_and_a_second_phase_keep_their_names():
    assert set(projects("开工甲城至乙镇、丙城至丁镇等铁路。")) >= {"甲城至乙镇", "丙城至丁镇"}
    assert set(projects("推进华能电厂一期、二期等工程建设。")) == {"华能电厂一期", "华能电厂二期"}


def test_latin_codes_are_not_names():
    assert "ICU" not in projects("加强发热门诊、ICU等建设。")


def test_a_programme_carried_out_is_not_a_project_but_a_works_built_is():
    assert projects("深入实施青山文化惠民工程，加强文化服务。") == {}
    assert "青山水系连通工程" in projects("加快建设青山水系连通工程。")


def test_a_body_news_comes_from_or_a_venue_is_not_a_project():
    assert projects("记者从国家某某监测中心获悉，今年以来数量增长。") == {}
    assert projects("在北山卫星发射中心，火箭竖立在发射台上。") == {}
    assert projects("布局建设5个省实验室。") == {}


def test_a_coined_name_in_quotes_is_part_of_a_name_but_a_slogan_alone_is_not():
    got = projects("加快推进东山地区清洁供暖“一张网”工程，持续推进环青湖“湖泊+”绿色发展区建设。")
    assert {"东山地区清洁供暖“一张网”工程", "环青湖“湖泊+”绿色发展区"} <= set(got)
    assert projects("谋划储备一批“两重”项目。") == {}


def test_a_deep_water_port_is_a_head():
    assert set(projects("谋划研究北湾口深水港建设。")) == {"北湾口深水港"}


def test_titles_sought_classes_and_fragments_are_not_projects():
    assert projects("争创甲乙、丙丁国家应用中试基地。") == {}
    assert projects("引进一批龙头企业和青山特色产业项目。") == {}
    assert projects("全国二级以上青山医院都设置了门诊。") == {}
    got = projects("青山国际机场提质改造工程西跑道建成投运。")
    assert not any(name.startswith("工程") for name in got)


def test_policies_taking_effect_and_activities_listed_are_not_projects():
    assert projects("青山标准、白水认证、两地药械通等落地见效。") == {}
    assert projects("采取资源化利用、纳厂处理等方式提高项目效能。") == {}
    assert "纳雍至青山" in projects("开工大村至白水、纳雍至青山等铁路。")


def test_counted_and_batched_classes_are_not_projects_but_a_development_listed_is():
    assert projects("加快建设6个省级粮食仓储设施项目。") == {}
    assert projects("建成青山文明实践中心2.8万个。") == {}
    assert projects("启动第二批青山生态保护工程试点。") == {}
    assert "城东综合开发" in projects("推进总投资60亿元的城东综合开发等13个项目。")


def test_a_shared_head_leaves_the_last_items_own_name_out():
    got = projects("投运东威、南阳辛安核电送出特高压工程。")
    assert "东威核电送出特高压工程" in got and "东威辛安核电送出特高压工程" not in got
    assert "汕头临港经济区" in projects("加快汕头、湛江临港经济区建设。")


def test_an_adverb_before_a_verb_and_a_national_field_stay_inside_a_name():
    assert "青州碳纤维绿电就近消纳项目" in projects("青州碳纤维绿电就近消纳项目投运。")
    assert "国家碳计量中心" in projects("国家碳计量中心加快建设。")
    assert projects("累计创建3家国家产业创新中心。") == {}
    assert projects("对接国家重大战略项目。") == {}


def test_list_items_before_a_modified_head_and_a_whole_item_jieba_cut_wrong():
    got = projects("推进国家海洋综合试验场、冷泉生态系统、极地考察国内基地等创新平台建设。")
    assert {"国家海洋综合试验场", "冷泉生态系统", "极地考察国内基地"} <= set(got)
    assert "上合资本港" in projects("加快上合经贸综合服务平台、上合资本港等重点项目实施。")
    assert "黄百" in projects("推动黄百等4个在建铁路项目加快建设。")


def test_candidates_for_a_title_are_not_projects():
    assert projects("推动青山古道、白水古城等项目申报世界文化遗产。") == {}


def test_a_train_service_on_a_corridor_is_not_the_corridor():
    assert projects("扩大青川新通道班列、白水通道班列开行规模。") == {}


def test_a_short_qualifier_in_brackets_belongs_to_the_name_before_it():
    assert "广青（澳）高铁" in projects("开工建设广青（澳）高铁白洲至横山段，")


def test_a_list_of_kinds_with_one_word_jieba_tags_as_a_name_is_not_of_projects():
    # 民用航空 is tagged as an organisation; the other two items carry no proper word
    assert projects("今年要加强轨道交通、民用航空、电力设施等重大项目建设。") == {}


def test_a_counted_list_keeps_its_items_though_most_carry_no_proper_word():
    got = projects("对新引进的多维生物材料、恒达新型分子筛、现代农业创意园等6个大项目逐一落实帮包。")
    assert set(got) == {"多维生物材料", "恒达新型分子筛", "现代农业创意园"}



def test_a_slogan_counting_parts_is_not_a_name():
    assert projects("推动五河“一港两园”建设。") == {}
    assert projects("高标准建设“四区一园”。") == {}


def test_dormitories_of_a_kind_of_school_are_a_kind():
    assert projects("加快高校学生宿舍等项目建设。") == {}
