"""How often a faster segmenter (rjieba, jieba-rs) cuts a sentence exactly as jieba does, and how fast.

`python -m pipelines.segment_agreement [folder]`: both segmenters get the same user words from the
lexicon; a sentence agrees when the token lists are identical. jieba stays the default unless the
agreement is at least 99.9% (issue 7); the figures go in the README.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import jieba
import rjieba

from pipelines.extract.sentences import split_sentences
from pipelines.lexicon import load_lexicon
from pipelines.text.clean import clean_document
from pipelines.text.ingest import scan_folder
from pipelines.text.segment import USER_WORD_FREQ, user_words

REQUIRED_AGREEMENT = 0.999


def sentences_of(folder: Path) -> list[str]:
    texts = [clean_document(r.raw_text)["clean_text"] for r in scan_folder(folder) if r.raw_text]
    return [s.text for t in texts for s in split_sentences(t)]


def agreement(sentences: list[str]) -> dict:
    words = user_words(load_lexicon())
    tok = jieba.Tokenizer()
    tok.initialize()
    for word, tag in words:
        tok.add_word(word, USER_WORD_FREQ, tag)
        rjieba.add_word(word, USER_WORD_FREQ, tag)
    t0 = time.perf_counter()
    a = [tok.lcut(s) for s in sentences]
    t1 = time.perf_counter()
    b = [rjieba.cut(s) for s in sentences]
    t2 = time.perf_counter()
    same = sum(x == y for x, y in zip(a, b))
    examples = [("/".join(x), "/".join(y)) for x, y in zip(a, b) if x != y][:5]
    return {"sentences": len(sentences), "identical": same, "agreement": round(same / max(len(sentences), 1), 5),
            "jieba_seconds": round(t1 - t0, 3), "rjieba_seconds": round(t2 - t1, 3),
            "speedup": round((t1 - t0) / max(t2 - t1, 1e-9), 2), "adopt": same / max(len(sentences), 1) >= REQUIRED_AGREEMENT,
            "examples": examples}


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/scale/xwlb")
    print(json.dumps(agreement(sentences_of(folder)), ensure_ascii=False, indent=2))
