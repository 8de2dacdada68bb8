"""Region mentions resolved to canonical names through seeds/lexicon/regions.csv.

The region of a fact is the most specific one the text ties it to: a region named in its
sentence before it, else the region of the heading or speaker block above, else the
document's own region (the one it names most, the more specific winning ties).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from pipelines.extract.trie import alternation
from pipelines.lexicon import LEXICON_DIR, Lexicon, load_lexicon, read_column

LEVEL_RANK = {"global": 0, "country": 1, "province": 2, "city": 3,
              "county_city": 4, "district": 4, "county": 4, "zone": 5}
# A place name directly followed by one of these names an organisation in the place; the
# place still counts, but a name glued to a following Han character that makes another word
# (青岛啤酒) is cut only where the lexicon has no longer alias.
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SUBJECT_NEXT = re.compile(r"[将要已的是在和与把对从为以共新全今去上下近累]")  # a verb or function word


# a tuple: a document names hundreds, cheaper to build than a frozen dataclass
class RegionMention(NamedTuple):
    start: int
    end: int
    written: str
    name: str


@lru_cache(maxsize=4)
def _pattern(lexicon: Lexicon) -> re.Pattern | None:
    if not lexicon.aliases:
        return None
    return re.compile(alternation(lexicon.aliases))


def find_regions(text: str, lexicon: Lexicon | None = None) -> list[RegionMention]:
    """Every alias occurrence in `text`, longest match first, resolved to its canonical name."""
    lexicon = lexicon or load_lexicon()
    pattern = _pattern(lexicon)
    if pattern is None:
        return []
    return [RegionMention(m.start(), m.end(), m.group(), lexicon.aliases[m.group()])
            for m in pattern.finditer(text)]


def rank(name: str, lexicon: Lexicon | None = None) -> int:
    lexicon = lexicon or load_lexicon()
    region = lexicon.regions.get(name)
    return LEVEL_RANK.get(region.level, 3) if region else 3


LEAD_CHARS = 500  # a news lead or a report's title block names what the text is about
TITLE_CHARS = 60  # a first line this short is a title


def document_region(mentions: list[RegionMention], lexicon: Lexicon | None = None,
                    text: str = "") -> str | None:
    """The region a document is about: the one its title line names (`2026年山东省政府工作报告`),
    else the domestic region (全国 included) its lead names most, earliest on ties, else the region
    named most often. A foreign country named in passing does not
    make a Chinese text about that country."""
    lexicon = lexicon or load_lexicon()
    named = [m for m in mentions if m.name not in ("全球",)]
    if not named:
        return None
    title_end = text.find("\n") if "\n" in text else len(text)
    if title_end <= TITLE_CHARS:
        in_title = [m for m in named
                    if m.start < title_end and rank(m.name, lexicon) >= LEVEL_RANK["province"]]
        if in_title:
            return in_title[0].name
    lead = [m for m in named if m.start < LEAD_CHARS] or named
    pool = [m for m in lead if m.name == "全国" or rank(m.name, lexicon) >= LEVEL_RANK["province"]] or lead
    counts = Counter(m.name for m in pool)
    order: dict[str, int] = {}
    for m in pool:
        order.setdefault(m.name, m.start)
    return max(counts, key=lambda name: (counts[name], -order[name]))


def city_of(name: str | None, lexicon: Lexicon | None = None) -> str | None:
    """The prefecture-level city a region lies in (itself for a city), for relative words like 市."""
    lexicon = lexicon or load_lexicon()
    if not name:
        return None
    chain = [name, *lexicon.ancestors(name)]
    for candidate in chain:
        region = lexicon.regions.get(candidate)
        if region and region.level == "city":
            return candidate
    return None


@lru_cache(maxsize=1)
def _name_tail() -> re.Pattern:
    """A region name that starts a longer proper name: 山东省某某科技孵化器, 香港西路, 中国钢研…基地."""
    suffixes = sorted(read_column(LEXICON_DIR / "name_suffixes.csv", "suffix"), key=len, reverse=True)
    return re.compile(rf"[\u4e00-\u9fffA-Za-z·（）()]{{0,14}}?(?:{'|'.join(map(re.escape, suffixes))})")


def inside_name(text: str, mention: RegionMention) -> bool:
    """True when the region only begins the name of a street, organisation or project."""
    if mention.written.startswith("全") and text.startswith("第", mention.end):
        return True  # 全国第8位: a rank's scope, not the region a fact is about
    m = _name_tail().match(text, mention.end)
    if not m:
        return False
    tail = m.group()
    # a region followed at once by a verb or function word is the subject, not part of a name
    return not _SUBJECT_NEXT.match(tail[:1] or "是")
