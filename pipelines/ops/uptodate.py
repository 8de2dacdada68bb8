"""Whether a build would change anything: the same input bytes, the same code and the same settings as the
last successful build of a warehouse, with its published copy and report still in place.

`make run` checks this first and stops in a moment when nothing changed, instead of re-running every
stage to reach the same tables.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipelines import config
from pipelines.config import Paths
from pipelines.ops.watch import folder_state

STATE_FILE = "last_build.json"
# What decides the output besides the input: the code, the dbt project, the lock file and the lexicon.
CODE_GLOBS = (
    "pipelines/**/*.py",
    "pipelines/**/*.yaml",
    "transforms/**/*.sql",
    "transforms/**/*.yml",
    "uv.lock",
)
SETTINGS = ("PIPELINE_SEGMENTER", "PIPELINE_PARQUET", "PIPELINE_GOLD")


def _hash_files(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def code_digest() -> str:
    root = config.REPO_ROOT
    files = sorted(
        {
            p
            for pattern in CODE_GLOBS
            for p in root.glob(pattern)
            if p.is_file() and "target" not in p.relative_to(root).parts
        }
    )
    lexicon = config.lexicon_dir()
    return hashlib.sha256(
        (_hash_files(files, root) + _hash_files(sorted(lexicon.glob("*.csv")), lexicon)).encode()
    ).hexdigest()


def fingerprint(paths: Paths) -> str:
    """One digest of the input folder's files (paths and bytes), the code and the settings that matter."""
    state = {
        "input": folder_state(paths.input_dir),
        "input_dir": str(paths.input_dir),
        "code": code_digest(),
        "settings": {name: config.value(name) for name in SETTINGS},
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def last_build(paths: Paths) -> dict | None:
    try:
        return json.loads((paths.warehouse_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_current(paths: Paths, digest: str) -> dict | None:
    """The last build's record when it was made from exactly this fingerprint and its outputs exist."""
    last = last_build(paths)
    outputs = (paths.database, paths.published_dir / "warehouse.duckdb", paths.report_file)
    if last and last.get("fingerprint") == digest and all(p.is_file() for p in outputs):
        return last
    return None


def record(paths: Paths, digest: str, run_id: str, finished: str) -> None:
    """Remember a successful build (written last, so a failed build never looks current)."""
    target = paths.warehouse_dir / STATE_FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"fingerprint": digest, "run_id": run_id, "finished": finished}), encoding="utf-8"
    )
    tmp.replace(target)


def forget(paths: Paths) -> None:
    """A build started: until it succeeds, the warehouse is not known to match anything."""
    (paths.warehouse_dir / STATE_FILE).unlink(missing_ok=True)
