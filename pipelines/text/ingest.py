"""Read every file under an input folder into document rows or quarantine rows.

Every file found is accounted for exactly once: it becomes a document (decoded text) or a
quarantine row that says why not (binary, empty, undecodable, unreadable, duplicate bytes, a folder link
not followed). A name that is not UTF-8 on disk is kept, re-decoded or escaped, with a note (`name_note`).
"""

from __future__ import annotations

import errno
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
    name_note: str | None = None  # NAME_GB18030 / NAME_ESCAPED: the name on disk was not UTF-8


def doc_id_of(data: bytes) -> str:
    """The stable id of a document: a prefix of the sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()[:DOC_ID_LENGTH]


NAME_GB18030 = "name_redecoded_gb18030"  # a file or folder name that was not UTF-8 but GB18030 (GBK)
NAME_ESCAPED = "name_undecodable_escaped"  # a name neither UTF-8 nor GB18030: bytes shown as \xNN


@dataclass(frozen=True)
class Listed:
    """One entry of an input folder's listing: a file to read, or a folder link not followed (and why)."""

    path: Path  # on disk; a name that is not UTF-8 holds surrogate escapes (os.fsencode gives its bytes)
    source_path: str  # relative to the input folder, always valid UTF-8 (a name re-decoded or escaped)
    name_note: str | None = None  # NAME_GB18030 or NAME_ESCAPED when a part of the path was not UTF-8
    skip_reason: str | None = None  # set for a folder that is not walked: the quarantine reason


def readable_name(name: str) -> tuple[str, str | None]:
    """A file or folder name as UTF-8 text, and a note when it was not UTF-8 on disk.

    Linux hands Python the bytes of a name as they are; bytes that are not UTF-8 (a GBK name from an
    unzipped Windows archive) come as surrogate escapes, which Parquet and DuckDB cannot store. They are
    decoded as GB18030 when that decodes cleanly to printable text, else each such byte is written \\xNN.
    """
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and text.isprintable():
        return text, NAME_GB18030
    return escaped_name(name), NAME_ESCAPED


