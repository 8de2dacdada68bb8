"""The published copy: whole, readable by BI drivers while a build writes, untouched by a failed publish."""

import hashlib
import os
import shutil
import subprocess
import sys
import time

import dagster as dg
import duckdb
import polars as pl
import pytest
import sqlalchemy as sa

from pipelines.defs.resources import build_resources
from pipelines.serve.publish import publish
from tests.conftest import RAW, REPO, pipeline_assets


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("snapshot")
    inp, wh = root / "input", root / "warehouse"
    shutil.copytree(RAW, inp)
    mp = pytest.MonkeyPatch()
    mp.setenv("PIPELINE_WAREHOUSE", str(wh))
    mp.setenv("PIPELINE_INPUT", str(inp))
    result = dg.materialize(
        pipeline_assets(),
        resources=build_resources(str(inp), str(wh)),
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    yield root, inp, wh
    mp.undo()


def marts(con) -> list[str]:
    return [
        f"{s}.{t}"
        for s, t in con.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where schema_name in ('marts', 'meta') order by 1, 2"
        ).fetchall()
    ]


def test_published_copy_has_every_mart_with_the_same_rows(built):
    _, _, wh = built
    main = duckdb.connect(str(wh / "warehouse.duckdb"), read_only=True)
    pub = duckdb.connect(str(wh / "published" / "warehouse.duckdb"), read_only=True)
    assert marts(pub) == sorted(marts(main) + ["meta.published"]) and "marts.facts" in marts(pub)
    run_id = main.execute("select build_id from meta.builds order by finished_at desc limit 1").fetchone()[0]
    assert pub.execute("select build_id from meta.published").fetchall() == [(run_id,)]
    for table in marts(main):
        assert (
            pub.execute(f"select count(*) from {table}").fetchone()
            == main.execute(f"select count(*) from {table}").fetchone()
        ), table
    assert pub.execute("select comment from duckdb_tables() where table_name = 'facts'").fetchone()[0]
    for table in marts(main):
        frame = pl.read_parquet(wh / "published" / "parquet" / f"{table}.parquet")
        assert frame.height == main.execute(f"select count(*) from {table}").fetchone()[0]
    main.close()
    pub.close()


def test_bi_reads_the_published_copy_while_a_build_writes(built):
    root, inp, wh = built
    home = root / "dagster_home"
    home.mkdir(exist_ok=True)
    shutil.copy(REPO / "pipelines" / "dagster_instance.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "PIPELINE_INPUT": str(inp),
        "PIPELINE_WAREHOUSE": str(wh),
        "DAGSTER_HOME": str(home),
        "PATH": f"{REPO / '.venv' / 'bin'}:{os.environ['PATH']}",
    }
    # a BI server's long-lived pool: one connection kept open across the build, on the build before it
    held = sa.create_engine(f"duckdb:///{wh / 'published' / 'warehouse.duckdb'}",
                            connect_args={"read_only": True}, pool_size=2, pool_pre_ping=True).connect()
    which = sa.text("select build_id, published_at from meta.published")
    first = held.execute(which).one()
    build = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "run"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    engine = sa.create_engine(
        f"duckdb:///{wh / 'published' / 'warehouse.duckdb'}",
        connect_args={"read_only": True},
        poolclass=sa.pool.NullPool,
    )
    reads = 0
    try:
        while build.poll() is None:
            with engine.connect() as con:
                for table in (
                    "marts.facts",
                    "marts.documents",
                    "marts.people",
                    "marts.projects",
                    "marts.targets_vs_actuals",
                    "marts.project_investments",
                ):
                    assert con.execute(sa.text(f"select count(*) from {table}")).scalar() > 0
            reads += 1
            time.sleep(0.2)
    finally:
        _, err = build.communicate(timeout=600)
    assert build.returncode == 0, err[-2000:]
    assert reads > 5
    # the documented settings (docs/bi.md): NullPool, so the next query after the build sees it, in the same
    # process that still holds a connection to the build before; meta.published says which build each reads
    with engine.connect() as con:
        second = con.execute(which).one()
    assert second[0] != first[0] and second[1] > first[1]
    live = duckdb.connect(str(wh / "warehouse.duckdb"), read_only=True)
    assert live.execute("select build_id from meta.builds order by finished_at desc limit 1").fetchone()[0] \
        == second[0]
    live.close()
    assert held.execute(which).one() == first  # the held connection reads its build whole
    held.close()


def test_a_failed_publish_leaves_the_published_copy_as_it_was(built, tmp_path):
    _, _, wh = built
    published = wh / "published"
    before = hashlib.sha256((published / "warehouse.duckdb").read_bytes()).hexdigest()
    with pytest.raises(FileNotFoundError):
        publish(tmp_path / "missing.duckdb", published)
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"not a duckdb file" * 100)
    with pytest.raises(duckdb.Error):
        publish(broken, published)
    assert hashlib.sha256((published / "warehouse.duckdb").read_bytes()).hexdigest() == before
    assert sorted(p.name for p in published.iterdir()) == [".publish.lock", "builds", "current", "parquet",
                                                          "warehouse.duckdb"]
    assert not [p for p in (published / "builds").iterdir() if p.name.startswith(".")]
