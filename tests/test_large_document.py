"""The shape of the cost of one long document, by operation counts (never seconds): what the text stages do
per character must not grow with the document. docs/performance.md has the timed figures (`make bench
BENCH_ARGS="--large 1,4,16,64"`)."""

import cProfile
import pstats

import polars as pl
import pytest

from pipelines.batch import process
from pipelines.batch.process import chunk_frame, segment_compact, windows
from pipelines.batch.store import StreamedTables, write_batch
from pipelines.config import batch_key
from pipelines.extract import modality
from pipelines.extract.document import chunks, extract_document
from pipelines.storage.objectstore import ParquetStore
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

    def add_to(self, columns, text, offset=0):
        self.calls += 1
        self.longest = max(self.longest, len(text))
        self.inner.add_to(columns, text, offset)


def test_a_long_document_is_segmented_in_bounded_windows_with_the_same_tokens(cleaned):
    size = 50_000
    pieces = windows(cleaned, size)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(cleaned)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))  # contiguous: every offset kept
    assert all(0 < b - a <= size for a, b in pieces) and all(cleaned[b - 1] == "\n" for _, b in pieces[:-1])
    seg = CountingSegmenter()
    cols = segment_compact(cleaned, seg, size)
    assert cols.columns(cleaned, 0, len(cols)) == default_segmenter().columns(cleaned)
    assert seg.calls == len(pieces) > len(cleaned) // size and seg.longest <= size
    frame, tokens = chunk_frame("d", cleaned, cols, 0, len(cols)), cols.tokens(cleaned, 0, len(cols))
    assert frame["char_start"].to_list() == [t.start for t in tokens]
    assert all(cleaned[t.start:t.end] == t.text for t in tokens[::997])


def test_windows_cut_a_text_without_newlines_where_jieba_cuts():
    text = "今年投资100亿元，建设项目。" * 500 + "甲" * 300  # no newline; a long block at the end
    pieces = windows(text, 100)
    assert [text[a:b] for a, b in pieces] and "".join(text[a:b] for a, b in pieces) == text
    assert all(b - a <= 100 for a, b in pieces[:-1]) and pieces[-1][1] - pieces[-1][0] > 100
    cols = segment_compact(text, default_segmenter(), 100)
    assert cols.columns(text, 0, len(cols)) == default_segmenter().columns(text)


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
    columns = process.segment_compact(doc["clean_text"], default_segmenter())
    profile = cProfile.Profile()
    profile.enable()
    extract_document(doc, columns=columns, version="v")
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


def _raw(doc_id: str, text: str) -> dict:
    return {"doc_id": doc_id, "source_file": f"{doc_id}.txt", "source_path": f"{doc_id}.txt",
            "raw_text": text, "size_bytes": len(text.encode()), "sha256": doc_id * 4,
            "encoding": "utf-8", "had_bom": False}


def _keyed(frame: pl.DataFrame) -> pl.DataFrame:
    plain = [c for c, t in frame.schema.items() if not isinstance(t, (pl.List, pl.Struct))]
    return frame.sort(plain, nulls_last=True)


def test_extraction_in_pieces_gives_the_rows_of_the_whole_document():
    """Pieces cut at newlines, the people of each found with the newline before it, roles made one per name
    and the block region and modality carried over: every table equal to reading the document whole."""
    text = clean_document(long_text(3))["clean_text"]
    doc = {"doc_id": "d", "source_file": "d.txt", "clean_text": text}
    columns = process.segment_compact(text, default_segmenter())
    seen = []
    whole = extract_document(doc, columns=columns, version="v", chunk_chars=len(text))
    pieces = extract_document(doc, columns=columns, version="v", chunk_chars=20_000,
                              on_chunk=lambda *args: seen.append(args[:4]))
    assert len(seen) > len(text) // 20_000 and seen[0][2] == 0 and seen[-1][3] == len(columns)
    assert all(a[3] == b[2] for a, b in zip(seen, seen[1:]))  # token ranges contiguous
    assert all(pieces[name] == whole[name] for name in whole), [n for n in whole if pieces[n] != whole[n]]
    assert len(whole["people"]) > 10 and len(whole["facts"]) > 100


