"""jieba segmentation with a user dictionary built from seeds/lexicon, with POS tags and offsets.

The user dictionary makes region names, titles, metrics and units come out whole
(`西海岸新区`, `固定资产投资`, `市委常委`).
Tags come from jieba's own dictionary (the tags `jieba.posseg` uses) plus the lexicon's kinds;
cutting with the engine's plain `lcut`, offsets summed from word lengths, keeps the speed of `jieba.lcut`
(posseg is several times slower; see docs/performance.md).

Three engines cut the same way: `jieba_next` (jieba's route search and HMM in Rust; the default),
`jieba_fast` (the route search in C) and `jieba` itself. All load jieba's dictionary file and split blocks
with jieba's own regex, so the tokens agree on 99.99% of the 新闻联播 corpus's sentences
(`python -m tools.segment_agreement`); PIPELINE_SEGMENTER=jieba_fast or jieba picks another.
"""

from __future__ import annotations

import os
import re
import tempfile
from array import array
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, repeat
from typing import NamedTuple

import jieba

from pipelines import config
from pipelines.lexicon import Lexicon, load_lexicon

USER_WORD_FREQ = 2000  # high enough to win over jieba's own splits of a multi-character name
_NUMERIC = re.compile(r"^[0-9０-９.．%％]+$")
_LATIN = re.compile(r"^[A-Za-z]+$")


ENGINES = config.SEGMENTERS
DEFAULT_ENGINE = config.VARIABLES["PIPELINE_SEGMENTER"][0]


class Token(NamedTuple):  # a tuple: millions are made per corpus; a frozen dataclass is slower to build
    text: str
    pos: str
    start: int
    end: int


def as_tokens(words: list[str], tags: list[str], starts: list[int], ends: list[int]) -> list[Token]:
    """Token tuples from the four columns; `tuple.__new__` builds them in C (the NamedTuple constructor is a
    Python function, noticeably slower over the millions of tokens of a corpus)."""
    return list(map(tuple.__new__, repeat(Token), zip(words, tags, starts, ends)))


class _Codes(dict):
    """tag -> its code, a new tag given the next one (and added to `names`)."""

    def __init__(self, names: list[str]):
        super().__init__()
        self.names = names

    def __missing__(self, tag: str) -> int:
        self[tag] = len(self.names)
        self.names.append(tag)
        return self[tag]


