"""People: everyone named in a document, each with a role (official, other or reporter).

Rule families, their words in seeds/lexicon:
- a title chain, then the name: `市委常委、某某市委书记张三`, `法国总统马克龙`, `某公司董事长 张三`,
  `村民刘某` (titles.csv; job_words.csv for jobs and posts outside government);
- the name, then a title or a leader's verb: `张三书记`, `习近平总书记`, `王岐山出席`, `信长星同志`
  (meeting_verbs.csv);
- bylines and photo credits: `某某日报记者 李四 摄`.
A Chinese name starts with a surname (surnames.csv) and ends where a cue follows (person_cues.csv) or
jieba's token ends; a foreign name after a foreign title is a run of transliteration characters
(transliteration_chars.csv) cut at a token boundary. A title's kind gives the role: party, government,
state and foreign offices are official; company, organisation and job words `other`; press `reporter`.
Names inside doctrine or place names (邓小平理论) follow no title or cue and are not taken.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.extract.trie import alternation
from pipelines.lexicon import LEXICON_DIR, Lexicon, load_lexicon, read_column
from pipelines.text.segment import Token, jieba_word_tags

OFFICIAL, OTHER, REPORTER = "official", "other", "reporter"
_ROLE_OF_KIND = {"party": OFFICIAL, "government": OFFICIAL, "state": OFFICIAL, "foreign": OFFICIAL,
                 "company": OTHER, "organisation": OTHER, "job": OTHER, "press": REPORTER}
_ROLE_RANK = {OFFICIAL: 0, OTHER: 1, REPORTER: 2}
_VENUE = re.compile(r"^.*?(?:会议|大会)上")
_LIST_SEP = re.compile(r"[、，,兼]")
_NOT_IN_NAME = re.compile(r"[的了是在和与等及市区县省委局会书记主任]")  # after a name's first character
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACED = re.compile(r"[\u4e00-\u9fff][ \u3000][\u4e00-\u9fff]")
_LEAD_STOPS = ("在", "对", "向", "的", "是", "为", "由", "据", "从", "请", "看")
_PREPOSITION_SURNAMES = "向于和同"
_BEFORE_FOREIGN = "同与和向对、，“见"  # what precedes a foreign name written before its title
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")
_REACH = 18  # characters a title chain may start before its first title
_PUNCT_AFTER = r"[\s:：，,。；;、）)<“”\"0-9０-９]"
_CREDIT = re.compile(r"(?P<title>[\u4e00-\u9fff/]{0,14}(?:记者|通讯员))[ \t\u3000]*"
                     r"(?P<names>[\u4e00-\u9fff]{2,3}(?:[ \t\u3000、]+[\u4e00-\u9fff]{2,3})*)[ \t\u3000]*"
                     r"(?=摄|报道|[）)])")


@dataclass(frozen=True)
class _Words:
    kinds: dict[str, str]  # title or job word -> kind (_ROLE_OF_KIND)
    after: re.Pattern  # what may follow a name: a cue word, punctuation, a digit, the end
    verbs: frozenset[str]  # a name followed by one of these is a leader doing something
    countries: tuple[str, ...]
    country_at: re.Pattern  # where a country is named (an empty match there)
    country_heads: frozenset[str]  # every beginning of a country's name (斯洛 of 斯洛文尼亚)
    translit: frozenset[str]
    not_name_ends: tuple[str, ...]  # 张女士, 江大道: a courtesy word or a street, not a name
    before: re.Pattern  # what a name follows in a photo caption (图为)
    stops: re.Pattern  # verbs and prepositions that end the words before a title chain
    clocks: tuple[str, ...] = ()  # 时间 after a foreign name and a city (某某|柏林时间)


def _csv(name: str) -> list[dict[str, str]]:
    with (LEXICON_DIR / name).open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]


@lru_cache(maxsize=4)
def _words(lexicon: Lexicon) -> _Words:
    kinds = {r["title"]: r.get("kind") or "government" for r in _csv("titles.csv")}
    kinds.update({t: kinds.get(t, "government") for t in lexicon.titles})
    for r in _csv("job_words.csv"):
        kinds.setdefault(r["word"], r.get("kind") or "job")
    rows = _csv("person_cues.csv")
    cues = sorted((r["cue"] for r in rows if r.get("position") == "after"), key=len, reverse=True)
    after = re.compile(rf"(?:{alternation(cues)}|{_PUNCT_AFTER}|$)")
    chars = frozenset("".join(r["chars"] for r in _csv("transliteration_chars.csv")))
    suffixes = [w for w in read_column(LEXICON_DIR / "name_suffixes.csv", "suffix") if len(w) > 1]
    not_name = tuple(r["cue"] for r in rows if r.get("position") in ("honorific", "work")) + tuple(suffixes)
    countries = tuple(read_column(LEXICON_DIR / "foreign_countries.csv", "name"))
    before = re.compile(alternation(r["cue"] for r in rows if r.get("position") == "before") or "(?!)")
    return _Words(kinds=kinds, after=after, not_name_ends=not_name, before=before,
                  verbs=frozenset(r["verb"] for r in _csv("meeting_verbs.csv")),
                  countries=countries,
                  country_heads=frozenset(c[:i] for c in countries for i in range(1, len(c))),
                  country_at=re.compile(f"(?=(?:{alternation(countries)}))"),
                  translit=chars,
                  clocks=tuple(r["cue"] for r in rows if r.get("position") == "clock"),
                  stops=re.compile(alternation(_LEAD_STOPS + tuple(c for c in cues if len(c) > 1))))


@lru_cache(maxsize=4)
def _patterns(lexicon: Lexicon) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The title chain, the short `张三书记` form, and where any title starts (an empty match there)."""
    words = _words(lexicon)
    alt = alternation(t for t, kind in words.kinds.items() if kind != "press")
    segment = rf"[\u4e00-\u9fff（）()/]{{0,{_REACH}}}?(?:{alt})"
    starts = re.escape("".join(sorted(_surnames() | words.translit)))
    # the chain ends where a name may start (中央书记|处书记蔡奇: not after 中央书记)
    chain = re.compile(rf"(?P<chain>{segment}(?:[、，,兼]{segment})*)(?P<gap>[ \t\u3000]?)(?=[{starts}])")
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
    chain = _VENUE.sub("", chain)  # 在某届某会议上某省省长: the meeting is a venue, not a title
    return [t.strip() for t in _LIST_SEP.split(chain) if t.strip()]


