"""Read every file under an input folder into document rows or quarantine rows.

Every file found is accounted for exactly once: it becomes a document (decoded text) or a
quarantine row that says why not (binary, empty, undecodable, unreadable, duplicate bytes).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipelines.text.decode import Quarantine, decode_bytes

DOC_ID_LENGTH = 16  # hex characters of the sha256 of the raw bytes


@dataclass(frozen=True)
class RawFile:
    source_file: str  # base name
    source_path: str  # path relative to the input folder
    size_bytes: int
    sha256: str | None
    doc_id: str | None
    encoding: str | None
    had_bom: bool
    raw_text: str | None
    quarantine_reason: str | None


def doc_id_of(data: bytes) -> str:
    """The stable id of a document: a prefix of the sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()[:DOC_ID_LENGTH]


def list_files(input_dir: Path) -> list[Path]:
    """All files under input_dir (sub-folders included, symlinks listed as found), sorted."""
    found = []
    for root, dirs, files in os.walk(input_dir, followlinks=False):
        dirs.sort()
        found.extend(Path(root) / name for name in sorted(files))
    return found


def read_file(path: Path, input_dir: Path) -> RawFile:
    """One file -> a RawFile that is either decoded text or carries a quarantine reason."""
    rel = path.relative_to(input_dir).as_posix()
    base = dict(source_file=path.name, source_path=rel)
    if path.exists() and not path.is_file():
        kind = "a named pipe" if stat.S_ISFIFO(path.stat().st_mode) else "a device or socket"
        return RawFile(**base, size_bytes=0, sha256=None, doc_id=None, encoding=None, had_bom=False,
                       raw_text=None, quarantine_reason=f"not a regular file: {kind}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return RawFile(**base, size_bytes=0, sha256=None, doc_id=None, encoding=None, had_bom=False,
                       raw_text=None, quarantine_reason="broken symlink or file vanished while reading")
    except (PermissionError, IsADirectoryError, OSError) as exc:
        return RawFile(**base, size_bytes=0, sha256=None, doc_id=None, encoding=None, had_bom=False,
                       raw_text=None,
                       quarantine_reason=f"unreadable: {exc.__class__.__name__}: {exc.strerror}")
    sha = hashlib.sha256(data).hexdigest()
    common = dict(**base, size_bytes=len(data), sha256=sha, doc_id=sha[:DOC_ID_LENGTH])
    try:
        decoded = decode_bytes(data)
    except Quarantine as exc:
        return RawFile(**common, encoding=None, had_bom=False, raw_text=None, quarantine_reason=str(exc))
    return RawFile(**common, encoding=decoded.encoding, had_bom=decoded.had_bom, raw_text=decoded.text,
                   quarantine_reason=None)


def scan_folder(input_dir: Path) -> list[RawFile]:
    """Read every file; a second file with the same bytes is quarantined as a duplicate."""
    rows, seen = [], {}
    for path in list_files(input_dir):
        row = read_file(path, input_dir)
        if row.quarantine_reason is None and row.sha256 in seen:
            row = RawFile(**{**row.__dict__, "raw_text": None,
                             "quarantine_reason": f"duplicate: same bytes as {seen[row.sha256]}"})
        elif row.quarantine_reason is None:
            seen[row.sha256] = row.source_path
        rows.append(row)
    return rows
