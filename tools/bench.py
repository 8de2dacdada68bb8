"""`make bench`: the whole pipeline against bare jieba on the same text, in one run.

Baseline: `jieba.lcut` over every decoded input file in one process (what segmentation alone costs).
Pipeline: the Dagster job in process on the same folder; per-step wall time from Dagster's step stats.
Prints MB/s for the baseline and each step, the ratio pipeline/baseline and peak RSS, and writes JSON.
Every pipeline run is in a fresh process, so each reports its own peak memory (its dbt subprocess included).
`--repeat N` alternates baseline, one-process and parallel runs N times and reports each ratio's spread.
`--large 1,4,16,64` instead runs single documents of that many MB (the input's files concatenated in name
order, the set repeated when it is too small) through the text stages (clean, segment, extract, index), each
in a fresh process watched for time and memory, and reports seconds, seconds per MB and peak RSS for each.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import dagster as dg
import jieba

from pipelines.text.ingest import scan_folder


def baseline(input_dir: Path) -> dict:
    texts = [r.raw_text for r in scan_folder(input_dir) if r.raw_text]
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    jieba.setLogLevel(logging.WARNING)  # not its notes on loading the dictionary
    jieba.initialize()
    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    seconds = time.perf_counter() - start
    return {"files": len(texts), "mb": round(size_mb, 3), "seconds": round(seconds, 3),
            "mb_per_s": round(size_mb / seconds, 3) if seconds else None}


# Dagster's console logger at WARNING: its DEBUG lines (every event of every step) would bury the figures.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def pipeline(input_dir: Path, warehouse_dir: Path, runner: str = "serial", workers: int = 1) -> dict:
    """One materialisation of every asset; wall time per Dagster step and per text stage inside
    `documents`."""
    from pipelines.definitions import defs
    from pipelines.defs.resources import build_resources

    saved = {k: os.environ.get(k) for k in ("PIPELINE_INPUT", "PIPELINE_WAREHOUSE")}
    os.environ["PIPELINE_INPUT"], os.environ["PIPELINE_WAREHOUSE"] = str(input_dir), str(warehouse_dir)
    instance = dg.DagsterInstance.ephemeral()
    try:
        start = time.perf_counter()
        result = dg.materialize(list(defs.assets), instance=instance, raise_on_error=False,
                                resources=build_resources(str(input_dir), str(warehouse_dir), runner,
                                                          workers), run_config=QUIET)
        total = time.perf_counter() - start
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    steps = {s.step_key: round(s.end_time - s.start_time, 3)
             for s in instance.get_run_step_stats(result.run_id) if s.end_time and s.start_time}
    meta = {}
    for event in result.get_asset_materialization_events():
        if event.asset_key == dg.AssetKey("facts"):
            meta = {k: v.value for k, v in event.materialization.metadata.items()}
    return {"success": result.success, "seconds": round(total, 3), "steps": steps,
            "stages": meta.get("stage_seconds", {}), "processed": meta.get("processed_now"),
            "processing_seconds": meta.get("processing_seconds")}


def isolated(*args) -> dict:
    """`pipeline(*args)` in a fresh process, with that process's peak RSS."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_measured, *args).result()


def _measured(*args) -> dict:
    # What the run prints (dbt's progress, jieba's loading notes) goes to a log, not between the figures.
    log = Path(".tmp/bench/pipeline.log").resolve()
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    with log.open("ab") as out:
        os.dup2(out.fileno(), 1)
        os.dup2(out.fileno(), 2)
    result = pipeline(*args)
    return {**result, "peak_rss_mb": peak_rss_mb(), "peak_rss_by_process_mb": peak_rss_by_process_mb()}


def subset(input_dir: Path, target: Path, share: float, copies: int = 1) -> Path:
    """The first `share` of the files (by name), each written `copies` times with distinct bytes."""
    files = sorted(p for p in input_dir.rglob("*") if p.is_file())
    target.mkdir(parents=True)
    for path in files[: max(1, round(len(files) * share))]:
        data = path.read_bytes()
        for k in range(copies):
            suffix = f"\n（副本{k}）\n".encode() if k else b""  # new bytes, so a copy is a new document
            (target / f"{path.stem}.{k}{path.suffix}").write_bytes(data + suffix)
    return target


