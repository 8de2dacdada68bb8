"""One row per project name: the bisection gives what comparing every pair of names gives."""

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract.document import SUFFIX_MIN_CHARS, _one_per_name

FIELDS = ("investment", "unit", "group_investment", "group_unit", "status")


def same(a: str, b: str) -> bool:
    """One name begins the other, or ends it and is at least SUFFIX_MIN_CHARS long."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) or (len(short) >= SUFFIX_MIN_CHARS and long.endswith(short))


def pairwise(projects: list[dict]) -> list[dict]:
    """The plain definition: a name joins the first project with a name it is the same as; a project keeps
    its longest name and the figures met first."""
    rows: list[dict] = []
    names: list[list[str]] = []
    for p in projects:
        first = next((i for i, seen in enumerate(names) if any(same(p["name"], n) for n in seen)), None)
        if first is None:
            rows.append(p)
            names.append([p["name"]])
            continue
        names[first].append(p["name"])
        for field in FIELDS:
            if rows[first].get(field) is None and p.get(field) is not None:
                rows[first][field] = p[field]
        if len(p["name"]) > len(rows[first]["name"]):
            rows[first]["name"] = p["name"]
    return rows


project = st.fixed_dictionaries({"name": st.text(alphabet="甲乙丙丁", min_size=1, max_size=7),
                                 "investment": st.sampled_from([None, 1.0, 2.0]),
                                 "status": st.sampled_from([None, "started", "completed"])})


@settings(max_examples=400, deadline=None)
@given(st.lists(project, max_size=15))
def test_the_same_rows_as_comparing_every_pair(projects):
    assert _one_per_name(copy.deepcopy(projects)) == pairwise(copy.deepcopy(projects))


def test_a_shorter_name_completes_the_first_mention():
    rows = _one_per_name([{"name": "某某产业园", "investment": None, "status": "started"},
                          {"name": "某某", "investment": 5.0, "status": None}])
    assert rows == [{"name": "某某产业园", "investment": 5.0, "status": "started"}]


def test_a_later_name_with_a_place_before_an_earlier_one_is_the_same_project_and_names_it():
    rows = _one_per_name([{"name": "国际某某研究中心", "investment": 3.0, "status": None},
                          {"name": "某某研究中心", "investment": None, "status": None},
                          {"name": "甲市国际某某研究中心", "investment": None, "status": "started"}])
    assert rows == [{"name": "甲市国际某某研究中心", "investment": 3.0, "status": "started"}]


def test_a_short_kind_ending_two_names_does_not_join_them():
    rows = _one_per_name([{"name": "数据中心", "investment": None, "status": None},
                          {"name": "甲市数据中心", "investment": None, "status": None},
                          {"name": "乙市数据中心", "investment": None, "status": None}])
    assert [r["name"] for r in rows] == ["数据中心", "甲市数据中心", "乙市数据中心"]
