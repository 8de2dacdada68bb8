"""Shared fixtures: the repository's sample documents and gold."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "seeds" / "raw"
GOLD = REPO / "tests" / "gold"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


def read_raw(name: str) -> str:
    return (RAW / name).read_text(encoding="utf-8")
