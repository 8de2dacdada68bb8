"""Region mentions resolved to canonical names through seeds/lexicon/regions.csv.

The region of a fact is the most specific one the text ties it to: a region named in its
sentence before it, else the region of the heading or speaker block above, else the
document's own region (the one it names most, the more specific winning ties).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pipelines.lexicon import Lexicon, load_lexicon

LEVEL_RANK = {"global": 0, "country": 1, "province": 2, "city": 3, "county_city": 4, "district": 4, "county": 4,
              "zone": 5}
# A place name directly followed by one of these names an organisation in the place; the
# place still counts, but a name glued to a following Han character that makes another word
# (青岛啤酒) is cut only where the lexicon has no longer alias.
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class RegionMention:
    start: int
    end: int
    written: str
    name: str


@lru_cache(maxsize=4)
def _pattern(lexicon: Lexicon) -> re.Pattern | None:
    aliases = sorted(lexicon.aliases, key=len, reverse=True)
    if not aliases:
        return None
    return re.compile("|".join(re.escape(a) for a in aliases))


def find_regions(text: str, lexicon: Lexicon | None = None) -> list[RegionMention]:
    """Every alias occurrence in `text`, longest match first, resolved to its canonical name."""
    lexicon = lexicon or load_lexicon()
    pattern = _pattern(lexicon)
    if pattern is None:
        return []
    return [RegionMention(m.start(), m.end(), m.group(), lexicon.aliases[m.group()]) for m in pattern.finditer(text)]


def rank(name: str, lexicon: Lexicon | None = None) -> int:
    lexicon = lexicon or load_lexicon()
    region = lexicon.regions.get(name)
    return LEVEL_RANK.get(region.level, 3) if region else 3


def document_region(mentions: list[RegionMention], lexicon: Lexicon | None = None) -> str | None:
    """The region a document is about: the one it names most often, the more specific on ties."""
    counts = Counter(m.name for m in mentions if m.name not in ("全球",))
    if not counts:
        return None
    return max(counts, key=lambda name: (counts[name], rank(name, lexicon)))


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
