"""pipelines.serve.publish.publish on small real DuckDB files (no Dagster build;
tests/pipeline/test_snapshot.py covers the full build and a reader during it): what the copy holds, that
the BI drivers read it, that a publish failing half-way changes nothing and leaves nothing behind, and that
a republish under an open reader works for both sides."""

import hashlib
import shutil
import subprocess
from pathlib import Path

import duckdb
import polars as pl
import pytest
import sqlalchemy as sa

from pipelines.serve.publish import publish
from tests.conftest import REPO


def make_source(path: Path, facts: int = 3) -> Path:
    """A warehouse shaped like ours: marts with comments and a table macro, meta, and a schema not
    published."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts; create schema meta; create schema staging")
    con.execute("create table marts.facts as select range as fact_id, '投资' || range as mention "
                f"from range({facts})")
    con.execute("comment on table marts.facts is 'One row per numeric fact.'")
    con.execute("comment on column marts.facts.mention is 'The text as written.'")
    con.execute("create table marts.documents as select 'a.txt' as source_file")
    con.execute("create table meta.builds as select 'b1' as build_id")
    con.execute("create table staging.scratch as select 1 as x")
    con.execute("create macro marts.top_facts(k) as table select * from marts.facts order by fact_id limit k")
    con.close()
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def state(published: Path) -> dict[str, str]:
    """Every file under `published` (hidden ones too) with its digest."""
    return {str(p.relative_to(published)): sha(p) for p in sorted(published.rglob("*")) if p.is_file()}


def test_the_copy_holds_every_table_with_comments_and_macros_and_the_drivers_read_it(tmp_path):
    src = make_source(tmp_path / "warehouse.duckdb")
    published = tmp_path / "published"
    counts = publish(src, published)
    assert counts == {"marts.documents": 1, "marts.facts": 3, "meta.builds": 1, "marts.top_facts (macro)": 0}
    assert sorted(p.name for p in published.iterdir()) == ["parquet", "warehouse.duckdb"]

    con = duckdb.connect(str(published / "warehouse.duckdb"), read_only=True)
    tables = [f"{s}.{t}" for s, t in con.execute(
        "select schema_name, table_name from duckdb_tables() order by 1, 2").fetchall()]
    assert tables == ["marts.documents", "marts.facts", "meta.builds"]  # staging is not published
    assert con.execute("select comment from duckdb_tables() where table_name = 'facts'").fetchone()[0] \
        == "One row per numeric fact."
    assert con.execute("select comment from duckdb_columns() where table_name = 'facts' "
                       "and column_name = 'mention'").fetchone()[0] == "The text as written."
    assert con.execute("select fact_id from marts.top_facts(2)").fetchall() == [(0,), (1,)]
    con.close()

    for table in tables:  # Parquet, one file per table
        assert pl.read_parquet(published / "parquet" / f"{table}.parquet").height == counts[table]

    engine = sa.create_engine(f"duckdb:///{published / 'warehouse.duckdb'}", connect_args={"read_only": True},
                              poolclass=sa.pool.NullPool)
    with engine.connect() as sa_con:  # duckdb-engine, as Superset uses it
        for table in tables:
            assert len(sa_con.execute(sa.text(f"select * from {table}")).fetchall()) == counts[table]
        with pytest.raises(sa.exc.DBAPIError):  # read-only really is read-only
            sa_con.execute(sa.text("create table marts.x as select 1"))

    cli = REPO / ".venv" / "bin" / "duckdb"
    cli = str(cli) if cli.exists() else shutil.which("duckdb")
    if cli:  # the DuckDB CLI (duckdb-cli, same version) with -readonly
        out = subprocess.run([cli, "-readonly", "-csv", "-noheader", str(published / "warehouse.duckdb"),
                              "-c", "select count(*) from marts.facts"],
                             capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "3"


def test_a_publish_failing_half_way_changes_nothing_and_leaves_no_temp_files(tmp_path):
    src = make_source(tmp_path / "warehouse.duckdb")
    published = tmp_path / "published"
    publish(src, published)
    before = state(published)
    # A real failure after some tables are copied and exported: a table whose name holds a path
    # separator cannot be written as <schema>.<table>.parquet (dbt model names never do this).
    con = duckdb.connect(str(src))
    con.execute("insert into marts.facts select range + 100, 'x' from range(5)")
    con.execute('create table marts."z/unexportable" as select 1 as x')
    con.close()
    with pytest.raises(duckdb.Error):
        publish(src, published)
    assert state(published) == before  # byte-identical, and no .tmp-/.old- file or folder left
    with pytest.raises(FileNotFoundError):
        publish(tmp_path / "missing.duckdb", published)
    assert state(published) == before


def test_a_republish_while_a_reader_holds_the_old_copy_works_for_both(tmp_path):
    """The rename neither waits for nor breaks an open reader. A process keeps reading the copy it opened
    for as long as it holds any connection to that path (DuckDB shares one database instance per path and
    process), and sees the new copy on the first connection after its last one closed: why BI pools that
    never close (Metabase's) need their connections recycled, and Superset's NullPool does not."""
    src = make_source(tmp_path / "warehouse.duckdb", facts=3)
    published = tmp_path / "published"
    publish(src, published)
    url = f"duckdb:///{published / 'warehouse.duckdb'}"
    held = sa.create_engine(url, connect_args={"read_only": True})
    fresh = sa.create_engine(url, connect_args={"read_only": True}, poolclass=sa.pool.NullPool)
    count = sa.text("select count(*) from marts.facts")
    with held.connect() as old:
        assert old.execute(count).scalar() == 3
        con = duckdb.connect(str(src))
        con.execute("insert into marts.facts select range + 100, 'x' from range(4)")
        con.close()
        publish(src, published)
        assert old.execute(count).scalar() == 3  # the copy it opened, whole
        with fresh.connect() as same_process:
            assert same_process.execute(count).scalar() == 3  # same instance while `old` is open
    held.dispose()
    with fresh.connect() as new:
        assert new.execute(count).scalar() == 7
