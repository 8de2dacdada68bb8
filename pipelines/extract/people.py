"""People: officials with their title chains (`市委常委、某某市委书记…张三`), leaders named by
name and title (`张三书记`), and reporters from bylines."""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.extract.trie import alternation
from pipelines.lexicon import LEXICON_DIR, Lexicon, load_lexicon, read_column
from pipelines.text.segment import jieba_word_tags

_SPEECH = r"(?=表示|说|指出|介绍|强调|认为|坦言|谈到|告诉|[:：，,]|\s|$)"
_NAME = r"[\u4e00-\u9fff]{2,3}"
_VENUE = re.compile(r"^.*?(?:会议|大会)上")
_LIST_SEP = re.compile(r"[、，,]")
_NOT_IN_NAME = re.compile(r"[的了是在和与等及市区县省委局会长书记主任]")  # after a name's first character


_REACH = 18  # characters a title chain may start before its first title


@lru_cache(maxsize=4)
def _patterns(lexicon: Lexicon) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The title chain, the short `张三书记` form, and where any title starts (an empty match there)."""
    alt = alternation(t for t in lexicon.titles if "记者" not in t and t != "通讯员")
    segment = rf"[\u4e00-\u9fff（）()/]{{0,{_REACH}}}?(?:{alt})"
    chain = re.compile(rf"(?P<chain>{segment}(?:[、，,]{segment})*)\s?(?P<name>{_NAME}?){_SPEECH}")
    short = re.compile(r"(?:(?<=[按照根据在和与向，。、“])|^)(?P<name>[\u4e00-\u9fff]{2,3}?)"
                       r"(?P<title>书记|市长|区长|省长|县长|总书记)(?=要求|指出|强调|表示|讲话|的|[，。、”])")
    return chain, short, re.compile(f"(?=(?:{alt}))")


def _chain_matches(chain: re.Pattern, title_at: re.Pattern, text: str):
    """The matches `chain.finditer(text)` gives, trying only the positions that can start one.

    A chain starts at most _REACH characters before a title, and `finditer` tries every position
    (19 title tests at each, for the lazy lead): here only the positions up to _REACH before a
    title are tried, in order, each with `match` (which sees the text before it, as `finditer` does).
    """
    pos = 0
    for title in title_at.finditer(text):
        pos = max(pos, title.start() - _REACH)
        while pos <= title.start():
            m = chain.match(text, pos)
            if m:
                yield m
                pos = m.end()  # > pos: a chain holds a title
            else:
                pos += 1


def _split_chain(chain: str) -> list[str]:
    chain = _VENUE.sub("", chain)  # 在…代表大会第五次会议上海南省省长: the venue is not a title
    return [t.strip() for t in _LIST_SEP.split(chain) if t.strip()]


def find_people(text: str, lexicon: Lexicon | None, name_tokens: set[tuple[int, int]]) -> list[dict]:
    """Officials and quoted leaders in `text`; `name_tokens` are jieba spans tagged as person names."""
    lexicon = lexicon or load_lexicon()
    chain_re, short_re, title_at = _patterns(lexicon)
    starts = {s: e for s, e in name_tokens}
    rows = []
    for m in _chain_matches(chain_re, title_at, text):
        start = m.start("name")
        if start in starts:
            end = starts[start]
        else:
            end = m.end("name")
        name = text[start:end]
        if len(name) < 2 or not _plausible_name(name, lexicon) or name[0] not in _surnames():
            continue  # a full name after a title chain starts with a surname
        titles = _split_chain(m.group("chain"))
        rows.append({"name": name, "titles": titles, "role": "official", "mention": text[m.start():end],
                     "char_start": m.start(), "char_end": end})
    for m in short_re.finditer(text):
        name = m.group("name")
        if not _plausible_name(name, lexicon) or (m.start("name") not in starts and len(name) == 3):
            continue
        rows.append({"name": name, "titles": [m.group("title")], "role": "official", "mention": m.group(),
                     "char_start": m.start(), "char_end": m.end()})
    return rows


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(read_column(LEXICON_DIR / "surnames.csv", "surname"))


def _plausible_name(name: str, lexicon: Lexicon) -> bool:
    """Reject title words, places and common words caught where a name should be."""
    if name in lexicon.aliases or any(name.endswith(t) or t.endswith(name) for t in lexicon.titles):
        return False
    tag = jieba_word_tags().get(name)  # a word jieba's dictionary tags other than as a person name is not one
    if tag is not None and not tag.startswith("nr"):
        return False  # 指出, 强调, 多次: words, not names
    return not _NOT_IN_NAME.search(name[1:]) and name[0] not in "的了是在和与及各全本该"
