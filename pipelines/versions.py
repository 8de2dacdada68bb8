"""Versions of what decides each asset's output, used as Dagster code versions.

Bump CLEANER_VERSION or EXTRACTOR_VERSION when a rule changes what comes out; the lexicon hash
and library versions move on their own. A moved version marks downstream assets as changed in
the Dagster UI.
"""

from __future__ import annotations

import hashlib

from pipelines.lexicon import lexicon_hash

INGEST_VERSION = "1"
CLEANER_VERSION = "1"
SEGMENTER_VERSION = "1"
EXTRACTOR_VERSION = "1.0.0"


def _short(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def ingest_code_version() -> str:
    return f"ingest-{INGEST_VERSION}"


def cleaner_code_version() -> str:
    from pipelines.text.script import opencc_version

    return f"clean-{CLEANER_VERSION}-{_short(opencc_version())}"


def segmenter_code_version() -> str:
    from pipelines.text.segment import jieba_version

    return f"segment-{SEGMENTER_VERSION}-{_short(jieba_version(), lexicon_hash())}"


def extractor_code_version() -> str:
    from pipelines.text.segment import jieba_version

    return f"extract-{EXTRACTOR_VERSION}-{_short(jieba_version(), lexicon_hash())}"