LARGE_LIMITS = {"max_cost_ratio": 1.3, "max_peak_rss_mb": 2000}  # the targets of docs/performance.md


def large_text(input_dir: Path, mb: float) -> bytes:
    """One document of about `mb` MB: the input's files, in name order, joined by blank lines, the whole set
    repeated as often as needed; cut at a line end."""
    files = sorted(p for p in input_dir.rglob("*") if p.is_file())
    target, parts, size = int(mb * 1e6), [], 0
    while size < target:
        for path in files:
            data = path.read_bytes().rstrip(b"\n") + b"\n\n"
            parts.append(data)
            size += len(data)
            if size >= target:
                break
    data = b"".join(parts)
    cut = data.rfind(b"\n", 0, target)
    return data[:cut + 1] if cut > 0 else data


def large_one(path: Path) -> dict:
    """The text stages on one document file, in this process, its tables written as a batch is (the tokens
    and postings of a long document streamed as they are made): seconds per stage and peak RSS."""
    from pipelines.batch.process import process_documents
    from pipelines.batch.store import StreamedTables, write_batch
    from pipelines.storage.objectstore import ParquetStore
    from pipelines.text.ingest import doc_id_of
    from pipelines.text.segment import default_segmenter

    data = path.read_bytes()
    segmenter = default_segmenter()  # loaded before the clock starts, as a worker has it
    doc_id = doc_id_of(data)
    raw = {"doc_id": doc_id, "source_file": path.name, "source_path": str(path), "sha256": doc_id,
           "size_bytes": len(data), "encoding": "utf-8", "had_bom": False, "raw_text": data.decode("utf-8"),
           "name_note": None}
    del data
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        store = ParquetStore(folder)
        streamed = StreamedTables(store, "b0")
        start, cpu = time.perf_counter(), time.process_time()
        try:
            tables = process_documents([raw], segmenter, timings, sink=streamed)
            written = time.perf_counter()
            write_batch(store, "b0", tables, streamed)
            timings["write"] = time.perf_counter() - written
        finally:
            streamed.abort()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rows = {name: frame.height + streamed.rows[name] for name, frame in tables.items()}
    # CPU seconds too: on a machine shared with other work they move less than wall time between runs
    return {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
            "stages": {k: round(v, 3) for k, v in timings.items()}, "rows": rows,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def large(input_dir: Path, sizes: list[float], tmp: Path, timeout: float, max_rss_mb: float) -> dict:
    """`large_one` on a document of each size, each in a new process that is stopped past `timeout` seconds
    or `max_rss_mb` of memory (so a superlinear stage cannot take the machine down)."""
    points = []
    for mb in sizes:
        path = tmp / f"large-{mb:g}MB.md"
        path.write_bytes(large_text(input_dir, mb))
        out = tmp / f"large-{mb:g}MB.json"
        child = subprocess.Popen([sys.executable, "-m", "tools.bench", "--large-one", str(path),
                                  "--out", str(out)])
        started, seen, status = time.perf_counter(), 0.0, "ok"
        while child.poll() is None:
            seen = max(seen, _rss_mb(child.pid))
            if seen > max_rss_mb or time.perf_counter() - started > timeout:
                status = "stopped: over the " + ("memory" if seen > max_rss_mb else "time") + " limit"
                child.kill()
                child.wait()
                break
            time.sleep(0.5)
        point = {"mb": round(path.stat().st_size / 1e6, 3), "status": status}
        if status == "ok" and child.returncode == 0:
            point.update(json.loads(out.read_text()))
            point["seconds_per_mb"] = round(point["seconds"] / point["mb"], 3)
            point["cpu_seconds_per_mb"] = round(point["cpu_seconds"] / point["mb"], 3)
        else:
            point.update(status=status if status != "ok" else f"failed: exit {child.returncode}",
                         seconds=round(time.perf_counter() - started, 1), peak_rss_mb=round(seen, 1))
        print(f"  document {point['mb']:8.2f} MB: {point['seconds']:8.1f} s "
              f"{point.get('seconds_per_mb', float('nan')):7.3f} s/MB "
              f"({point.get('cpu_seconds_per_mb', float('nan')):.3f} CPU s/MB), "
              f"peak RSS {point['peak_rss_mb']} MB "
              f"({point['status']}) {point.get('stages', '')}", flush=True)
        points.append(point)
        path.unlink()
    done = [p for p in points if p["status"] == "ok"]
    every = len(done) == len(points) and len(done) > 1

    def ratio_of(key):
        return round(done[-1][key] / done[0][key], 3) if every and done[0][key] else None

    ratio = ratio_of("seconds_per_mb")
    peak = max(p["peak_rss_mb"] for p in points) if points else 0.0
    return {"input": str(input_dir), "documents": points, "cost_per_mb_ratio_largest_to_smallest": ratio,
            "cpu_cost_per_mb_ratio_largest_to_smallest": ratio_of("cpu_seconds_per_mb"),
            "peak_rss_mb": peak, "limits": LARGE_LIMITS,
            "within_limits": ratio is not None and ratio <= LARGE_LIMITS["max_cost_ratio"]
            and peak < LARGE_LIMITS["max_peak_rss_mb"]}


def peak_rss_by_process_mb() -> dict[str, float]:
    """This process's peak RSS and the largest of its finished children's (dbt, batch workers), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"main": round(own / 1024, 1), "largest_child": round(children / 1024, 1)}


def peak_rss_mb() -> float:
    return max(peak_rss_by_process_mb().values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--input", default=os.environ.get("BENCH_INPUT", "../shared/corpus/scale/xwlb"))
    parser.add_argument("--out", default=".tmp/bench/bench.json")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N files (CI's tiny run)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel run")
    parser.add_argument("--scales", default="",
                        help="extra runs on shares/multiples of the input, e.g. 0.25,0.5,3")
    parser.add_argument("--repeat", type=int, default=1,
                        help="repetitions of the baseline, one-process and parallel runs, and runs per scale")
    parser.add_argument("--scale-runner", default="serial", choices=("serial", "processes"),
                        help="runner of the scaling runs (processes: the text stages in one child process)")
    parser.add_argument("--plot", nargs="+", metavar="JSON",
                        help="only draw the curve of earlier runs' JSON to --out")
    parser.add_argument("--large", default="",
                        help="only run single documents of these MB through the text stages: 1,4,16,64")
    parser.add_argument("--large-timeout", type=float, default=3600,
                        help="seconds allowed per large document")
    parser.add_argument("--large-max-rss-mb", type=float, default=6000,
                        help="a large document's process is stopped past this much memory")
    parser.add_argument("--large-one", help=argparse.SUPPRESS)  # the child process of --large
    args = parser.parse_args(argv)
    if args.large_one:
        Path(args.out).write_text(json.dumps(large_one(Path(args.large_one))))
        return 0
    if args.large:
        out = Path(args.out if args.out != parser.get_default("out") else ".tmp/bench/large.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            sizes = [float(x) for x in args.large.split(",") if x]
            report = large(Path(args.input).resolve(), sizes, Path(tmp), args.large_timeout,
                           args.large_max_rss_mb)
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(f"cost per MB, largest / smallest document: {report['cost_per_mb_ratio_largest_to_smallest']} "
              f"(CPU: {report['cpu_cost_per_mb_ratio_largest_to_smallest']}) "
              f"(target <= {LARGE_LIMITS['max_cost_ratio']}); peak RSS {report['peak_rss_mb']} MB "
              f"(target < {LARGE_LIMITS['max_peak_rss_mb']}); written: {out}")
        return 0 if all(p["status"] == "ok" for p in report["documents"]) else 1
    if args.plot:
        reports = [json.loads(Path(p).read_text()) for p in args.plot]
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        print(f"written: {write_scaling_plot(reports, Path(args.out))}")
        return 0
    input_dir = Path(args.input).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.limit:
            limited = tmp / "input"
            limited.mkdir()
            for path in sorted(p for p in input_dir.rglob("*") if p.is_file())[: args.limit]:
                (limited / path.name).write_bytes(path.read_bytes())
            input_dir = limited
        # baseline, one process and 2 workers alternated `--repeat` times: the machine's speed drifts between
        # runs, so each ratio is taken within one repetition and the spread is reported
        rounds = []
        for rep in range(args.repeat):
            base = baseline(input_dir)
            full = isolated(input_dir, tmp / f"warehouse-{rep}")
            parallel = isolated(input_dir, tmp / f"warehouse_parallel-{rep}", "processes", args.workers)
            shutil.rmtree(tmp / f"warehouse_parallel-{rep}", ignore_errors=True)
            if rep:  # the incremental run below builds on the first one
                shutil.rmtree(tmp / f"warehouse-{rep}", ignore_errors=True)
            rounds.append({"baseline": base, "pipeline": full, "parallel": parallel,
                           "ratio_pipeline_to_baseline": round(base["seconds"] / full["seconds"], 3),
                           "parallel_speedup": round(full["seconds"] / parallel["seconds"], 3)})
        # incremental: one new file in a copy of the input, on the warehouse of the first one-process run
        grown = tmp / "grown"
        shutil.copytree(input_dir, grown)
        first = sorted(p for p in grown.rglob("*") if p.is_file())[0]
        (grown / "added.txt").write_bytes(first.read_bytes() + "\n（新增）\n".encode())
        incremental = isolated(grown, tmp / "warehouse-0")
        curve = []
        for share in [float(x) for x in args.scales.split(",") if x]:
            copies = max(1, round(share)) if share >= 1 else 1
            folder = subset(input_dir, tmp / f"scale-{share}", min(share, 1.0), copies)
            mb_in = baseline_mb(folder)
            for rep in range(args.repeat):
                run = isolated(folder, tmp / f"wh-{share}-{rep}", args.scale_runner, 1)
                curve.append({"scale": share, "mb": mb_in, "seconds": run["seconds"], "repeat": rep,
                              "runner": args.scale_runner, "steps": run["steps"],
                              "peak_rss_mb": run["peak_rss_mb"],
                              "peak_rss_by_process_mb": run["peak_rss_by_process_mb"]})
                shutil.rmtree(tmp / f"wh-{share}-{rep}", ignore_errors=True)
    # the headline figures are those of the median repetition by the one-process ratio
    middle = sorted(rounds, key=lambda r: r["ratio_pipeline_to_baseline"])[(len(rounds) - 1) // 2]
    base, full, parallel = middle["baseline"], middle["pipeline"], middle["parallel"]
    mb = base["mb"]

    def rate(seconds):
        return round(mb / seconds, 3) if seconds else None

    def spread(key):
        values = [r[key] for r in rounds]
        return {"min": min(values), "median": round(statistics.median(values), 3), "max": max(values),
                "runs": values}

    report = {
        "input": str(input_dir), "baseline": base, "pipeline": full, "parallel": parallel,
        "incremental": incremental, "rounds": rounds,
        "pipeline_mb_per_s": rate(full["seconds"]),
        "ratio_pipeline_to_baseline": middle["ratio_pipeline_to_baseline"],
        "ratio_pipeline_to_baseline_spread": spread("ratio_pipeline_to_baseline"),
        "step_mb_per_s": {k: rate(v) for k, v in full["steps"].items() if v},
        "stage_mb_per_s": {k: rate(v) for k, v in full["stages"].items() if v},
        "parallel_speedup": middle["parallel_speedup"],
        "parallel_speedup_spread": spread("parallel_speedup"),
        "parallel_speedup_documents_step": round(full["steps"].get("documents", 0)
                                                 / max(parallel["steps"].get("documents", 0), 1e-9), 3),
        "incremental_share_of_full": round(incremental["seconds"] / rounds[0]["pipeline"]["seconds"], 3),
        "scaling": curve,
        "peak_rss_mb": max([peak_rss_mb()] + [r["peak_rss_mb"] for r in (incremental, *curve)]
                           + [x[k]["peak_rss_mb"] for x in rounds for k in ("pipeline", "parallel")]),
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    plot = write_scaling_plot([report], out.with_name("scaling.html"))
    print(f"input {base['files']} files, {mb} MB")
    print(f"baseline jieba.lcut: {base['seconds']} s, {base['mb_per_s']} MB/s")
    for step, seconds in full["steps"].items():
        print(f"  step  {step:40} {seconds:8.2f} s  {report['step_mb_per_s'].get(step) or 0:8.3f} MB/s")
    for stage, seconds in full["stages"].items():
        print(f"  stage {stage:40} {seconds:8.2f} s  {report['stage_mb_per_s'].get(stage) or 0:8.3f} MB/s")
    print(f"pipeline, one process: {full['seconds']} s, {report['pipeline_mb_per_s']} MB/s, "
          f"ratio to baseline {report['ratio_pipeline_to_baseline']}x, peak RSS {full['peak_rss_mb']} MB")
    print(f"pipeline, {args.workers} processes: {parallel['seconds']} s, "
          f"speedup {report['parallel_speedup']}x "
          f"(documents step {report['parallel_speedup_documents_step']}x)")
    if len(rounds) > 1:
        for number, one in enumerate(rounds, start=1):
            print(f"  round {number}: baseline {one['baseline']['seconds']} s, "
                  f"one process {one['pipeline']['seconds']} s = {one['ratio_pipeline_to_baseline']}x, "
                  f"{args.workers} processes {one['parallel']['seconds']} s = {one['parallel_speedup']}x")
    print(f"incremental, one file added: {incremental['seconds']} s = "
          f"{report['incremental_share_of_full']:.1%} of round 1's full run "
          f"({incremental['processed']} processed)")
    for point in curve:
        print(f"  scale {point['scale']:5} {point['mb']:8.2f} MB {point['seconds']:8.2f} s "
              f"{point['mb'] / point['seconds']:.3f} MB/s, peak RSS {point['peak_rss_by_process_mb']} MB")
    print(f"peak RSS {report['peak_rss_mb']} MB")
    print(f"written: {out}, {plot}")
    runs = [incremental] + [x[k] for x in rounds for k in ("pipeline", "parallel")]
    return 0 if all(r["success"] for r in runs) else 1


def write_scaling_plot(reports: list[dict], path: Path) -> Path:
    """Seconds against MB for every run of the scaling curve and the full run, one series per bench run, with
    a line through the origin at the first full run's rate: points on or under it mean cost grows at most
    linearly with input."""
    import plotly.graph_objects as go

    series, tops = [], []
    for number, one in enumerate(reports, start=1):
        full_runs = [r["pipeline"] for r in one.get("rounds", [])] or [one["pipeline"]]
        points = sorted([(p["mb"], p["seconds"]) for p in one["scaling"]]
                        + [(one["baseline"]["mb"], r["seconds"]) for r in full_runs])
        tops.append(points[-1][0])
        name = "pipeline, one process" + (f", bench run {number}" if len(reports) > 1 else "")
        if any(p.get("runner") == "processes" for p in one["scaling"]):
            name += " (scaled: text stages in a worker process)"
        series.append(go.Scatter(x=[p[0] for p in points], y=[p[1] for p in points], mode="markers+lines",
                                 name=name))
    rate = reports[0]["pipeline"]["seconds"] / max(reports[0]["baseline"]["mb"], 1e-9)
    fig = go.Figure([*series, go.Scatter(x=[0, max(tops)], y=[0, rate * max(tops)], mode="lines",
                                         line={"dash": "dot"}, name="linear at the full run's rate")])
    fig.update_layout(title="make bench: run time against input size", xaxis_title="input (MB of text)",
                      yaxis_title="seconds", width=800, height=500,
                      legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"})
    path.write_text(fig.to_html(include_plotlyjs=True, full_html=True), encoding="utf-8")
    return path


def baseline_mb(folder: Path) -> float:
    return round(sum(len(r.raw_text.encode("utf-8")) for r in scan_folder(folder) if r.raw_text) / 1e6, 3)


if __name__ == "__main__":
    sys.exit(main())
