"""The analyst report: render_report on a small hand-made warehouse, then the real one in headless
Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess

import dagster as dg
import duckdb
import pytest
from plotly.offline import get_plotlyjs

from pipelines.serve.report import build, render_report, write_report
from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = REPO / ".tmp" / "test-output" / "report"
SECTIONS = ("targets", "projects", "regions", "people", "quality", "sentences")

# Invented rows: a made-up district, made-up people, text with HTML metacharacters to check escaping.
SCHEMA = """
create schema marts; create schema meta;
create table meta.builds (build_id varchar, finished_at timestamptz, git_commit varchar,
    extractor_version varchar);
insert into meta.builds values ('b1', now(), 'abc123', '9.9.9');
create table marts.facts (fact_id varchar, doc_id varchar, source_file varchar, fact_type varchar,
    value double, value_high double, unit varchar, modality varchar, region varchar, period varchar,
    mention varchar, sentence varchar, char_start integer, char_end integer);
insert into marts.facts values
  ('f1', 'd1', '甲.txt', 'money', 1200000000, null, 'CNY', 'target', '示例区', '2030年', '12亿元',
   '示例区计划投资12亿元建设A&B<新>园区。', 10, 14),
  ('f2', 'd1', '甲.txt', 'money', 900000000, null, 'CNY', 'actual', '示例区', '2029年', '9亿元',
   '示例区去年完成投资9亿元。', 40, 43),
  ('f3', 'd2', '乙.txt', 'percent', 7.5, null, '%', 'actual', '样板市', null, '7.5%',
   '样板市产值增长7.5%。', 5, 9);
create table marts.targets_vs_actuals as select
  '示例区' as region, '投资' as metric, 'CNY' as unit, 1200000000.0 as target_value,
  null::double as target_value_high, '2030年' as target_period,
  '示例区计划投资12亿元建设A&B<新>园区。' as target_sentence,
  '甲.txt' as target_source_file, 'f1' as target_fact_id, 900000000.0 as actual_value,
  '2029年' as actual_period,
  '示例区去年完成投资9亿元。' as actual_sentence, '甲.txt' as actual_source_file, 'f2' as actual_fact_id,
  0.75 as share_of_target;
create table marts.project_investments (name varchar, region varchar, investment double, unit varchar,
    status varchar, latest_mention varchar, latest_source_file varchar);
insert into marts.project_investments values
  ('未来</script><script>alert(1)</script>产业园', '示例区', 1200000000, 'CNY', 'planned', '未来产业园',
   '甲.txt'),
  ('蓝湾码头', '样板市', null, null, 'operating', '蓝湾码头', '乙.txt');
create table marts.facts_by_region_period (region varchar, period varchar, fact_count bigint,
    source_files varchar[]);
insert into marts.facts_by_region_period values ('示例区', '2030年', 1, ['甲.txt']),
  ('示例区', '2029年', 1, ['甲.txt']), ('样板市', '(none)', 1, ['乙.txt']);
create table marts.people (name varchar, titles varchar[], role varchar, source_file varchar);
insert into marts.people values ('李明远', ['区长'], 'official', '甲.txt'),
  ('周小雨', [], 'reporter', '乙.txt');
create table marts.people_statements (name varchar, source_file varchar, fact_id varchar);
insert into marts.people_statements values ('李明远', '甲.txt', 'f1'), ('李明远', '甲.txt', 'f2');
create table marts.documents (source_file varchar, script varchar, quality_flags varchar[],
    mojibake_spans struct("start" integer, "end" integer, original varchar, repaired varchar,
                          guessed_chars integer)[],
    fact_count bigint);
insert into marts.documents values ('甲.txt', 'hans', ['hard_wraps_joined'], [], 2),
  ('乙.txt', 'hant', ['converted_to_simplified', 'mojibake_repaired'],
   [{'start': 1, 'end': 3, 'original': 'x', 'repaired': 'y', 'guessed_chars': 1}], 1);
