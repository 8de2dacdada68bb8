"""Every input file of a run is a document or a quarantine row, exactly once: nothing the user gave is
lost."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipelines.text.ingest import list_files


def account(input_dir: Path, documents: list[str], quarantined: list[str]) -> dict[str, list[str]]:
    """Paths (relative to input_dir) missing from both tables, and paths that appear more than once."""
    on_disk = {p.relative_to(input_dir).as_posix() for p in list_files(input_dir)}
    seen = Counter(documents) + Counter(quarantined)
    return {
        "missing": sorted(on_disk - set(seen)),
        "repeated": sorted(p for p, n in seen.items() if n > 1),
        "unknown": sorted(set(seen) - on_disk),
    }
