"""CI's tiny `make bench`: three files, so the benchmark cannot rot."""

import json

from tests.conftest import RAW
from tools.bench import main


def test_tiny_bench_writes_its_figures(tmp_path, monkeypatch):
    out = tmp_path / "bench.json"
    assert main(["--input", str(RAW), "--limit", "3", "--out", str(out), "--scales", "2",
                 "--scale-runner", "processes", "--repeat", "2"]) == 0
    report = json.loads(out.read_text())
    assert report["baseline"]["files"] == 3 and report["baseline"]["mb_per_s"] > 0
    assert report["pipeline"]["success"] and report["ratio_pipeline_to_baseline"] > 0
    steps = {"ingest", "documents", "warehouse_models", "published_warehouse"}
    assert steps <= set(report["pipeline"]["steps"])
    assert {"read", "clean", "segment", "extract", "index", "write"} <= set(report["pipeline"]["stages"])
    assert set(report["pipeline"]["peak_rss_by_process_mb"]) == {"main", "largest_child"}
    assert report["parallel"]["success"] and report["parallel"]["processed"] == 3
    assert report["incremental"]["success"] and report["incremental"]["processed"] == 1
    # two rounds of baseline, one process and 2 workers; the headline ratio is one of them, with its spread
    assert len(report["rounds"]) == 2 and all(r["parallel"]["processed"] == 3 for r in report["rounds"])
    ratios = report["ratio_pipeline_to_baseline_spread"]
    assert ratios["runs"] == [r["ratio_pipeline_to_baseline"] for r in report["rounds"]]
    assert ratios["min"] <= report["ratio_pipeline_to_baseline"] <= ratios["max"]
    assert report["parallel_speedup"] in report["parallel_speedup_spread"]["runs"]
    # each run measured in its own process
    assert report["peak_rss_mb"] >= report["pipeline"]["peak_rss_mb"] > 0
    points = report["scaling"]  # 2x the three files twice, the text stages in a worker process
    assert [p["repeat"] for p in points] == [0, 1]
    assert all(p["runner"] == "processes" and p["mb"] > report["baseline"]["mb"] for p in points)
    assert all(p["peak_rss_by_process_mb"]["largest_child"] > 0 for p in points)
    assert "run time against input size" in (tmp_path / "scaling.html").read_text()  # the plot was drawn
    # the curves of several earlier runs in one plot, one series each
    assert main(["--plot", str(out), str(out), "--out", str(tmp_path / "two.html")]) == 0
    assert "bench run 2" in (tmp_path / "two.html").read_text()


def test_large_documents_bench_reports_seconds_and_memory_per_size(tmp_path):
    """`--large`: single documents of the given MB (the input concatenated, repeated when too small), each in
    its own process, with seconds per MB and peak RSS."""
    out = tmp_path / "large.json"
    assert main(["--input", str(RAW), "--large", "0.05,0.2", "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    docs = report["documents"]
    assert [round(d["mb"], 1) for d in docs] == [0.0, 0.2] and all(d["status"] == "ok" for d in docs)
    assert all(d["seconds_per_mb"] > 0 and d["cpu_seconds_per_mb"] > 0 and d["peak_rss_mb"] > 0 for d in docs)
    assert report["cpu_cost_per_mb_ratio_largest_to_smallest"] > 0
    assert {"clean", "segment", "extract", "index"} <= set(docs[0]["stages"]) and docs[1]["rows"]["facts"] > 0
    assert report["cost_per_mb_ratio_largest_to_smallest"] > 0
    assert report["limits"] == {"max_cost_ratio": 1.3, "max_peak_rss_mb": 2000}
