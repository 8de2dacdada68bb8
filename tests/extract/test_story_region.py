"""A story's place: named in its first sentence when its heading names none, it holds for the story."""

from pipelines.extract.document import extract_document
from pipelines.text.clean import clean_document


def regions_of(raw: str) -> dict[str, str]:
    doc = clean_document(raw, "x.txt")
    doc.update(doc_id="d1", source_file="x.txt")
    return {f["mention"]: f["region"] for f in extract_document(doc, version="test")["facts"]}


STORY = ("全国消息摘要\n\n"
         "农机展览会迎来采购高峰\n\n"
         "今天，全国农机展览会在成都开幕，展会持续五天。展会吸引了30多家外地企业参加。\n\n"
         "境外客商座谈会召开\n\n"
         "有关部门介绍，今年共有80余家境外客商报名。\n")


def test_the_place_of_a_story_lead_holds_for_the_story():
    got = regions_of(STORY)
    assert got["30多家"] == "成都市"


def test_the_next_story_does_not_inherit_the_place():
    assert regions_of(STORY)["80余家"] != "成都市"