create table marts.quarantine (source_file varchar, size_bytes bigint, reason varchar);
"""


@pytest.fixture(params=["none_quarantined", "one_quarantined"])
def warehouse(request, tmp_path):
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute(SCHEMA)
    if request.param == "one_quarantined":
        con.execute("insert into marts.quarantine values ('扫描件.png', 108, 'not text: PNG image')")
    con.close()
    return path, request.param


def test_every_section_is_present_and_plotly_is_inline_once(warehouse):
    path, _ = warehouse
    page = render_report(path)
    for anchor in SECTIONS:
        assert f'<section id="{anchor}">' in page, anchor
    assert page.count(get_plotlyjs()[:500]) == 1
    assert page.count('class="plotly-graph-div"') == page.count('class="chart"') >= 6
    assert '<pre id="script-errors" hidden></pre>' in page
    assert page.index('id="script-errors"') < page.index(get_plotlyjs()[:500])


def test_nothing_is_loaded_from_the_network(warehouse):
    page = render_report(warehouse[0])
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I), "every script is inline"
    assert not re.search(r"<(script|link|img|iframe)[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", page, re.I)


def test_chinese_is_written_as_is_and_markup_in_text_is_escaped(warehouse):
    page = render_report(warehouse[0])
    assert "示例区" in page and "李明远" in page and "&#" not in page.split("<script", 1)[0]
    assert "<mark>12亿元</mark>建设A&amp;B&lt;新&gt;园区。" in page
    assert "<script>alert(1)" not in page
    assert "A&B<新>" not in page


def test_every_fact_has_an_anchor_and_charts_link_to_them(warehouse):
    page = render_report(warehouse[0])
    for fact_id in ("f1", "f2", "f3"):
        assert f'<tr id="fact-{fact_id}">' in page
    assert 'href="#fact-f1"' in page and 'href="#fact-f2"' in page  # the targets table
    assert "fact:f1" in page  # the targets chart's click data
    assert "甲.txt #fact-f1" in page  # hover text names the file and the fact


def test_quarantine_and_gold(warehouse):
    path, case = warehouse
    page = render_report(path)
    if case == "one_quarantined":
        assert "扫描件.png" in page and "not text: PNG image" in page
    else:
        assert "No file was quarantined" in page
    assert "No gold for these documents." in page
    scored = render_report(path, gold_score={"core_f1": 0.9123, "people_f1": 1.0})
    assert "core_f1" in scored and "0.912" in scored and "No gold for these documents." not in scored
    assert '<b id="mojibake-count">1</b>' in page


def test_counts_and_atomic_write(warehouse, tmp_path):
    path, _ = warehouse
    report = build(path)
    assert report.table_rows == 3 and report.charts >= 6
    out = write_report(path, tmp_path / "report" / "index.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["index.html"]


@pytest.fixture(scope="module")
def real_report(sample_warehouse):
    """The report the pipeline wrote for the five sample documents (the shared sample warehouse)."""
    return sample_warehouse.result, sample_warehouse.warehouse_dir / "report" / "index.html"


def test_the_run_writes_the_report(real_report):
    result, path = real_report
    assert path.exists()
    meta = [m for m in result.get_asset_materialization_events()
            if m.asset_key == dg.AssetKey("analyst_report")][0].materialization.metadata
    assert meta["charts"].value >= 6 and meta["sentence_rows"].value > 300
    assert meta["size_bytes"].value == path.stat().st_size
    assert meta["gold"].value is True  # the sample documents have gold in tests/gold
    page = path.read_text(encoding="utf-8")
    assert 'id="gold"' in page and "core_f1" in page and "No gold for these documents." not in page


def _chromium(user_dir, *args) -> str:
    """Headless Chromium the way tests/ui does it, on a file URL; returns what it printed (the DOM if
    asked)."""
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-background-networking", "--disable-component-update", "--no-first-run",
                           "--disable-sync", f"--user-data-dir={user_dir}", "--window-size=1400,4000",
                           "--virtual-time-budget=10000", *args],
                          check=True, timeout=180, capture_output=True, text=True).stdout


@pytest.mark.browser
def test_report_renders_in_headless_chromium(real_report, tmp_path):
    if not CHROMIUM:
        pytest.skip("chromium is not installed (make system-deps installs it)")
    _, path = real_report
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "report.png"
    shot.unlink(missing_ok=True)
    _chromium(tmp_path / "shot", f"--screenshot={shot}", path.as_uri())
    assert shot.exists() and shot.stat().st_size > 50_000  # charts, not a blank page
    dom = _chromium(tmp_path / "dom", "--dump-dom", path.as_uri())
    (OUTPUT / "report.dom.html").write_text(dom, encoding="utf-8")
    errors = re.search(r'<pre id="script-errors"[^>]*>(.*?)</pre>', dom, re.S)
    assert errors and errors.group(1).strip() == "", errors and errors.group(1)
    charts = dom.split('data-chart="')[1:]
    assert len(charts) >= 6
    for chunk in charts:
        name = chunk.split('"', 1)[0]
        assert '<svg class="main-svg"' in chunk, f"chart {name} did not draw"
    # the filter ran
    assert 'id="filter-count">' in dom and " of " in dom.split('id="filter-count">', 1)[1][:40]
