"""Every input file of a run is a document or a quarantine row, exactly once: nothing the user gave is
lost.

The files are those the run's ingest listed (input_listing.parquet, written with the tables): a file that
arrives or leaves while the build runs is not a failure of this build; the next run takes it in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipelines.text.ingest import list_input


def account(
    listed: Path | Iterable[str], documents: list[str], quarantined: list[str]
) -> dict[str, list[str]]:
    """Paths of the listing missing from both tables, paths that appear more than once, and paths in the
    tables that the listing does not hold. `listed`: the source paths ingest listed, or a folder to list
    now."""
    paths = [item.source_path for item in list_input(listed)] if isinstance(listed, Path) else list(listed)
    on_disk = set(paths)
    seen = Counter(documents) + Counter(quarantined)
    twice = {p for p, n in seen.items() if n > 1} | {p for p, n in Counter(paths).items() if n > 1}
    return {
        "missing": sorted(on_disk - set(seen)),
        "repeated": sorted(twice),
        "unknown": sorted(set(seen) - on_disk),
    }
