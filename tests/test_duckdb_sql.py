"""SQL literals for DuckDB, and the dbt plugin that uses them on every build's connection."""

import subprocess
import sys

import duckdb
import pytest

from pipelines.storage.duckdb_sql import literal, literal_list


@pytest.mark.parametrize("value",
                         ["plain", "it's", "''", "a\\b", "某市'新区'", "line\nbreak", "--", 7, 2.5])
def test_a_literal_reads_back_as_the_value(value):
    assert duckdb.connect().execute(f"select {literal(value)}").fetchone()[0] == str(value)


def test_none_and_booleans_are_sql_keywords():
    assert (literal(None), literal(True), literal(False)) == ("NULL", "true", "false")
    sql = f"select 'b' in {literal_list(['a', 'b'])}, 'c' in {literal_list(['a'])}"
    assert duckdb.connect().execute(sql).fetchone() == (True, False)


def test_the_dbt_plugin_hands_the_build_id_to_sql_without_importing_pandas():
    """dbt runs set_build_id on every connection of every build; a bound parameter there made the duckdb
    module import pandas and numpy in each build."""
    code = (
        "import os, sys, duckdb\n"
        "from pipelines.storage.dbt_plugin import set_build_id\n"
        "con = duckdb.connect()\n"
        "os.environ['PIPELINE_BUILD_ID'] = \"run'1\"\n"
        "set_build_id(con)\n"
        "first = con.execute(\"select getvariable('pipeline_build_id')\").fetchone()[0]\n"
        "os.environ['PIPELINE_BUILD_ID'] = ''\n"
        "set_build_id(con)\n"
        "second = con.execute(\"select getvariable('pipeline_build_id')\").fetchone()[0]\n"
        "print(first, second, 'pandas' in sys.modules, 'polars' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["run'1", "None", "False", "False"]
