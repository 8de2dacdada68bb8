"""Versions of what decides each asset's output, used as Dagster code versions.

Each version joins a hand-kept number (bump it to mark a deliberate change of behaviour) with
hashes of what decides the output: the rule modules' source, the lexicon files and the versions
of jieba and OpenCC, which move on their own. A moved version marks downstream assets as changed in
the Dagster UI.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from pipelines.lexicon import lexicon_hash

INGEST_VERSION = "1"
CLEANER_VERSION = "2"
SEGMENTER_VERSION = "2"
EXTRACTOR_VERSION = "1.1.0"

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # pipelines/
# The source files whose rules decide each stage's output: editing one moves that stage's version.
INGEST_SOURCES = ("text/decode.py", "text/ingest.py")
CLEAN_SOURCES = ("text/clean.py", "text/layout.py", "text/mojibake.py", "text/pinyin.py", "text/script.py",
                 "extract/numbers.py")
SEGMENT_SOURCES = ("text/segment.py",)
EXTRACT_SOURCES = tuple(f"extract/{p.name}" for p in sorted((PACKAGE_DIR / "extract").glob("*.py")))


def _short(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


@lru_cache(maxsize=16)
def source_hash(files: tuple[str, ...]) -> str:
    """Hash of the rule modules' source text."""
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + (PACKAGE_DIR / name).read_bytes())
    return digest.hexdigest()[:12]


def ingest_code_version() -> str:
    return f"ingest-{INGEST_VERSION}-{source_hash(INGEST_SOURCES)}"


def cleaner_code_version(lexicon_dir: str | None = None) -> str:
    from pipelines.text.script import opencc_version

    hashes = _short(opencc_version(), source_hash(CLEAN_SOURCES), lexicon_hash(lexicon_dir))
    return f"clean-{CLEANER_VERSION}-{hashes}"


def segmenter_code_version(lexicon_dir: str | None = None) -> str:
    from pipelines.text.segment import segmenter_version

    hashes = _short(segmenter_version(), source_hash(SEGMENT_SOURCES), lexicon_hash(lexicon_dir))
    return f"segment-{SEGMENTER_VERSION}-{hashes}"


def extractor_code_version(lexicon_dir: str | None = None) -> str:
    from pipelines.text.segment import segmenter_version

    hashes = _short(segmenter_version(), source_hash(EXTRACT_SOURCES), lexicon_hash(lexicon_dir))
    return f"extract-{EXTRACTOR_VERSION}-{hashes}"


def pipeline_version() -> str:
    """What the batch store is keyed by besides the bytes: all three text stages' versions."""
    return "p-" + _short(cleaner_code_version(), segmenter_code_version(), extractor_code_version())
