"""Incremental by content: a rerun processes only new bytes, and the marts match a full rebuild.

One warehouse is built from the sample documents, then the input folder changes the four ways an
archive does (a file renamed, a file edited, a file deleted, a file added) and the same warehouse
is built again. A second warehouse is built from scratch on the final folder; both must hold the
same marts, and the first must say what happened to each document.
"""

from __future__ import annotations

import json
import shutil

import dagster as dg
import duckdb
import pytest

from pipelines.batch.process import TABLES
from pipelines.storage.objectstore import ParquetStore
from pipelines.text.ingest import doc_id_of
from tests.conftest import RAW, build

# Invented text, not from the samples: one more sentence for an edited file, and a new short report.
ADDED_SENTENCE = "\n据统计，该区今年新签约项目12个，总投资35亿元。\n"
NEW_FILE = "某市日报2023年5月6日2版\n今年以来，全市新开工项目46个，完成投资120亿元，同比增长8.5%。\n"

# Marts compared between the incremental and the full build (batch ids differ by design).
MARTS = (
    "documents",
    "facts",
    "people",
    "projects",
    "cited_documents",
    "sentences",
    "search_postings",
    "search_terms",
    "targets_vs_actuals",
    "project_investments",
    "people_statements",
    "facts_by_region_period",
)


def build_ok(inp, wh) -> dg.ExecuteInProcessResult:
    result = build(inp, wh)
    assert result.success
    return result


def processed_now(result: dg.ExecuteInProcessResult) -> int:
    for event in result.get_asset_materialization_events():
        if event.asset_key == dg.AssetKey("facts"):
            return event.materialization.metadata["processed_now"].value
    raise AssertionError("facts was not materialised")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    inp, wh, full = root / "input", root / "warehouse", root / "full"
    shutil.copytree(RAW, inp)
    files = sorted(inp.glob("*.txt"))
    renamed, edited, deleted = files[0], files[1], files[2]
    ids = {
        "renamed": doc_id_of(renamed.read_bytes()),
        "edited_old": doc_id_of(edited.read_bytes()),
        "deleted": doc_id_of(deleted.read_bytes()),
    }
    first = build_ok(inp, wh)
    listings = []  # folder listings of the batch store during the next build
    with pytest.MonkeyPatch.context() as counting:
        listing = ParquetStore.list
        counting.setattr(
            ParquetStore, "list", lambda self, folder: listings.append(folder) or listing(self, folder)
        )
        again = build_ok(inp, wh)  # nothing changed

    renamed.rename(inp / "改名 后.txt")
    edited.write_bytes(edited.read_bytes() + ADDED_SENTENCE.encode())
    deleted.unlink()
    (inp / "new.txt").write_text(NEW_FILE, encoding="utf-8")
    ids["edited_new"] = doc_id_of(edited.read_bytes())
    ids["new"] = doc_id_of((inp / "new.txt").read_bytes())
    after = build_ok(inp, wh)
    rebuilt = build_ok(inp, full)
    con = duckdb.connect(":memory:")
    con.execute(f"attach '{wh / 'warehouse.duckdb'}' as inc (read_only)")
    con.execute(f"attach '{full / 'warehouse.duckdb'}' as fresh (read_only)")
    yield {
        "first": first,
        "again": again,
        "listings": listings,
        "after": after,
        "rebuilt": rebuilt,
        "ids": ids,
        "con": con,
        "wh": wh,
        "renamed_to": "改名 后.txt",
        "renamed_from": renamed.name,
        "edited": edited.name,
    }
    con.close()


def test_a_rerun_on_an_unchanged_folder_processes_nothing(runs):
    assert processed_now(runs["first"]) == 5
    assert processed_now(runs["again"]) == 0


def test_a_build_lists_the_batch_store_a_fixed_number_of_times(runs):
    """Planning, the check that every batch is whole and the clean-up each list every table's folder once,
    however many documents there are: a listing per document made a one-file run on 14,230 documents spend
    50 s listing folders."""
    assert len(runs["listings"]) <= 3 * len(TABLES)


def test_only_new_bytes_are_processed_after_the_changes(runs):
    assert processed_now(runs["after"]) == 2  # the edited file's new bytes and the new file
    assert processed_now(runs["rebuilt"]) == 5


