"""The shape of the cost of one long document, by operation counts (never seconds): what the text stages do
per character must not grow with the document. docs/performance.md has the timed figures (`make bench
BENCH_ARGS="--large 1,4,16,64"`)."""

import cProfile
import pstats

import pytest

from pipelines.batch import process
from pipelines.batch.process import segment_columns, token_frame, windows
from pipelines.extract import modality
from pipelines.extract.document import extract_document
from pipelines.text.clean import clean_document
from pipelines.text.segment import default_segmenter
from tests.conftest import RAW


def long_text(copies: int) -> str:
    """The sample documents, `copies` times over, as one text (about 110 KB per copy)."""
    one = "\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(RAW.iterdir()))
    return "\n\n".join([one] * copies)


@pytest.fixture(scope="module")
def cleaned():
    return clean_document(long_text(20))["clean_text"]  # about 2 MB of text


class CountingSegmenter:
    """The default segmenter, counting its calls and the longest text it was given."""

    def __init__(self):
        self.inner, self.calls, self.longest = default_segmenter(), 0, 0

    def columns(self, text):
        self.calls += 1
        self.longest = max(self.longest, len(text))
        return self.inner.columns(text)


def test_a_long_document_is_segmented_in_bounded_windows_with_the_same_tokens(cleaned):
    size = 50_000
    pieces = windows(cleaned, size)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(cleaned)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))  # contiguous: every offset kept
    assert all(0 < b - a <= size for a, b in pieces) and all(cleaned[b - 1] == "\n" for _, b in pieces[:-1])
    seg = CountingSegmenter()
    assert segment_columns(cleaned, seg, size) == default_segmenter().columns(cleaned)
    assert seg.calls == len(pieces) > len(cleaned) // size and seg.longest <= size
    frame, tokens = token_frame("d", cleaned, default_segmenter(), size)
    assert frame["char_start"].to_list() == [t.start for t in tokens]
    assert all(cleaned[t.start:t.end] == t.text for t in tokens[::997])


def test_windows_cut_a_text_without_newlines_where_jieba_cuts():
    text = "今年投资100亿元，建设项目。" * 500 + "甲" * 300  # no newline; a long block at the end
    pieces = windows(text, 100)
    assert [text[a:b] for a, b in pieces] and "".join(text[a:b] for a, b in pieces) == text
    assert all(b - a <= 100 for a, b in pieces[:-1]) and pieces[-1][1] - pieces[-1][0] > 100
    assert segment_columns(text, default_segmenter(), 100) == default_segmenter().columns(text)


def test_modality_scans_a_sentence_once_however_many_numbers_it_holds(monkeypatch):
    scanned = []
    real = modality._scans

    def counted(text, offset=0):
        scanned.append(len(text))
        return real(text, offset)

    monkeypatch.setattr(modality, "_scans", counted)
    modality._sentence_scans.cache_clear()
    sentence = "".join(f"计划投资{i}亿元建设{i}个项目，" for i in range(2000))  # one sentence, 4000 numbers
    for i in range(0, len(sentence), 7):
        modality.modality(sentence, i, i + 2, fact_type="money")
    assert sum(scanned) <= 2 * len(sentence)  # was: every number scanned the whole prefix (n^2 / 2)


def calls_per_function(text: str) -> dict[str, int]:
    doc = {"doc_id": "d", "source_file": "d.txt", **clean_document(text)}
    tokens, token_list = process.token_frame("d", doc["clean_text"], default_segmenter())
    profile = cProfile.Profile()
    profile.enable()
    extract_document(doc, tokens, token_list=token_list, version="v")
    profile.disable()
    counts: dict[str, int] = {}
    for (file, line, name), (_primitive, calls, *_rest) in pstats.Stats(profile).stats.items():
        if file.startswith("<"):  # generated code (dataclass __init__s): cProfile's counts of it are unsteady
            continue
        key = f"{file.rsplit('/', 1)[-1]}:{line}:{name}"
        counts[key] = counts.get(key, 0) + calls
    return counts


def test_extraction_calls_grow_with_the_document_not_faster():
    """Every function extraction calls (builtins too), counted by cProfile on the samples 3 and 6 times over:
    twice the text, at most about twice the calls of each (a scan of the whole document per mention would
    give four times)."""
    small, large = calls_per_function(long_text(3)), calls_per_function(long_text(6))
    grown = {name: (small.get(name, 0), n) for name, n in large.items()
             if n >= 200 and n > 2.3 * small.get(name, 0)}
    assert not grown, grown