class TokenColumns:
    """A text's jieba tokens held compactly: where each token ends (it starts where the one before ends, the
    first at 0: jieba's tokens cover the text end to end) and a code of its tag. About 10 bytes a token where
    a Token tuple with its strings and offsets costs about 300, so a long document's tokens fit in memory;
    Token tuples are made for one stretch of the text at a time (`tokens`)."""

    __slots__ = ("ends", "tags", "names", "_codes")

    def __init__(self):
        self.ends = array("q")
        self.tags = array("H")
        self.names: list[str] = []  # tag code -> tag
        self._codes = _Codes(self.names)  # tag -> code

    def __len__(self) -> int:
        return len(self.ends)

    def extend(self, tags: list[str], ends: list[int], offset: int = 0) -> None:
        """Add the tokens of a piece of the text starting at `offset` (its tags and piece-relative ends)."""
        self.ends.extend(ends if not offset else (offset + e for e in ends))
        self.tags.extend(map(self._codes.__getitem__, tags))

    def add_words(self, words: list[str], tags: dict[str, str], offset: int = 0) -> None:
        """Add the words jieba cut a piece of the text starting at `offset` into, tagged by `tags` (in C: no
        Python call per word)."""
        ends = accumulate(map(len, words), initial=offset)
        next(ends)
        self.ends.extend(ends)
        self.tags.extend(map(self._codes.__getitem__, map(tags.__getitem__, words)))

    @classmethod
    def of(cls, tags: list[str], starts: list[int], ends: list[int]) -> TokenColumns:
        """From the columns of a text's tokens (`Segmenter.columns`), which must cover it end to end."""
        if any(a != b for a, b in zip(starts[1:], ends)) or (starts and starts[0] != 0):
            raise ValueError("tokens that do not cover the text end to end")
        columns = cls()
        columns.extend(tags, ends)
        return columns

    def first_at(self, offset: int) -> int:
        """The index of the first token starting at or after `offset`."""
        return 0 if offset <= 0 else min(bisect_left(self.ends, offset) + 1, len(self.ends))

    def is_boundary(self, offset: int) -> bool:
        """True when a token starts or ends at `offset`."""
        if not self.ends:
            return False
        i = bisect_left(self.ends, offset)
        return offset == 0 or (i < len(self.ends) and self.ends[i] == offset)

    def columns(self, text: str, lo: int, hi: int, shift: int = 0
                ) -> tuple[list[str], list[str], list[int], list[int]]:
        """Words, tags, starts and ends (minus `shift`) of the tokens `lo` to `hi` (indices) of `text`."""
        ends = self.ends[lo:hi].tolist()
        starts = [self.ends[lo - 1] if lo else 0, *ends[:-1]] if ends else []
        words = list(map(text.__getitem__, map(slice, starts, ends)))
        tags = list(map(self.names.__getitem__, self.tags[lo:hi]))
        if shift:
            starts = [s - shift for s in starts]
            ends = [e - shift for e in ends]
        return words, tags, starts, ends

    def tokens(self, text: str, lo: int, hi: int, shift: int = 0) -> list[Token]:
        """Token tuples of the tokens `lo` to `hi` (indices), their offsets minus `shift`."""
        return as_tokens(*self.columns(text, lo, hi, shift))


def engine_name() -> str:
    """The engine PIPELINE_SEGMENTER names (default jieba_next); an unknown name is an error."""
    return config.segmenter_name()


def segmenter_version(engine: str | None = None) -> str:
    """What decides the cut: the engine, its version and jieba's dictionary (jieba's version)."""
    engine = engine or engine_name()
    if engine == "jieba_next":
        import jieba_next

        return f"jieba_next-{jieba_next.__version__}+jieba-{jieba.__version__}"
    if engine == "jieba_fast":
        import jieba_fast

        return f"jieba_fast-{jieba_fast.__version__}+jieba-{jieba.__version__}"
    return jieba.__version__


def new_tokenizer(engine: str | None = None):
    """An initialised tokenizer of the engine on jieba's dictionary, its cache in JIEBA_CACHE_DIR."""
    engine = engine or engine_name()
    cache_dir = os.environ.get("JIEBA_CACHE_DIR", tempfile.gettempdir())
    if engine == "jieba_next":
        import jieba_next.tokenizer

        # A modern fork of jieba_fast: its block regex, like jieba_fast's, is 0.39's (a module global read
        # per call).
        jieba_next.tokenizer.re_han_default = jieba.re_han_default
        tok = jieba_next.Tokenizer(jieba.get_dict_file().name, cache_dir=cache_dir)
        tok.initialize()
        return tok
    if engine == "jieba_fast":
        import jieba_fast

        # jieba_fast is a fork of jieba 0.39: give it 0.42's dictionary and block regex (0.42 keeps
        # `-` inside a block, so a run like `---` stays one token). The regex is a module global it reads
        # per call.
        jieba_fast.re_han_default = jieba.re_han_default
        tok = jieba_fast.Tokenizer(jieba.get_dict_file().name)
    else:
        tok = jieba.Tokenizer()
    tok.tmp_dir = cache_dir
    tok.initialize()
    return tok


