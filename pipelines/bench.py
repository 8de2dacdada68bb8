"""`make bench`: the whole pipeline against bare jieba on the same text, in one run.

Baseline: `jieba.lcut` over every decoded input file in one process (what segmentation alone costs).
Pipeline: the Dagster job in process on the same folder; per-step wall time from Dagster's step stats.
Prints MB/s for the baseline and each step, the ratio pipeline/baseline and peak RSS, and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import dagster as dg
import jieba

from pipelines.text.ingest import scan_folder


def baseline(input_dir: Path) -> dict:
    texts = [r.raw_text for r in scan_folder(input_dir) if r.raw_text]
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    jieba.initialize()
    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    seconds = time.perf_counter() - start
    return {"files": len(texts), "mb": round(size_mb, 3), "seconds": round(seconds, 3),
            "mb_per_s": round(size_mb / seconds, 3) if seconds else None}


def pipeline(input_dir: Path, warehouse_dir: Path) -> dict:
    from pipelines.definitions import all_assets, defs  # noqa: F401  (imports Dagster definitions once)
    from pipelines.defs.resources import build_resources

    saved = {k: os.environ.get(k) for k in ("PIPELINE_INPUT", "PIPELINE_WAREHOUSE")}
    os.environ["PIPELINE_INPUT"], os.environ["PIPELINE_WAREHOUSE"] = str(input_dir), str(warehouse_dir)
    instance = dg.DagsterInstance.ephemeral()
    try:
        start = time.perf_counter()
        result = dg.materialize(all_assets, resources=build_resources(str(input_dir), str(warehouse_dir)),
                                instance=instance, raise_on_error=False)
        total = time.perf_counter() - start
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    steps = {s.step_key: round(s.end_time - s.start_time, 3)
             for s in instance.get_run_step_stats(result.run_id) if s.end_time and s.start_time}
    return {"success": result.success, "seconds": round(total, 3), "steps": steps}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--input", default=os.environ.get("BENCH_INPUT", "../shared/corpus/scale/xwlb"))
    parser.add_argument("--out", default=".tmp/bench/bench.json")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N files (CI's tiny run)")
    args = parser.parse_args(argv)
    input_dir = Path(args.input).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        if args.limit:
            subset = Path(tmp) / "input"
            subset.mkdir()
            for path in sorted(p for p in input_dir.rglob("*") if p.is_file())[: args.limit]:
                (subset / path.name).write_bytes(path.read_bytes())
            input_dir = subset
        base = baseline(input_dir)
        run = pipeline(input_dir, Path(tmp) / "warehouse")
    mb = base["mb"]
    report = {
        "input": str(input_dir), "baseline": base, "pipeline": run,
        "pipeline_mb_per_s": round(mb / run["seconds"], 3) if run["seconds"] else None,
        "ratio_pipeline_to_baseline": round((mb / run["seconds"]) / base["mb_per_s"], 3) if base["mb_per_s"] else None,
        "step_mb_per_s": {k: round(mb / v, 3) for k, v in run["steps"].items() if v},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"input {base['files']} files, {mb} MB")
    print(f"baseline jieba.lcut: {base['seconds']} s, {base['mb_per_s']} MB/s")
    for step, seconds in run["steps"].items():
        print(f"  {step:40} {seconds:8.2f} s  {report['step_mb_per_s'].get(step, 0):8.3f} MB/s")
    print(f"pipeline: {run['seconds']} s, {report['pipeline_mb_per_s']} MB/s, "
          f"ratio to baseline {report['ratio_pipeline_to_baseline']}x, peak RSS {report['peak_rss_mb']} MB")
    print(f"written: {out}")
    return 0 if run["success"] else 1


if __name__ == "__main__":
    sys.exit(main())