def _kind_of(title: str, words: _Words) -> str:
    """The kind of the longest title or job word a written title ends with."""
    for i in range(len(title)):
        kind = words.kinds.get(title[i:])
        if kind:
            return kind
    return "government"


class _Tokens:
    """jieba's tokens of the text, asked where a token starting at an offset ends."""

    def __init__(self, tokens: list[Token] | None, name_tokens: set[tuple[int, int]]):
        self.tokens = tokens or []
        self.end_at = {t.start: t.end for t in self.tokens} or dict(name_tokens)


def _lead_cut(chain: str, words: _Words) -> int:
    """Where the titles start in a chain whose lead ran into the sentence before them: at the last
    foreign country named (`…出席巴西新任总统` -> `巴西新任总统`), else after the last verb or preposition
    (`…会见新任副总统` -> `新任副总统`)."""
    first = _LIST_SEP.search(chain)
    lead = chain[:first.start()] if first else chain
    at = [m.start() for m in words.country_at.finditer(lead)]
    if at:
        return at[-1]
    stop = max(((m.end() for m in words.stops.finditer(lead))), default=0)
    return stop


def _chinese_plausible(name: str, p: int, toks: _Tokens, lexicon: Lexicon, words: _Words) -> bool:
    """A surname and a given name: not a courtesy word, a street, a job (游客…), a place (祝+全国), and a
    surname that is also a preposition (向) only when jieba cut the name whole."""
    if not _CJK_NAME.fullmatch(name) or not _plausible_name(name, lexicon):
        return False
    if name.endswith(words.not_name_ends):
        return False
    if name[:2] in words.kinds or name[:2] in words.not_name_ends or name[1:] in lexicon.aliases:
        return False
    return name[0] not in _PREPOSITION_SURNAMES or (len(name) == 3 and toks.end_at.get(p) == p + 3)


def _chinese_name(text: str, p: int, toks: _Tokens, lexicon: Lexicon, words: _Words) -> int | None:
    """Where a Chinese name starting at `p` ends: a surname, one or two more characters, then a cue."""
    if p >= len(text) or text[p] not in _surnames():
        return None
    ends = [toks.end_at[p]] if 2 <= toks.end_at.get(p, 0) - p <= 3 else []
    if toks.end_at and p not in toks.end_at:
        return None  # 线路工|程投运: the name would start inside a word
    for end in [p + 2] + ends + [p + 3]:
        name = text[p:end]
        if len(name) == 3 and words.after.match(text, p + 2):
            continue  # 苏林|陪同: a cue, not a third character
        if end <= len(text) and _chinese_plausible(name, p, toks, lexicon, words) \
                and words.after.match(text, end):
            return end
    if _SPACED.match(text, p) and words.after.match(text, p + 3):
        return p + 3  # 韦 韬: a two-character name spaced out to the width of three
    return None


