"""The domain data of seeds/lexicon/*.csv, loaded once, plus its hash for code versions.

Regions and their aliases, official titles, units and classifiers, project-name suffixes,
set phrases that are not facts, and metric terms live in CSV files so that a linguist can
extend them without touching code. Everything here is read-only after loading.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipelines import config

LEXICON_DIR = config.lexicon_dir()  # PIPELINE_LEXICON, read once per process


@dataclass(frozen=True)
class Region:
    name: str
    level: str
    parent: str | None


@dataclass(frozen=True)
class Unit:
    unit: str  # as written: 亩, 平方米, 美元, 个
    fact_type: str  # money, area, quantity, count, duration, percent
    canonical: str  # mu, m2, USD, 个


@dataclass(frozen=True)
class Indicator:
    id: str | None  # None: a name that is not a headline indicator (工业增加值, 出口)
    measure: str | None  # growth, level, rate, ratio, change
    unit: str | None
    fact_types: tuple[str, ...]
    names: tuple[str, ...]  # the name and every alias as written


@dataclass(frozen=True)
class ReferenceWord:
    word: str
    kind: str  # relative, part, comparison, plan, report
    offset: int | None  # relative: years from the document's year; plan: the first year
    period: str | None  # year, a part of it (前三季度), a span (2021-2025)


@dataclass(frozen=True, eq=False)  # hashed by identity, so lru_cache can key compiled patterns on it
class Lexicon:
    regions: dict[str, Region]  # canonical name -> region
    aliases: dict[str, str]  # every written form (canonical names included) -> canonical name
    titles: tuple[str, ...]
    units: dict[str, Unit]
    project_suffixes: tuple[str, ...]
    not_facts: dict[str, str]  # phrase -> kind (slogan, magnitude_class, name_number)
    metric_terms: tuple[str, ...]
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    indicators: tuple[Indicator, ...] = ()  # indicators.csv: headline indicators and names that are not one
    indicator_cues: dict[str, str] = field(default_factory=dict)  # indicator_cues.csv: cue -> kind
    reference_words: tuple[ReferenceWord, ...] = ()  # reference_words.csv: 今年, 去年, 前三季度, 十四五

    def region_of(self, written: str) -> str | None:
        """Canonical region name for a written form, or None."""
        return self.aliases.get(written)

    def ancestors(self, name: str) -> list[str]:
        """The chain of parents of a canonical region, nearest first."""
        chain, seen = [], {name}
        region = self.regions.get(name)
        while region and region.parent and region.parent not in seen:
            chain.append(region.parent)
            seen.add(region.parent)
            region = self.regions.get(region.parent)
        return chain


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]


def read_column(path: Path, column: str) -> list[str]:
    """One column of a small lexicon CSV, blanks dropped (for word lists such as surnames)."""
    return [row[column] for row in _rows(path) if row.get(column)]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


@lru_cache(maxsize=4)
def load_lexicon(directory: str | None = None) -> Lexicon:
    """Read every lexicon CSV of `directory` (default seeds/lexicon)."""
    base = Path(directory) if directory else LEXICON_DIR
    regions: dict[str, Region] = {}
    aliases: dict[str, str] = {}
    for row in _rows(base / "regions.csv"):
        name = row["name"]
        regions[name] = Region(name, row.get("level", ""), row.get("parent") or None)
        aliases.setdefault(name, name)
    for row in _rows(base / "regions.csv"):
        for alias in _split(row.get("aliases", "")):
            aliases.setdefault(alias, row["name"])
    units = {}
    for row in _rows(base / "units.csv"):
        units.setdefault(row["unit"],
                         Unit(row["unit"], row["fact_type"], row.get("canonical") or row["unit"]))
    return Lexicon(
        regions=regions,
        aliases=aliases,
        titles=tuple(r["title"] for r in _rows(base / "titles.csv")),
        units=units,
        project_suffixes=tuple(r["suffix"] for r in _rows(base / "project_suffixes.csv")),
        not_facts={r["pattern"]: r.get("kind", "") for r in _rows(base / "not_facts.csv")},
        metric_terms=tuple(r["term"] for r in _rows(base / "metric_terms.csv")),
        files=lexicon_file_hashes(str(base)),
        indicators=tuple(_indicator(r) for r in _rows(base / "indicators.csv")),
        indicator_cues={r["cue"]: r["kind"] for r in _rows(base / "indicator_cues.csv")},
        reference_words=tuple(
            ReferenceWord(r["word"], r["kind"], int(r["offset"]) if r.get("offset") else None,
                          r.get("period") or None)
            for r in _rows(base / "reference_words.csv")),
    )


def _indicator(row: dict[str, str]) -> Indicator:
    names = tuple(dict.fromkeys(n for n in [*_split(row.get("name", "")), *_split(row.get("aliases", ""))]))
    return Indicator(row.get("id") or None, row.get("measure") or None, row.get("unit") or None,
                     tuple(_split(row.get("fact_types", ""))), names)


def lexicon_file_hashes(directory: str | None = None) -> dict[str, str]:
    base = Path(directory) if directory else LEXICON_DIR
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(base.glob("*.csv"))}


def lexicon_hash(directory: str | None = None) -> str:
    """One short hash over all lexicon files: it moves when any entry changes."""
    digest = hashlib.sha256()
    for name, sha in lexicon_file_hashes(directory).items():
        digest.update(f"{name}:{sha}\n".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Datelines:
    source_labels: tuple[str, ...]  # 来源, 稿源: the label of a line naming the outlet
    date_labels: tuple[str, ...]  # 时间, 发布时间: the label of a line giving the date of publication
    outlet_suffixes: tuple[str, ...]  # 日报, 晚报, 社: how an outlet's name ends (in a credit or byline)
    other_labels: tuple[str, ...] = ()  # 编辑, 作者: other labels of a dateline, their values read past


@lru_cache(maxsize=4)
def load_datelines(directory: str | None = None) -> Datelines:
    """The dateline labels (datelines.csv) and outlet-name endings (outlets.csv) of `directory` (default
    seeds/lexicon), longest first so that 发布时间 is tried before 时间."""
    base = Path(directory) if directory else LEXICON_DIR
    rows = _rows(base / "datelines.csv")

    def longest_first(words) -> tuple[str, ...]:
        return tuple(sorted(set(words), key=lambda w: (-len(w), w)))

    return Datelines(
        source_labels=longest_first(r["label"] for r in rows if r.get("kind") == "source" and r.get("label")),
        date_labels=longest_first(r["label"] for r in rows if r.get("kind") == "date" and r.get("label")),
        outlet_suffixes=longest_first(read_column(base / "outlets.csv", "suffix")),
        other_labels=longest_first(r["label"] for r in rows if r.get("kind") == "other" and r.get("label")),
    )


@lru_cache(maxsize=4)
def load_bare_counts(directory: str | None = None) -> tuple[str, ...]:
    """Nouns counted without a measure word (bare_counts.csv: 三部门 is a count of 3, unit null)."""
    base = Path(directory) if directory else LEXICON_DIR
    return tuple(read_column(base / "bare_counts.csv", "noun"))


@lru_cache(maxsize=4)
def project_words(directory: str | None = None) -> tuple[dict[str, str], frozenset[str]]:
    """Project vocabulary beyond `Lexicon.project_suffixes`: each suffix's kind (`facility` for a built
    thing a place name alone can name, 枣庄机场; `project` for words that need a proper name, 某某中心),
    and the verbs, adverbs and pronouns that are written before a name but never start one
    (project_lead_words.csv: 争建, 做实, 获批, 这一)."""
    base = Path(directory) if directory else LEXICON_DIR
    kinds = {r["suffix"]: r.get("kind") or "project" for r in _rows(base / "project_suffixes.csv")}
    return kinds, frozenset(read_column(base / "project_lead_words.csv", "word"))


@lru_cache(maxsize=4)
def project_list_nouns(directory: str | None = None) -> tuple[str, ...]:
    """Nouns that close a list of projects besides the project suffixes (`甲、乙等大科学装置`)."""
    base = Path(directory) if directory else LEXICON_DIR
    return tuple(read_column(base / "project_list_nouns.csv", "word"))


@lru_cache(maxsize=4)
def non_project_list_nouns(directory: str | None = None) -> tuple[str, ...]:
    """Nouns that close a list of things that are not projects (`甲、乙等旅游城市`, `…等科室建设`)."""
    base = Path(directory) if directory else LEXICON_DIR
    return tuple(read_column(base / "non_project_list_nouns.csv", "word"))
