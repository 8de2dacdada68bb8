"""Every SQL block of the README and of docs/questions.md runs on the published sample warehouse and
returns rows: the queries users copy must work as written."""

import re

import duckdb
import pytest

from tests.conftest import REPO

DOCUMENTS = ("README.md", "docs/questions.md")


def documented_queries() -> list[tuple[str, int, str]]:
    found = []
    for name in DOCUMENTS:
        blocks = re.findall(r"```sql\n(.*?)```", (REPO / name).read_text(encoding="utf-8"), flags=re.S)
        found += [(name, number, sql) for number, sql in enumerate(blocks, 1)]
    return found


@pytest.fixture(scope="module")
def published(sample_warehouse):
    con = duckdb.connect(str(sample_warehouse.published), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize(
    ("document", "number", "sql"), documented_queries(), ids=[f"{d}#{n}" for d, n, _ in documented_queries()]
)
def test_each_documented_query_returns_rows(published, document, number, sql):
    rows = published.execute(sql).fetchall()
    assert rows, f"query {number} of {document} returned nothing"
