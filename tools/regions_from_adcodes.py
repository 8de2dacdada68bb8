"""Rows for seeds/lexicon/regions.csv from an administrative-division table (`adcode,name,...`, such as the
MIT-licensed `cpca/resources/adcodes.csv` of the `cpca` package on PyPI), printed as CSV to append.

Prefecture-level units (a code ending in 00) become `city` rows under their province, with the short name
(蚌埠 of 蚌埠市) as an alias when it is not already an alias, jieba does not know it as a word other than a
place, and it is not in ALIAS_BLOCK (short names that are common words or person names). County-level units
become `county_city`, `district` or `county` rows under their prefecture, by their full name only, and only
when the name is unique in the country. Names the lexicon already has (as a name or an alias) are skipped.

    python -m tools.regions_from_adcodes path/to/adcodes.csv >> seeds/lexicon/regions.csv
"""

from __future__ import annotations

import collections
import csv
import sys

from pipelines.lexicon import LEXICON_DIR
from pipelines.text.segment import jieba_word_tags

ALIAS_BLOCK = frozenset({"中山", "朝阳", "北海", "山南"})
_LEVEL_BY_END = {"市": "county_city", "区": "district", "县": "county", "旗": "county"}
_NO_PARENT = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def rows_from(adcodes: list[dict[str, str]],
              existing: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    tags = jieba_word_tags()
    by_code = {r["adcode"][:6]: r["name"] for r in adcodes}
    known = {r["name"] for r in existing}
    known |= {a for r in existing for a in (r.get("aliases") or "").split("|") if a}
    counts = collections.Counter(r["name"] for r in adcodes)
    out = []
    for r in adcodes:
        code, name = r["adcode"][:6], r["name"]
        if code.endswith("0000") or name in known or counts[name] > 1 or len(name) < 3:
            continue
        alias = ""
        if code[4:] == "00":
            if not name.endswith(("市", "地区", "盟", "自治州")):
                continue
            parent, level = by_code.get(code[:2] + "0000"), "city"
            short = name[:-1] if name.endswith("市") else ""
            if (len(short) >= 2 and short not in known and short not in ALIAS_BLOCK
                    and tags.get(short, "ns").startswith("ns")):
                alias = short
        else:
            parent = by_code.get(code[:4] + "00")
            if parent is None or parent in _NO_PARENT:
                parent = by_code.get(code[:2] + "0000")
            level = _LEVEL_BY_END.get(name[-1])
            if level is None:
                continue
        if parent and parent != name:
            out.append((name, level, parent, alias))
    names = {r["name"] for r in existing} | {o[0] for o in out}
    return [o for o in out if o[2] in names]


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        adcodes = list(csv.DictReader(fh))
    with open(LEXICON_DIR / "regions.csv", encoding="utf-8") as fh:
        existing = list(csv.DictReader(fh))
    writer = csv.writer(sys.stdout, lineterminator="\r\n")  # regions.csv ends its lines so
    writer.writerows(rows_from(adcodes, existing))


if __name__ == "__main__":
    main(sys.argv[1])