def test_a_renamed_file_is_the_same_document_under_its_new_name(runs):
    con, ids = runs["con"], runs["ids"]
    name = con.execute(
        "select source_file from inc.marts.documents where doc_id = ?", [ids["renamed"]]
    ).fetchone()
    assert name == (runs["renamed_to"],)
    names = {
        r[0]
        for r in con.execute(
            "select distinct source_file from inc.marts.facts where doc_id = ?", [ids["renamed"]]
        ).fetchall()
    }
    assert names == {runs["renamed_to"]}
    status, paths = con.execute(
        "select status, paths from inc.marts.document_history where doc_id = ?", [ids["renamed"]]
    ).fetchone()
    assert status == "current" and paths == [runs["renamed_from"], runs["renamed_to"]]


def test_a_changed_file_replaces_its_old_facts(runs):
    con, ids = runs["con"], runs["ids"]
    assert con.execute(
        "select count(*) from inc.marts.facts where doc_id = ?", [ids["edited_old"]]
    ).fetchone() == (0,)
    added = con.execute(
        "select count(*) from inc.marts.facts where doc_id = ? and mention = '35亿元'", [ids["edited_new"]]
    ).fetchone()
    assert added == (1,)
    status, replaced_by = con.execute(
        "select status, replaced_by from inc.marts.document_history where doc_id = ?", [ids["edited_old"]]
    ).fetchone()
    assert (status, replaced_by) == ("replaced", ids["edited_new"])


def test_a_deleted_file_is_marked_and_its_facts_leave_the_marts(runs):
    con, ids = runs["con"], runs["ids"]
    for table in ("documents", "facts", "sentences", "search_postings", "people", "projects"):
        n = con.execute(
            f"select count(*) from inc.marts.{table} where doc_id = ?", [ids["deleted"]]
        ).fetchone()[0]
        assert n == 0, table
    status, gone_at = con.execute(
        "select status, gone_at from inc.marts.document_history where doc_id = ?", [ids["deleted"]]
    ).fetchone()
    assert status == "deleted" and gone_at is not None


def test_the_new_file_is_in_the_marts(runs):
    con, ids = runs["con"], runs["ids"]
    mentions = {
        r[0]
        for r in con.execute("select mention from inc.marts.facts where doc_id = ?", [ids["new"]]).fetchall()
    }
    assert {"46个", "120亿元", "8.5%"} <= mentions


def test_later_builds_of_a_warehouse_reuse_dbt_parse_state(runs):
    """dbt's target folder lives in the warehouse: the first build parses (its profile path is new), the
    next two find the parse state of the build before and skip parsing (dbt event I024: cannot partial
    parse)."""
    logs = sorted((runs["wh"] / "dbt").glob("dbt.log*"),  # dbt.log.2, dbt.log.1 (rotated), dbt.log
                  key=lambda p: -int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0)
    lines = [line for log in logs for line in log.read_text().splitlines()]
    events = [json.loads(line) for line in lines if line.startswith("{")]
    builds = list(dict.fromkeys(e["info"]["invocation_id"] for e in events))
    assert len(builds) == 3
    full_parses = [builds.index(e["info"]["invocation_id"]) for e in events if e["info"]["code"] == "I024"]
    assert set(full_parses) <= {0}
    assert (runs["wh"] / "dbt" / "run_results.json").is_file()


@pytest.mark.parametrize("table", MARTS)
def test_incremental_marts_equal_a_full_rebuild(runs, table):
    con = runs["con"]
    cols = [
        r[0]
        for r in con.execute(
            "select column_name from duckdb_columns() "
            "where database_name = 'fresh' and schema_name = 'marts' "
            "and table_name = ? and column_name <> 'batch_id' order by column_index",
            [table],
        ).fetchall()
    ]
    assert cols, table
    select = ", ".join(f'"{c}"' for c in cols)
    n_inc = con.execute(f"select count(*) from inc.marts.{table}").fetchone()[0]
    n_full = con.execute(f"select count(*) from fresh.marts.{table}").fetchone()[0]
    assert n_inc == n_full > 0
    only_inc = con.execute(
        f"select count(*) from (select {select} from inc.marts.{table} "
        f"except all select {select} from fresh.marts.{table})"
    ).fetchone()[0]
    assert only_inc == 0, f"{only_inc} rows of {table} differ"