def user_words(lexicon: Lexicon) -> list[tuple[str, str]]:
    """(word, tag) pairs for jieba's user dictionary, from the lexicon."""
    words: dict[str, str] = {}
    for alias in lexicon.aliases:
        words.setdefault(alias, "ns")
    for title in lexicon.titles:
        words.setdefault(title, "nt")
    for term in lexicon.metric_terms:
        words.setdefault(term, "n")
    for unit in lexicon.units:
        if len(unit) > 1:
            words.setdefault(unit, "q")
    # a place's party or government office as one word: 胶州市 + 市委书记 -> 胶州市委书记
    for name in lexicon.regions:
        for title in lexicon.titles:
            if len(title) > 2 and title[1] == "委" and name.endswith(title[0]) and len(name) > 2:
                words.setdefault(name[:-1] + title, "nt")
    for phrase in lexicon.not_facts:
        words.setdefault(phrase, "i")  # a set phrase: neither a name nor part of one
    return sorted(words.items())


def shape_tag(word: str) -> str:
    """The tag of a word in neither jieba's dictionary nor the lexicon: m (numbers), eng (Latin letters)
    or x."""
    if _NUMERIC.match(word):
        return "m"
    if _LATIN.match(word):
        return "eng"
    return "x"


class TagTable(dict):
    """word -> POS tag. A word in neither table is tagged by its shape and remembered (up to `room` such
    words: punctuation and numbers are 40% of a text's tokens), so tagging a text is
    `map(table.__getitem__, words)` in C: faster than a lookup with a fallback per word."""

    def __init__(self, tags: dict[str, str], room: int = 200_000):
        super().__init__(tags)
        self.room = room

    def __missing__(self, word: str) -> str:
        tag = shape_tag(word)
        if self.room > 0:
            self[word] = tag
            self.room -= 1
        return tag


class Segmenter:
    """One jieba tokenizer with the lexicon's user words; build once per process."""

    def __init__(self, lexicon: Lexicon | None = None, engine: str | None = None):
        lexicon = lexicon or load_lexicon()
        self.engine = engine or engine_name()
        self._tok = new_tokenizer(self.engine)
        self._tags = TagTable(jieba_word_tags())
        for word, tag in user_words(lexicon):
            self._tok.add_word(word, USER_WORD_FREQ, tag)
            self._tags[word] = tag
        self._tok.lcut("一")  # jieba_next builds its prefix trie at the first cut after the last add_word

    def columns(self, text: str) -> tuple[list[str], list[str], list[int], list[int]]:
        """The tokens of `text` as four columns: words, POS tags, start and end offsets. The engine's plain
        `lcut` with offsets summed from the word lengths (what `tokenize` yields, without a generator)."""
        words = self._tok.lcut(text)
        ends = list(accumulate(map(len, words)))
        return words, list(map(self._tags.__getitem__, words)), [0, *ends[:-1]] if ends else [], ends

    def add_to(self, columns: TokenColumns, text: str, offset: int = 0) -> None:
        """The tokens of `text` (a piece of a text starting at `offset`) added to `columns`."""
        columns.add_words(self._tok.lcut(text), self._tags, offset)

    def cut(self, text: str) -> list[Token]:
        """Tokens of `text` with their POS tags and character offsets."""
        return as_tokens(*self.columns(text))

    def words(self, text: str) -> list[str]:
        return self._tok.lcut(text)


@lru_cache(maxsize=1)
def jieba_word_tags() -> dict[str, str]:
    """word -> POS tag from jieba's dictionary file (`word freq tag` lines): the table `jieba.posseg` loads,
    read without importing posseg, whose HMM tables are slow to load in every process that starts."""
    with jieba.get_dict_file() as f:
        lines = f.read().decode("utf-8").splitlines()
    return {parts[0]: parts[2] for parts in map(str.split, lines) if len(parts) == 3}


def default_segmenter() -> Segmenter:
    """The process's segmenter for the engine PIPELINE_SEGMENTER names, built once."""
    return _segmenter(engine_name())


@lru_cache(maxsize=2)
def _segmenter(engine: str) -> Segmenter:
    return Segmenter(engine=engine)