def _word_across(text: str, q: int, end: int) -> bool:
    """A dictionary word (not a noun or name) or a place starts at `q` and runs to or past `end`:
    内塔尼亚胡|加剧, 某某克|伦敦时间."""
    tags = jieba_word_tags()
    for size in (2, 3, 4):
        if q + size >= end and q + size <= len(text):
            tag = tags.get(text[q:q + size])
            if tag is not None and (not tag.startswith("n") or tag == "ns"):
                return True  # a word, or a place after the name (某某克|巴黎时间)
    return False


def _foreign_name(text: str, p: int, toks: _Tokens, lexicon: Lexicon, words: _Words) -> int | None:
    """Where a foreign name starting at `p` ends: transliteration characters, cut at a token boundary."""
    end = p
    while end < len(text) and end - p < 20 and text[end] in words.translit:
        end += 1
    while end > p and not text[end - 1].isalpha():
        end -= 1  # a trailing dot
    if words.clocks and text.startswith(words.clocks, end):  # 某某夫|莫斯科时间: the city ends the run
        tags = jieba_word_tags()
        end = next((q for q in range(p + 2, end - 1) if text[q:end] in tags), end)
    end = next((q for q in range(p + 2, end) if _word_across(text, q, end)), end)
    while end > p and not text[end - 1].isalpha():
        end -= 1  # a dot left before the cut
    name = text[p:end]
    if len(name) < 2 or name in lexicon.aliases or name.startswith(words.countries):
        return None
    tag = jieba_word_tags().get(name)
    if tag is not None and not tag.startswith("nr"):
        return None  # 柏林, 登基: a place or a word
    return end


def _chain_people(text: str, lexicon: Lexicon, toks: _Tokens, words: _Words) -> list[dict]:
    chain_re, _, title_at = _patterns(lexicon)
    rows = []
    for m in _chain_matches(chain_re, title_at, text):
        chain = m.group("chain")
        cut = _lead_cut(chain, words)
        titles = _split_chain(chain[cut:])
        if not titles:
            continue
        kind = _kind_of(titles[-1], words)
        start = m.end()
        foreign = words.country_at.search(chain) is not None
        order = (_foreign_name, _chinese_name) if foreign else (_chinese_name,)
        if not foreign and kind == "foreign":
            order = (_chinese_name, _foreign_name)
        end = next((e for find in order if (e := find(text, start, toks, lexicon, words))), None)
        if end is None:
            continue
        first = m.start() + cut
        rows.append({"name": re.sub(r"\s", "", text[start:end]), "titles": titles,
                     "role": _ROLE_OF_KIND.get(kind, OFFICIAL),
                     "mention": text[first:end], "char_start": first, "char_end": end,
                     "foreign": foreign})
    return rows


def _name_first_people(text: str, lexicon: Lexicon, toks: _Tokens, words: _Words) -> list[dict]:
    """`习近平总书记`, `王岐山出席`, `信长星同志`: a name token (or a surname heading a clause) followed by
    an official title or a leader's verb (meeting_verbs.csv)."""
    rows = []
    tokens = toks.tokens
    for i, t in enumerate(tokens[:-1]):
        if not 2 <= len(t.text) <= 3 or t.text[0] not in _surnames():
            continue
        nxt = tokens[i + 1]
        if nxt.start != t.end:
            continue
        is_title = _ROLE_OF_KIND.get(words.kinds.get(nxt.text, ""), "") == OFFICIAL
        if not (is_title or nxt.text in words.verbs):
            continue
        if not _chinese_plausible(t.text, t.start, toks, lexicon, words):
            continue
        if lexicon.region_of(t.text + nxt.text[:1]) or t.text in words.countries:
            continue  # 李沧 + 区委书记: a place and its office
        rows.append({"name": t.text, "titles": [nxt.text] if is_title else [], "role": OFFICIAL,
                     "mention": text[t.start:nxt.end], "char_start": t.start, "char_end": nxt.end})
    foreign_titles = re.compile(alternation(t for t, k in words.kinds.items() if k == "foreign"))
    for m in foreign_titles.finditer(text):  # 同穆萨尔总统: a foreign name before its title
        p = m.start()
        while p > 0 and m.start() - p < 8 and text[p - 1] in words.translit:
            p -= 1
        name = text[p:m.start()]
        if len(name) < 2 or not p or text[p - 1] not in _BEFORE_FOREIGN or name in lexicon.aliases:
            continue
        if _foreign_name(text, m.end(), toks, lexicon, words) or text.endswith(words.countries, 0, m.start()):
            continue  # 吉布提总统盖莱: the name follows the title, what precedes it is a country
        if not name.startswith(words.countries) and name not in words.country_heads:
            rows.append({"name": name, "titles": [m.group()], "role": OFFICIAL, "mention": text[p:m.end()],
                         "char_start": p, "char_end": m.end(), "foreign": True})
    verbs = re.compile(alternation(w for w in words.verbs if len(w) > 1))
    for m in verbs.finditer(text):  # 信长星同志任: a name jieba cut in two, at the head of a clause
        for p in (m.start() - 3, m.start() - 2):
            name = text[max(p, 0):m.start()]
            if len(name) == 3 and words.after.match(text, p + 2):
                continue  # 李强还出席: a two-character name and a cue
            if p < 0 or text[p] not in _surnames() or (p and _CJK.match(text, p - 1)):
                continue
            if _chinese_plausible(name, p, toks, lexicon, words) and name not in words.countries:
                rows.append({"name": name, "titles": [], "role": OFFICIAL, "mention": text[p:m.end()],
                             "char_start": p, "char_end": m.end()})
                break
    return rows


