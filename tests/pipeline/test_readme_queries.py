"""Every SQL block of the README's analyst questions runs on a real warehouse and returns rows."""

import re
import shutil

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import all_assets
from pipelines.defs.resources import build_resources
from tests.conftest import RAW, REPO


def readme_queries() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Analyst questions", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("readme")
    inp, wh = root / "input", root / "warehouse"
    shutil.copytree(RAW, inp)
    mp = pytest.MonkeyPatch()
    mp.setenv("PIPELINE_WAREHOUSE", str(wh))
    mp.setenv("PIPELINE_INPUT", str(inp))
    result = dg.materialize(all_assets, resources=build_resources(str(inp), str(wh)),
                            instance=dg.DagsterInstance.ephemeral())
    assert result.success
    con = duckdb.connect(str(wh / "warehouse.duckdb"), read_only=True)
    yield con
    con.close()
    mp.undo()


def test_the_readme_asks_at_least_eight_questions():
    assert len(readme_queries()) >= 8


@pytest.mark.parametrize("number", range(len(readme_queries())))
def test_each_question_is_answered(warehouse, number):
    rows = warehouse.execute(readme_queries()[number]).fetchall()
    assert rows, f"question {number + 1} returned nothing"
