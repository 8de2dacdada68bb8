"""What a build was made from: time, git commit, rule and lexicon versions, package versions, inputs.

Written once per run beside the Parquet (build_manifest/<run id>.parquet: overlapping runs each keep
theirs) and appended by dbt to meta.builds with the row count of every mart, so an analyst can tell which
build a number came from.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import uuid
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from pipelines.batch.versions import (
    EXTRACTOR_VERSION,
    cleaner_code_version,
    extractor_code_version,
    segmenter_code_version,
)
from pipelines.lexicon import lexicon_hash

PACKAGES = ("dagster", "dagster-dbt", "dbt-core", "dbt-duckdb", "duckdb", "polars", "pyarrow", "jieba",
            "opencc")


def git_commit(repo: Path) -> str | None:
    """The commit the code was built from, or None outside a git checkout."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


def inputs_digest(hashes: list[str]) -> str:
    """One hash over the sorted hashes of the input files: same inputs, same digest."""
    return hashlib.sha256("\n".join(sorted(hashes)).encode()).hexdigest()


def build_manifest(repo: Path, input_dir: Path, file_hashes: list[str], documents: int, quarantined: int,
                   build_id: str | None = None) -> dict:
    """The row of build_manifest/<build_id>.parquet for this run (build_id: the Dagster run id)."""
    return {
        "build_id": build_id or uuid.uuid4().hex,
        "started_at": datetime.now(UTC),
        "git_commit": git_commit(repo),
        "extractor_version": EXTRACTOR_VERSION,
        "code_versions": json.dumps({"clean": cleaner_code_version(), "segment": segmenter_code_version(),
                                     "extract": extractor_code_version()}),
        "lexicon_hash": lexicon_hash(),
        "package_versions": json.dumps(package_versions()),
        "input_dir": str(input_dir),
        "input_files": len(file_hashes),
        "input_digest": inputs_digest(file_hashes),
        "documents": documents,
        "quarantined": quarantined,
    }
