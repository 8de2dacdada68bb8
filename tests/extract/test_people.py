"""People extraction by rule family, on invented sentences (no document's text), and the shape of
`_person_region` (bisection, not a scan of every region mention for every person)."""

from __future__ import annotations

import math
import random

import pytest

from pipelines.extract import document
from pipelines.extract.people import find_people
from pipelines.extract.regions import RegionMention
from pipelines.lexicon import load_lexicon
from pipelines.text.segment import default_segmenter


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def people(text: str, lexicon) -> dict[str, dict]:
    tokens = default_segmenter().cut(text)
    names = {(t.start, t.end) for t in tokens if t.pos == "nr"}
    found: dict[str, dict] = {}
    for row in find_people(text, lexicon, names, tokens):
        found.setdefault(row["name"], row)
    return found


@pytest.mark.parametrize("text, name, role, first_title", [
    ("市委常委、某某区委书记王建国表示，要抓好项目。", "王建国", "official", "市委常委"),
    ("某某省省长 李明远\n各位代表：", "李明远", "official", "某某省省长"),
    ("国家副主席张宏伟18日在北京会见客人。", "张宏伟", "official", "国家副主席"),
    ("“90后”线路工刘小军和工友们坚守一线。", "刘小军", "other", "线路工"),
    ("某某科技有限公司董事长 陈志强介绍，今年订单增长。", "陈志强", "other", "某某科技有限公司董事长"),
    ("村民赵大山说，日子越过越好。", "赵大山", "other", "村民"),
    ("某某集团党委书记、董事长钱立新建议，", "钱立新", "other", "某某集团党委书记"),
])
def test_a_title_chain_then_the_name(lexicon, text, name, role, first_title):
    row = people(text, lexicon)[name]
    assert (row["role"], row["titles"][0]) == (role, first_title)


@pytest.mark.parametrize("text, name", [
    ("深入学习贯彻王建华总书记重要讲话精神。", "王建华"),
    ("按照孙国栋书记要求，各部门抓好落实。", "孙国栋"),
    ("<p>周海平同志任某某省委委员、常委、书记。</p>", "周海平"),
    ("2.林志远出席开幕式并致辞；", "林志远"),
])
def test_the_name_then_a_title_or_a_leaders_verb(lexicon, text, name):
    assert people(text, lexicon)[name]["role"] == "official"


@pytest.mark.parametrize("text, name", [
    ("据报道，法国总统马克西姆2日表示，将继续推动合作。", "马克西姆"),
    ("新任副总统阿尔贝托和时任副总统科斯塔出席。", "阿尔贝托"),
    ("土库曼斯坦总统谢尔盖·伊万诺夫将于5日访华。", "谢尔盖·伊万诺夫"),
])
def test_a_foreign_title_then_a_transliterated_name(lexicon, text, name):
    row = people(text, lexicon)[name]
    assert row["role"] == "official"


def test_foreign_names_end_where_a_word_starts(lexicon):
    found = people("以色列总理内塔尼亚胡加剧与邻国的对峙。", lexicon)
    assert "内塔尼亚胡" in found and not any(n.startswith("内塔尼亚胡加") for n in found)


def test_photo_credits_and_bylines_are_reporters(lexicon):
    found = people("会场一角。 某某日报新闻记者 周晓明 摄\n正文。", lexicon)
    assert found["周晓明"]["role"] == "reporter"
    assert found["周晓明"]["titles"] == ["某某日报新闻记者"]
    found = people("（通讯员 王小海 记者 李大江）", lexicon)
    assert {n: r["titles"] for n, r in found.items()} == {"王小海": ["通讯员"], "李大江": ["记者"]}


def test_a_photo_caption_names_the_person_pictured(lexicon):
    assert people("图为刘海涛在车间调试设备。", lexicon)["刘海涛"]["role"] == "other"


@pytest.mark.parametrize("text", [
    "坚持以邓小平理论、“三个代表”重要思想为指导。",
    "深入学习贯彻王建华新时代中国特色社会主义思想。",
    "中山市长江路拓宽工程开工。",
    "沙特外交大臣会见代表团。",
    "王建华总书记关于党的建设的重要思想。",
    "市民张女士说，很方便。",
    "会上，王省长表示，要抓好落实。",
])
def test_doctrines_places_and_bare_titles_are_not_people(lexicon, text):
    found = people(text, lexicon)
    assert not set(found) - {"王建华"}


def test_one_role_per_name_official_first(lexicon):
    rows = find_people("记者 王建国 报道\n区长王建国表示，", lexicon, set(), None)
    assert {r["role"] for r in rows if r["name"] == "王建国"} == {"official"}


class _Counted(list):
    """A list that counts the items read from it."""

    reads = 0

    def __getitem__(self, i):
        _Counted.reads += 1
        return super().__getitem__(i)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


def _quadratic(person, mentions, doc_region):
    inside = [m for m in mentions if person["char_start"] <= m.start < person["char_end"]]
    return inside[0].name if inside else doc_region


def test_person_region_is_a_bisection_not_a_scan(lexicon):
    rng = random.Random(7)
    n = 5000
    starts = sorted(rng.sample(range(50 * n), n))
    mentions = [RegionMention(s, s + 2, f"区{i}", f"区{i}") for i, s in enumerate(starts)]
    persons = []
    for _ in range(n):
        a = rng.randrange(50 * n)
        persons.append({"char_start": a, "char_end": a + rng.randrange(1, 40), "mention": "区长某某",
                        "role": "official"})
    counted_starts, counted_mentions = _Counted(starts), _Counted(mentions)
    _Counted.reads = 0
    got = [document._person_region(p, counted_mentions, counted_starts, "某市", lexicon) for p in persons]
    assert 0 < _Counted.reads <= n * (math.log2(n) + 4)  # a scan per person would read n * n = 25,000,000
    assert got == [_quadratic(p, mentions, "某市") for p in persons]


def test_person_region_only_for_officials(lexicon):
    mentions = [RegionMention(0, 2, "某区", "某区")]
    other = {"char_start": 0, "char_end": 6, "mention": "某区村民某某", "role": "other"}
    assert document._person_region(other, mentions, [0], "某市", lexicon) is None


@pytest.mark.parametrize("text, name", [
    ("法国总统马克龙巴黎时间16日表示，将继续推进改革。", "马克龙"),
    ("俄罗斯外长拉夫罗夫莫斯科时间5日说，双方将会谈。", "拉夫罗夫"),
    ("英国首相苏纳克伦敦当地时间3日宣布新政策。", "苏纳克"),
])
def test_a_foreign_name_stops_before_the_city_whose_time_follows(text, name, lexicon):
    assert set(people(text, lexicon)) == {name}