def test_pieces_are_cut_after_newlines_and_cover_the_text():
    text = "第一段。\n" * 1000 + "甲" * 500 + "\n尾"
    pieces = chunks(text, 100)
    assert "".join(text[a:b] for a, b in pieces) == text and all(text[b - 1] == "\n" for _, b in pieces[:-1])
    assert all(b - a <= 100 for a, b in pieces[:-2]) and chunks("无换行" * 100, 10) == [(0, 300)]


def test_compact_tokens_are_the_segmenter_tokens():
    text = clean_document(long_text(1))["clean_text"]
    columns = process.segment_compact(text, default_segmenter(), 5_000)
    assert columns.tokens(text, 0, len(columns)) == default_segmenter().cut(text)
    assert columns.first_at(0) == 0 and columns.first_at(len(text)) == len(columns)
    tokens = default_segmenter().cut(text)
    bounds = {t.start for t in tokens} | {t.end for t in tokens}
    assert [p for p in range(0, len(text), 7) if columns.is_boundary(p)] == \
        [p for p in range(0, len(text), 7) if p in bounds]


def test_a_long_document_is_written_piece_by_piece_and_a_failed_one_leaves_nothing(tmp_path, monkeypatch):
    """With a sink, a long document's tokens and postings go to the batch's files as they are made, the same
    rows as without one; a document that fails after some pieces leaves none of its rows behind."""
    real = process.extract_document

    def small_pieces(cleaned, *args, on_chunk=None, **kwargs):
        def fragile(number, *rest):
            if cleaned["doc_id"] == "bad" and number == 2:
                raise ValueError("failed after two pieces")
            on_chunk(number, *rest)
        return real(cleaned, *args, chunk_chars=20_000, on_chunk=fragile, **kwargs)

    monkeypatch.setattr(process, "extract_document", small_pieces)
    long = long_text(2)
    raw = [_raw("long", long), _raw("short", "全年固定资产投资增长8.5%。"), _raw("bad", long + "\n补")]
    kept = process.process_documents(raw)
    store = ParquetStore(str(tmp_path / "pq"))
    streamed = StreamedTables(store, "b1")
    tables = process.process_documents(raw, sink=streamed)
    assert tables["tokens"]["doc_id"].unique().to_list() == ["short"]  # the long one's were written already
    write_batch(store, "b1", tables, streamed)
    streamed.abort()
    for name in process.TABLES:
        written = store.read(batch_key(name, "b1"))
        assert _keyed(written).equals(_keyed(kept[name])), name
    assert set(store.read(batch_key("tokens", "b1"))["doc_id"]) == {"long", "short"}
    assert set(kept["postings"]["doc_id"]) == {"long", "short"}
    assert streamed.rows["tokens"] > 10_000 and not list((tmp_path / "pq").rglob(".*.tmp"))


def test_a_batch_with_a_long_document_counts_the_rows_it_streamed(tmp_path, monkeypatch):
    """run_batch (what a worker runs): the summary counts the rows written piece by piece as well."""
    real = process.extract_document
    monkeypatch.setattr(process, "extract_document",
                        lambda cleaned, *args, **kwargs: real(cleaned, *args, chunk_chars=20_000, **kwargs))
    raw = [_raw("long", long_text(2)), _raw("short", "全年固定资产投资增长8.5%。")]
    store = ParquetStore(str(tmp_path / "pq"))
    store.write(pl.DataFrame(raw), "raw_documents.parquet")
    summary = process.run_batch(store, {"batch_id": "b1", "doc_ids": ["long", "short"]})
    kept = process.process_documents(raw)
    assert summary["rows"] == {name: frame.height for name, frame in kept.items()}
    assert summary["facts_by_type"] == process.summarise(kept)["facts_by_type"]
    assert store.read(batch_key("tokens", "b1")).height == kept["tokens"].height
