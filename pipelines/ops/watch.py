"""What changed in an input folder since the last look: new, changed, renamed and deleted files.

The state of a folder is {relative path: sha256 of the bytes}. A file whose bytes moved to a new
path is a rename (the same document under a new name), not a delete plus a new file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.text.ingest import list_input


@dataclass(frozen=True)
class Changes:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old path, new path)
    deleted: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.renamed or self.deleted)

    def summary(self) -> str:
        return (f"{len(self.new)} new, {len(self.changed)} changed, {len(self.renamed)} renamed, "
                f"{len(self.deleted)} deleted")


def folder_state(folder: Path, previous: dict[str, str] | None = None) -> dict[str, str]:
    """sha256 of every file ingest would read under `folder` (linked folders followed as ingest follows
    them), by its path as ingest names it (valid UTF-8 even for names that are not); unreadable files are
    skipped (the ingest asset quarantines them)."""
    state = {}
    for item in list_input(folder):
        if item.skip_reason is not None:
            continue
        try:
            state[item.source_path] = hashlib.sha256(item.path.read_bytes()).hexdigest()
        except OSError:
            continue
    return state


def diff(old: dict[str, str], new: dict[str, str]) -> Changes:
    """Compare two folder states."""
    gone = {p: h for p, h in old.items() if p not in new}
    came = {p: h for p, h in new.items() if p not in old}
    by_hash_gone = {h: p for p, h in gone.items()}
    renamed = [(by_hash_gone[h], p) for p, h in came.items() if h in by_hash_gone]
    renamed_new = {n for _, n in renamed}
    renamed_old = {o for o, _ in renamed}
    return Changes(
        new=sorted(p for p in came if p not in renamed_new),
        changed=sorted(p for p in new if p in old and old[p] != new[p]),
        renamed=sorted(renamed),
        deleted=sorted(p for p in gone if p not in renamed_old),
    )


def encode(state: dict[str, str]) -> str:
    return json.dumps(state, sort_keys=True, ensure_ascii=False)


def decode(cursor: str | None) -> dict[str, str]:
    return json.loads(cursor) if cursor else {}