def _credit_people(text: str) -> list[dict]:
    """Bylines and photo credits: `某某日报记者 李四 摄`, `记者 张三 李四 报道`."""
    rows = []
    for m in _CREDIT.finditer(text):
        title = m.group("title")
        pos = m.start("names")
        for name in re.split(r"[ \t\u3000、]+", m.group("names")):
            start = text.index(name, pos)
            pos = start + len(name)
            if name.endswith(("记者", "通讯员")):
                title = name  # （通讯员 王某 记者 李某）: the next names are the reporter's
            elif name[0] in _surnames():
                rows.append({"name": name, "titles": [title], "role": REPORTER, "mention": m.group(),
                             "char_start": start, "char_end": pos})
    return rows


def _caption_people(text: str, lexicon: Lexicon, toks: _Tokens, words: _Words) -> list[dict]:
    """`图为张三在车间调试设备`: the person a photo caption names (person_cues.csv, position before)."""
    rows = []
    for m in words.before.finditer(text):
        end = _chinese_name(text, m.end(), toks, lexicon, words)
        if end:
            rows.append({"name": text[m.end():end], "titles": [], "role": OTHER,
                         "mention": text[m.start():end], "char_start": m.end(), "char_end": end})
    return rows


def find_people(text: str, lexicon: Lexicon | None, name_tokens: set[tuple[int, int]],
                tokens: list[Token] | None = None) -> list[dict]:
    """Everyone named in `text`, one row per mention; `name_tokens` are jieba spans tagged as person names,
    `tokens` all of jieba's tokens in text order (without them, names are cut by cues alone).
    Every row of one name gets the same role: official over other over reporter."""
    lexicon = lexicon or load_lexicon()
    words = _words(lexicon)
    toks = _Tokens(tokens, name_tokens)
    _, short_re, _ = _patterns(lexicon)
    starts = {s: e for s, e in name_tokens}
    rows = _chain_people(text, lexicon, toks, words)
    for m in short_re.finditer(text):
        name = m.group("name")
        if not _plausible_name(name, lexicon) or (m.start("name") not in starts and len(name) == 3):
            continue
        rows.append({"name": name, "titles": [m.group("title")], "role": OFFICIAL, "mention": m.group(),
                     "char_start": m.start(), "char_end": m.end()})
    rows += _name_first_people(text, lexicon, toks, words)
    rows += _credit_people(text)
    rows += _caption_people(text, lexicon, toks, words)
    role: dict[str, str] = {}
    for r in rows:
        if _ROLE_RANK[r["role"]] < _ROLE_RANK[role.get(r["name"], REPORTER)] or r["name"] not in role:
            role[r["name"]] = r["role"]
    rows.sort(key=lambda r: r["char_start"])
    for r in rows:
        r["role"] = role[r["name"]]
    return rows


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(read_column(LEXICON_DIR / "surnames.csv", "surname"))


@lru_cache(maxsize=1 << 16)
def _plausible_name(name: str, lexicon: Lexicon) -> bool:
    """Reject title words, places and common words caught where a name should be."""
    if name in lexicon.aliases or any(name.endswith(t) or t.endswith(name) for t in lexicon.titles):
        return False
    tag = jieba_word_tags().get(name)  # a word jieba's dictionary tags other than as a person name is not one
    if tag is not None and not tag.startswith("nr"):
        return False  # 指出, 强调, 多次: words, not names
    head = jieba_word_tags().get(name[:2]) if len(name) == 3 else None
    if head is not None and not head.startswith("n"):
        return False  # 关于党: a function word or verb where the surname and given name should be
    return not _NOT_IN_NAME.search(name[1:]) and name[0] not in "的了是在和与及各全本该"
