"""Code versions move when what decides an asset's output changes, and only then."""

import os
import shutil
import subprocess
import sys

from pipelines.batch import versions
from pipelines.definitions import defs
from pipelines.lexicon import LEXICON_DIR


def test_versions_are_the_same_in_another_process():
    """A version that moved between processes (a set's order, a hash seed) would reprocess every document on
    every run; another interpreter with another hash seed must compute the same ones."""
    code = ("from pipelines.batch import versions as v; "
            "print(v.cleaner_code_version(), v.segmenter_code_version(), v.extractor_code_version())")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == [versions.cleaner_code_version(), versions.segmenter_code_version(),
                                  versions.extractor_code_version()]


def test_a_lexicon_edit_moves_the_versions_that_read_lexicons(tmp_path):
    copy = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, copy)
    assert versions.extractor_code_version(str(copy)) == versions.extractor_code_version()
    with (copy / "regions.csv").open("a", encoding="utf-8") as fh:
        fh.write("测试新区,zone,青岛市,\n")
    assert versions.extractor_code_version(str(copy)) != versions.extractor_code_version()
    assert versions.segmenter_code_version(str(copy)) != versions.segmenter_code_version()
    assert versions.ingest_code_version() == versions.ingest_code_version()  # ingest reads no lexicon


def test_a_rule_edit_moves_only_its_stage(monkeypatch, tmp_path):
    before = (versions.ingest_code_version(), versions.cleaner_code_version(),
              versions.extractor_code_version())
    package = tmp_path / "pipelines"
    shutil.copytree(versions.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    with (package / "extract" / "facts.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# a rule changed\n")
    monkeypatch.setattr(versions, "PACKAGE_DIR", package)
    versions.source_hash.cache_clear()
    try:
        after = (versions.ingest_code_version(), versions.cleaner_code_version(),
                 versions.extractor_code_version())
    finally:
        versions.source_hash.cache_clear()
    assert after[0] == before[0] and after[1] == before[1] and after[2] != before[2]


def test_assets_carry_the_versions():
    graph = defs.resolve_asset_graph()
    by_key = {key.to_user_string(): graph.get(key).code_version for key in graph.get_all_asset_keys()}
    assert by_key["facts"] == versions.extractor_code_version()
    assert by_key["tokens"] == versions.segmenter_code_version()