def escaped_name(name: str) -> str:
    """The bytes of a name that are not UTF-8 as visible \\xNN escapes (the rest as it is)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _readable_path(parts: tuple[str, ...]) -> tuple[str, str | None]:
    shown, notes = [], []
    for part in parts:
        text, note = readable_name(part)
        shown.append(text)
        notes.append(note)
    note = NAME_ESCAPED if NAME_ESCAPED in notes else NAME_GB18030 if NAME_GB18030 in notes else None
    return "/".join(shown), note


def list_input(input_dir: Path) -> list[Listed]:
    """Every file under input_dir (sub-folders and linked folders included), in a stable order.

    A folder link is followed once per real folder: a link to a folder that holds the link (a loop), or to a
    folder listed already or that is a plain sub-folder of the input, is a Listed with `skip_reason` (one
    quarantine row per link, so nothing is silently dropped). A sub-folder that cannot be read is listed the
    same way. File links are listed as found (read_file follows them or says they are broken).
    """
    top = os.path.realpath(input_dir)
    plain = {}  # real path -> parts of every plain sub-folder (reached without following a link)
    for root, _dirs, _files in os.walk(input_dir, followlinks=False):
        plain.setdefault(os.path.realpath(root), Path(root).relative_to(input_dir).parts)
    seen: dict[str, tuple[str, ...]] = {top: ()}  # real folder -> parts of where it was first listed
    found: list[tuple[Path, tuple[str, ...], str | None]] = []

    def shown(parts: tuple[str, ...]) -> str:
        return _readable_path(parts)[0] if parts else "the input folder itself"

    def walk(folder: Path, parts: tuple[str, ...], real: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: os.fsencode(e.name))
        except OSError as exc:
            if not parts:
                raise
            found.append((folder, parts, f"unreadable folder: {exc.__class__.__name__}: {exc.strerror}"))
            return
        for entry in entries:
            path, sub = Path(entry.path), (*parts, entry.name)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                found.append((path, sub, None))
                continue
            target = os.path.realpath(path)
            if entry.is_symlink() and (real == target or real.startswith(target.rstrip(os.sep) + os.sep)):
                found.append((path, sub, f"symlink loop: links to {shown(_inside(target, plain))}, "
                                         "a folder that holds the link"))
            elif target in seen:
                found.append((path, sub, f"same folder as {shown(seen[target])}"))
            elif entry.is_symlink() and target in plain:
                found.append((path, sub, f"same folder as {shown(plain[target])}"))
            else:
                seen[target] = sub
                walk(path, sub, target)

    walk(input_dir, (), top)
    return _unique(found)


def _inside(target: str, plain: dict) -> tuple[str, ...]:
    """Parts of a real folder as the input shows it, or its absolute path when it is outside the input."""
    return plain.get(target, (target,))


def _unique(found: list[tuple[Path, tuple[str, ...], str | None]]) -> list[Listed]:
    """Listed entries with unique source paths: a path that is UTF-8 on disk keeps its text; a re-decoded
    one that reads the same as another path is escaped instead (then numbered if even that is taken)."""
    shown = [_readable_path(parts) for _, parts, _ in found]
    taken = {text for text, note in shown if note is None}
    out = []
    for (path, parts, reason), (text, note) in zip(found, shown, strict=True):
        if note is not None:
            if text in taken:
                text, note = escaped_name("/".join(parts)), NAME_ESCAPED
            base, number = text, 1
            while text in taken:
                number += 1
                text = f"{base}~{number}"
            taken.add(text)
        out.append(Listed(path, text, note, reason))
    return out


def list_files(input_dir: Path) -> list[Path]:
    """The files of `list_input` (folder links not followed are left out), in its order."""
    return [item.path for item in list_input(input_dir) if item.skip_reason is None]


def _held(item: Listed, reason: str) -> RawFile:
    return RawFile(source_file=item.source_path.rsplit("/", 1)[-1], source_path=item.source_path,
                   size_bytes=0, sha256=None, doc_id=None, encoding=None, had_bom=False, raw_text=None,
                   quarantine_reason=reason, name_note=item.name_note)


def read_listed(item: Listed) -> RawFile:
    """One listed file -> a RawFile that is either decoded text or carries a quarantine reason."""
    path = item.path
    if item.skip_reason is not None:
        return _held(item, item.skip_reason)
    if path.exists() and not path.is_file():
        kind = "a named pipe" if stat.S_ISFIFO(path.stat().st_mode) else "a device or socket"
        return _held(item, f"not a regular file: {kind}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _held(item, "broken symlink or file vanished while reading")
    except OSError as exc:  # PermissionError, IsADirectoryError, ...
        if exc.errno == errno.ELOOP:
            return _held(item, "symlink loop: the link never reaches a file")
        return _held(item, f"unreadable: {exc.__class__.__name__}: {exc.strerror}")
    sha = hashlib.sha256(data).hexdigest()
    common = dict(source_file=item.source_path.rsplit("/", 1)[-1], source_path=item.source_path,
                  size_bytes=len(data), sha256=sha, doc_id=sha[:DOC_ID_LENGTH], name_note=item.name_note)
    try:
        decoded = decode_bytes(data)
    except Quarantine as exc:
        return RawFile(**common, encoding=None, had_bom=False, raw_text=None, quarantine_reason=str(exc))
    return RawFile(**common, encoding=decoded.encoding, had_bom=decoded.had_bom, raw_text=decoded.text,
                   quarantine_reason=None)


def read_listing(listing: list[Listed]) -> list[RawFile]:
    """Read every listed file; a second file with the same bytes is quarantined as a duplicate."""
    rows, seen = [], {}
    for item in listing:
        row = read_listed(item)
        if row.quarantine_reason is None and row.sha256 in seen:
            row = RawFile(**{**row.__dict__, "raw_text": None,
                             "quarantine_reason": f"duplicate: same bytes as {seen[row.sha256]}"})
        elif row.quarantine_reason is None:
            seen[row.sha256] = row.source_path
        rows.append(row)
    return rows


def scan_folder(input_dir: Path) -> list[RawFile]:
    """List the folder and read every file: one row per listed entry (a document or a quarantine row)."""
    return read_listing(list_input(input_dir))
