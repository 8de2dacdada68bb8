"""CI's tiny `make bench`: three files, so the benchmark cannot rot."""

import json

from pipelines.bench import main
from tests.conftest import RAW


def test_tiny_bench_writes_its_figures(tmp_path, monkeypatch):
    out = tmp_path / "bench.json"
    assert main(["--input", str(RAW), "--limit", "3", "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["baseline"]["files"] == 3 and report["baseline"]["mb_per_s"] > 0
    assert report["pipeline"]["success"] and report["ratio_pipeline_to_baseline"] > 0
    assert {"ingest", "tokens", "extract", "warehouse_models", "published_warehouse"} <= set(report["pipeline"]["steps"])
    assert report["peak_rss_mb"] > 0
