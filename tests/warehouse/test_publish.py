"""pipelines.serve.publish.publish on small real DuckDB files (no Dagster build;
tests/pipeline/test_snapshot.py covers the full build and a reader during it): what the copy holds, that
the BI drivers read it, that a publish failing half-way changes nothing and leaves nothing behind, and that
a republish under an open reader works for both sides."""

import hashlib
import os
import shutil
import subprocess
import threading
from pathlib import Path

import duckdb
import polars as pl
import pytest
import sqlalchemy as sa

from pipelines.serve.publish import current_build, current_database, publish, publish_lock
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
    """Every file and link under `published` (hidden ones too) with its digest or target."""
    return {str(p.relative_to(published)): os.readlink(p) if p.is_symlink() else sha(p)
            for p in sorted(published.rglob("*")) if p.is_symlink() or p.is_file()}


def test_the_copy_holds_every_table_with_comments_and_macros_and_the_drivers_read_it(tmp_path):
    src = make_source(tmp_path / "warehouse.duckdb")
    published = tmp_path / "published"
    counts = publish(src, published)
    assert counts == {"marts.documents": 1, "marts.facts": 3, "meta.builds": 1, "meta.published": 1,
                      "marts.top_facts (macro)": 0}
    assert sorted(p.name for p in published.iterdir()) == [".publish.lock", "builds", "current", "parquet",
                                                          "warehouse.duckdb"]
    assert [p.name for p in (published / "builds").iterdir()] == [os.readlink(published / "current")[7:]]

    con = duckdb.connect(str(published / "warehouse.duckdb"), read_only=True)
    tables = [f"{s}.{t}" for s, t in con.execute(
        "select schema_name, table_name from duckdb_tables() order by 1, 2").fetchall()]
    assert tables == ["marts.documents", "marts.facts", "meta.builds", "meta.published"]  # staging is not
    assert con.execute("select build_id from meta.published").fetchall() == [("b1",)]  # newest of meta.builds
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


def grow(src: Path, rows: int, build_id: str) -> None:
    """The next build of the warehouse: more facts and a new row in meta.builds."""
    con = duckdb.connect(str(src))
    con.execute(f"insert into marts.facts select range + 1000 * {rows}, 'x' from range({rows})")
    con.execute("insert into meta.builds values (?)", [build_id])
    con.close()


def test_a_long_lived_bi_process_sees_each_new_build_at_its_next_query(tmp_path):
    """One process, as a BI server runs: a pooled engine that keeps its connection open for the whole test,
    and the documented settings (NullPool; the link resolved at connect time). Each publish is a new file
    under builds/, so a connection made after it opens a path no open connection holds: DuckDB's one
    instance per path no longer pins the old build. The held connection keeps reading its build whole, even
    once that build's folder is pruned, and every reader can tell which build it reads (meta.published)."""
    src = make_source(tmp_path / "warehouse.duckdb", facts=3)
    published = tmp_path / "published"
    publish(src, published, build_id="b1", keep=2)
    path = published / "warehouse.duckdb"
    args = {"read_only": True}
    pooled = sa.create_engine(f"duckdb:///{path}", connect_args=args, pool_size=2, pool_pre_ping=True)
    plain = sa.create_engine(f"duckdb:///{path}", connect_args=args, poolclass=sa.pool.NullPool)
    resolved = sa.create_engine(f"duckdb:///{path}", connect_args=args, poolclass=sa.pool.NullPool)

    @sa.event.listens_for(resolved, "do_connect")
    def _current_build(dialect, record, cargs, cparams):  # docs/bi.md: the link resolved per connection
        cparams["database"] = current_database(published)

    read = sa.text("select (select build_id from meta.published), (select count(*) from marts.facts)")
    with pooled.connect() as held:
        assert held.execute(read).one() == ("b1", 3)
        for build_id, rows, total in (("b2", 4, 7), ("b3", 5, 12)):
            grow(src, rows, build_id)
            publish(src, published, keep=2)  # build id: the newest of meta.builds
            for engine in (plain, resolved):
                with engine.connect() as new:
                    assert new.execute(read).one() == (build_id, total)
            assert held.execute(read).one() == ("b1", 3)  # its own build, whole
        assert len(list((published / "builds").iterdir())) == 2  # b1's folder pruned under the reader
    pooled.dispose()
    with pooled.connect() as again:
        assert again.execute(read).one() == ("b3", 12)


def test_the_next_publish_removes_what_killed_publishes_left_but_waits_for_a_live_one(tmp_path):
    src = make_source(tmp_path / "warehouse.duckdb")
    published = tmp_path / "published"
    publish(src, published)
    # what a publish killed mid-way leaves, from other processes: this layout's and the earlier one's
    dead = [published / "builds" / ".tmp-20260101T000000000000Z-99999", published / ".parquet.tmp-99999",
            published / ".parquet.old-99998"]
    for folder in dead:
        folder.mkdir()
        (folder / "warehouse.duckdb").write_bytes(b"half")
    (published / ".warehouse.duckdb.tmp-99999").write_bytes(b"half")
    (published / ".warehouse.duckdb.tmp-99999.wal").write_bytes(b"half")
    before = current_build(published)
    # a live publisher holds the lock: the next publish waits for it and takes nothing of it meanwhile
    taken, release = threading.Event(), threading.Event()

    def live():
        with publish_lock(published):
            taken.set()
            release.wait(10)

    holder = threading.Thread(target=live)
    holder.start()
    taken.wait(10)
    second = threading.Thread(target=publish, args=(src, published))
    second.start()
    second.join(0.5)
    assert second.is_alive() and all(p.exists() for p in dead) and current_build(published) == before
    release.set()
    holder.join()
    second.join(30)
    assert not second.is_alive() and current_build(published) != before
    hidden = sorted(p.name for p in published.iterdir() if p.name.startswith("."))
    assert hidden == [".publish.lock"]
    assert not [p for p in (published / "builds").iterdir() if p.name.startswith(".")]


def test_a_folder_published_by_the_earlier_layout_is_taken_over(tmp_path):
    """Before builds/, published/warehouse.duckdb was a file and published/parquet a folder, each replaced
    in place. The first publish of this layout puts the links in their place."""
    src = make_source(tmp_path / "warehouse.duckdb")
    published = tmp_path / "published"
    (published / "parquet").mkdir(parents=True)
    (published / "parquet" / "marts.facts.parquet").write_bytes(b"old")
    shutil.copyfile(src, published / "warehouse.duckdb")
    publish(src, published, build_id="b2")
    assert os.readlink(published / "warehouse.duckdb") == "current/warehouse.duckdb"
    assert os.readlink(published / "parquet") == "current/parquet"
    assert pl.read_parquet(published / "parquet" / "marts.facts.parquet").height == 3
    con = duckdb.connect(str(published / "warehouse.duckdb"), read_only=True)
    assert con.execute("select build_id from meta.published").fetchall() == [("b2",)]
    con.close()
    assert sorted(p.name for p in published.iterdir()) == [".publish.lock", "builds", "current", "parquet",
                                                          "warehouse.duckdb"]
