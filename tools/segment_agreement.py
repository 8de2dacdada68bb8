"""How often a faster segmenter (jieba_next, jieba_fast, rjieba) cuts a sentence exactly as jieba does, and
how fast.

`python -m tools.segment_agreement [folder]`: every segmenter gets the same user words from the
lexicon; a sentence agrees when the token lists are identical. jieba_next, as `Segmenter` configures it,
is the default engine because its agreement is at least 99.9% (issue 7) and it is the fastest that agrees;
rjieba's agreement is below the bar. The figures go in the README.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import rjieba

from pipelines.extract.sentences import split_sentences
from pipelines.lexicon import load_lexicon
from pipelines.text.clean import clean_document
from pipelines.text.ingest import scan_folder
from pipelines.text.segment import ENGINES, USER_WORD_FREQ, Segmenter, user_words

REQUIRED_AGREEMENT = 0.999


def sentences_of(folder: Path) -> list[str]:
    texts = [clean_document(r.raw_text)["clean_text"] for r in scan_folder(folder) if r.raw_text]
    return [s.text for t in texts for s in split_sentences(t)]


def _rjieba_cut():
    for word, tag in user_words(load_lexicon()):
        rjieba.add_word(word, USER_WORD_FREQ, tag)
    return rjieba.cut


def _timed(cut, sentences: list[str]) -> tuple[list[list[str]], float]:
    t0 = time.perf_counter()
    out = [cut(s) for s in sentences]
    return out, time.perf_counter() - t0


def agreement(sentences: list[str]) -> dict:
    """jieba's cut of every sentence against each candidate's: share identical, speed-up, first
    differences."""
    reference, jieba_seconds = _timed(Segmenter(engine="jieba").words, sentences)
    report = {"sentences": len(sentences), "jieba_seconds": round(jieba_seconds, 3), "candidates": {}}
    candidates = [(engine, Segmenter(engine=engine).words) for engine in ENGINES if engine != "jieba"]
    for name, cut in (*candidates, ("rjieba", _rjieba_cut())):
        cuts, seconds = _timed(cut, sentences)
        same = sum(x == y for x, y in zip(reference, cuts))
        share = same / max(len(sentences), 1)
        report["candidates"][name] = {
            "identical": same, "agreement": round(share, 5), "seconds": round(seconds, 3),
            "speedup": round(jieba_seconds / max(seconds, 1e-9), 2), "adopt": share >= REQUIRED_AGREEMENT,
            "examples": [("/".join(x), "/".join(y)) for x, y in zip(reference, cuts) if x != y][:5]}
    return report


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/scale/xwlb")
    print(json.dumps(agreement(sentences_of(folder)), ensure_ascii=False, indent=2))
