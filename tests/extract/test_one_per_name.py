"""One row per project name: the bisection gives what comparing every pair of names gives."""

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract.document import _one_per_name

FIELDS = ("investment", "unit", "group_investment", "group_unit", "status")


def pairwise(projects: list[dict]) -> list[dict]:
    """The plain definition: a name joins the first kept name it begins or that begins it."""
    kept: dict[str, dict] = {}
    for p in projects:
        same = next((k for k in kept if k.startswith(p["name"]) or p["name"].startswith(k)), None)
        if same is None:
            kept[p["name"]] = p
            continue
        for field in FIELDS:
            if kept[same].get(field) is None and p.get(field) is not None:
                kept[same][field] = p[field]
    return list(kept.values())


project = st.fixed_dictionaries({"name": st.text(alphabet="甲乙丙丁", min_size=1, max_size=5),
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
