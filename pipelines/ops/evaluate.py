"""Score extracted rows against hand-written gold: precision, recall, F1 per fact type and field.

Gold files (tests/gold/<stem>[.partN].facts.jsonl and .doc.json) follow FACTS.md section 4.
A predicted fact matches a gold fact of the same document when type, unit and value(s) agree
(time facts: same mention or same ISO value); fields are then compared on the matched pairs.
"""

from __future__ import annotations

import glob
import json
import math
import os
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CORE = ("money", "percent", "count", "area", "quantity")
TIME = ("date", "period", "duration", "ordinal")
FIELDS = ("qualifier", "modality", "region", "unit", "period", "metric")
UNIT_ALIASES = {"亩": "mu", "平方米": "m2", "平米": "m2", "平方公里": "km2", "元": "CNY", "RMB": "CNY"}


def stem_of(name: str) -> str:
    return re.sub(r"\.txt$", "", os.path.basename(str(name))).split(".")[0]


def load_gold(gold_dir: Path) -> tuple[dict[str, list[dict]], dict[str, dict]]:
    facts: dict[str, list[dict]] = defaultdict(list)
    docs: dict[str, dict] = {}
    for path in sorted(glob.glob(str(gold_dir / "*.facts.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            facts[stem_of(path)].extend(json.loads(line) for line in fh if line.strip())
    for path in sorted(glob.glob(str(gold_dir / "*.doc.json"))):
        with open(path, encoding="utf-8") as fh:
            part = json.load(fh)
        doc = docs.setdefault(stem_of(path), {"people": [], "projects": []})
        for key, val in part.items():
            if key in ("people", "projects"):
                doc[key].extend(val or [])
            elif val not in (None, [], ""):
                doc[key] = val
    return dict(facts), docs


def _num(x) -> float | None:
    try:
        return None if x is None else float(x)
    except (TypeError, ValueError):
        return None


def _same(a, b) -> bool:
    a, b = _num(a), _num(b)
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _text(x) -> str:
    return re.sub(r"\s+", "", str(x or ""))


def _unit(u) -> str:
    return UNIT_ALIASES.get(_text(u), _text(u))


def _overlap(a, b) -> bool:
    a, b = _text(a), _text(b)
    return bool(a and b) and (a in b or b in a)


def _time_value(row: dict) -> str:
    return _text(row.get("value_text") if "value_text" in row else row.get("value")).lower()


def match(gold: list[dict], pred: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pair gold and predicted facts of one document; return pairs, misses, false hits."""
    pairs, used = [], set()
    for g in gold:
        best = None
        for i, p in enumerate(pred):
            if i in used or p["fact_type"] != g["fact_type"]:
                continue
            if g["fact_type"] in CORE:
                ok = (_unit(p.get("unit")) == _unit(g.get("unit")) and _same(p.get("value"), g.get("value"))
                      and _same(p.get("value_high"), g.get("value_high")))
            else:
                ok = _overlap(p.get("mention"), g.get("mention")) or (
                    _text(g.get("value")) and _time_value(p) == _text(g.get("value")).lower())
            if not ok:
                continue
            score = (2 * _overlap(p.get("mention"), g.get("mention"))
                     + _overlap(g.get("mention"), p.get("sentence")))
            if best is None or score > best[0]:
                best = (score, i)
        if best is not None:
            used.add(best[1])
            pairs.append((g, pred[best[1]]))
    matched = {id(g) for g, _ in pairs}
    return pairs, [g for g in gold if id(g) not in matched], [p for i, p in enumerate(pred) if i not in used]


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Report:
    by_type: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # tp, pred, gold
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)  # right, judged
    misses: list[tuple[str, dict]] = field(default_factory=list)
    false_hits: list[tuple[str, dict]] = field(default_factory=list)
    wrong_fields: list[tuple[str, str, dict, dict]] = field(default_factory=list)
    entities: dict[str, float] = field(default_factory=dict)

    @property
    def core_f1(self) -> float:
        tp, n_pred, n_gold = (sum(self.by_type.get(k, (0, 0, 0))[i] for k in CORE) for i in range(3))
        return prf(tp, n_pred, n_gold)[2]


def score(pred_facts: list[dict], gold_facts: dict[str, list[dict]], people=None, projects=None,
          documents=None, gold_docs=None) -> Report:
    report = Report()
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in pred_facts:
        by_doc[stem_of(row["source_file"])].append(row)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    field_tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for stem, gold in gold_facts.items():
        pairs, misses, false_hits = match(gold, by_doc.get(stem, []))
        for g in gold:
            tally[g["fact_type"]][2] += 1
        for p in by_doc.get(stem, []):
            tally[p["fact_type"]][1] += 1
        for g, p in pairs:
            tally[g["fact_type"]][0] += 1
            for name in FIELDS:
                if g.get(name) is None and name not in ("period",):
                    continue
                field_tally[name][1] += 1
                ok = (_unit(g.get(name)) == _unit(p.get(name)) if name == "unit"
                      else _text(g.get(name)) == _text(p.get(name)))
                field_tally[name][0] += ok
                if not ok and name in ("qualifier", "modality", "region", "unit"):
                    report.wrong_fields.append((stem, name, g, p))
        report.misses.extend((stem, g) for g in misses)
        report.false_hits.extend((stem, p) for p in false_hits)
    report.by_type = {k: tuple(v) for k, v in tally.items()}
    report.fields = {k: tuple(v) for k, v in field_tally.items()}
    if gold_docs is not None:
        report.entities = _entities(gold_docs, people or [], projects or [], documents or [])
    return report


def _entities(gold_docs: dict, people: list[dict], projects: list[dict],
              documents: list[dict]) -> dict[str, float]:
    out = {}
    gold_names = {(s, _text(p["name"])) for s, d in gold_docs.items() for p in d["people"]}
    pred_names = {(stem_of(r["source_file"]), _text(r["name"])) for r in people}
    pred_names = {x for x in pred_names if x[0] in gold_docs}
    out["people_f1"] = prf(len(gold_names & pred_names), len(pred_names), len(gold_names))[2]
    gold_proj = [(s, p) for s, d in gold_docs.items() for p in d["projects"]]
    pred_proj = [(stem_of(r["source_file"]), r) for r in projects if stem_of(r["source_file"]) in gold_docs]
    used, tp = set(), 0
    for s, g in gold_proj:
        for i, (ps, p) in enumerate(pred_proj):
            if i not in used and ps == s and _overlap(p.get("name"), g.get("name")) and (
                    g.get("investment") is None or _same(p.get("investment"), g.get("investment"))):
                used.add(i)
                tp += 1
                break
    out["projects_f1"] = prf(tp, len(pred_proj), len(gold_proj))[2]
    right = judged = 0
    by_stem = {stem_of(d["source_file"]): d for d in documents}
    for s, g in gold_docs.items():
        d = by_stem.get(s, {})
        for name in ("pub_date", "continued_from", "continued_to", "newspaper"):
            if g.get(name) is not None:
                judged += 1
                right += _text(d.get(name)) == _text(g.get(name))
        if g.get("reporters"):
            judged += 1
            right += sorted(map(_text, d.get("reporters") or [])) == sorted(map(_text, g["reporters"]))
    out["document_fields_accuracy"] = right / judged if judged else 1.0
    return out


def format_report(report: Report, show: int = 40) -> str:
    lines = [f"{'type':10} {'gold':>5} {'pred':>5} {'hit':>5}   P      R      F1"]
    for kind in CORE + TIME:
        tp, n_pred, n_gold = report.by_type.get(kind, (0, 0, 0))
        if n_pred or n_gold:
            p, r, f = prf(tp, n_pred, n_gold)
            lines.append(f"{kind:10} {n_gold:5} {n_pred:5} {tp:5}   {p:.3f}  {r:.3f}  {f:.3f}")
    lines.append("")
    for name, (right, judged) in sorted(report.fields.items()):
        lines.append(f"{name + '_accuracy':28} {right / judged if judged else 0:.4f}  ({right}/{judged})")
    for name, val in report.entities.items():
        lines.append(f"{name:28} {val:.4f}")
    for title, rows in (("missed (in gold, not found)", report.misses),
                        ("false hits (found, not in gold)", report.false_hits)):
        lines.append(f"\n{title}: {len(rows)}")
        for stem, x in rows[:show]:
            lines.append(f"  {stem[:3]} {x['fact_type']:8} {x.get('value')} {x.get('unit')} "
                         f"{x.get('mention')!r}  | {str(x.get('sentence', ''))[:60]}")
    lines.append(f"\nwrong fields on matched facts: {len(report.wrong_fields)}")
    for stem, name, g, p in report.wrong_fields[:show]:
        lines.append(f"  {stem[:3]} {name:9} gold={g.get(name)!r} got={p.get(name)!r}  "
                     f"{g.get('mention')!r} | {str(p.get('sentence'))[:50]}")
    lines.append(f"core_f1={report.core_f1:.4f}")
    return "\n".join(lines)


def warehouse_rows(database: Path, source_files: list[str] | None = None) -> dict[str, list[dict]]:
    """The marts the scorer reads, as dicts, from a warehouse file opened read-only: the rows of
    `source_files` only when given (a large warehouse holds millions of facts; the gold covers a few
    files)."""
    with _read_only(database) as con:
        return _rows_of(con, source_files)


def score_warehouse(database: Path, gold_dir: Path) -> Report | None:
    """Score a warehouse against the gold of the documents it holds; None when it holds none with gold.
    Only the rows of documents that have gold are read: every score is per gold document."""
    gold_facts, gold_docs = load_gold(gold_dir)
    with _read_only(database) as con:
        files = [f for (f,) in con.execute("select source_file from marts.documents").fetchall()
                 if stem_of(f) in gold_facts or stem_of(f) in gold_docs]
        if not files:
            return None
        rows = _rows_of(con, files)
    stems = {stem_of(f) for f in files}
    gold_facts = {s: g for s, g in gold_facts.items() if s in stems}
    gold_docs = {s: g for s, g in gold_docs.items() if s in stems}
    return score(rows["facts"], gold_facts, rows["people"], rows["projects"], rows["documents"], gold_docs)


@contextmanager
def _read_only(database: Path):
    import duckdb

    from pipelines.config import duckdb_config

    con = duckdb.connect(str(database), read_only=True, config=duckdb_config())
    try:
        yield con
    finally:
        con.close()


def _rows_of(con, source_files: list[str] | None) -> dict[str, list[dict]]:
    out = {}
    for table in ("facts", "people", "projects", "documents"):
        # the names inlined, not bound: a bound parameter makes duckdb import pandas (a slow import)
        where = "" if source_files is None else (
            " where source_file in ("
            + ", ".join("'" + f.replace("'", "''") + "'" for f in source_files) + ")")
        cur = con.execute(f"select * from marts.{table}{where}")
        cols = [d[0] for d in cur.description]
        out[table] = [dict(zip(cols, r)) for r in cur.fetchall()]
    return out


def summary(report: Report) -> dict[str, float]:
    """The headline numbers of a report: core precision/recall/F1, field accuracies, entity scores."""
    tp, n_pred, n_gold = (sum(report.by_type.get(k, (0, 0, 0))[i] for k in CORE) for i in range(3))
    p, r, f = prf(tp, n_pred, n_gold)
    out = {"core_precision": round(p, 4), "core_recall": round(r, 4), "core_f1": round(f, 4)}
    for name, (right, judged) in sorted(report.fields.items()):
        out[f"{name}_accuracy"] = round(right / judged, 4) if judged else 0.0
    out.update({k: round(v, 4) for k, v in report.entities.items()})
    return out


# --- headline indicators (FACTS.md section 5): marts.indicators and marts.targets_vs_actuals ---

INDICATOR_KEY = ("region", "indicator", "modality")


@dataclass
class IndicatorReport:
    gold: int
    pred: int
    hit: int
    pairs_expected: int
    pairs_found: int
    misses: list[dict] = field(default_factory=list)
    false_hits: list[dict] = field(default_factory=list)
    pair_misses: list[tuple[dict, dict]] = field(default_factory=list)

    @property
    def f1(self) -> float:
        return prf(self.hit, self.pred, self.gold)[2]

    @property
    def pairing(self) -> float | None:
        return self.pairs_found / self.pairs_expected if self.pairs_expected else None


def load_indicator_gold(path: Path) -> list[dict]:
    """Rows of an indicator gold CSV (source_file, region, year, indicator, modality, value, ...)."""
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r.get("indicator")]


def score_indicators(pred: list[dict], pairs: list[dict], gold: list[dict]) -> IndicatorReport:
    """A predicted row matches a gold row of the same document, region, indicator, year, modality, value and
    high value; a gold target whose year also has a gold result must sit beside that result in `pairs`."""
    stems = {stem_of(g["source_file"]) for g in gold}
    pred = [p for p in pred if stem_of(p.get("source_file")) in stems]

    def key(row: dict, year: str) -> tuple:
        return (stem_of(row.get("source_file")), *(_text(row.get(k)) for k in INDICATOR_KEY),
                str(row.get(year) or "").split(".")[0])

    by_key: dict[tuple, list[int]] = defaultdict(list)
    for i, p in enumerate(pred):
        by_key[key(p, "ref_year")].append(i)
    used: set[int] = set()
    misses = []
    for g in gold:
        hit = next((i for i in by_key.get(key(g, "year"), []) if i not in used
                    and _same(pred[i].get("value"), g.get("value") or None)
                    and _same(pred[i].get("value_high"), g.get("value_high") or None)), None)
        if hit is None:
            misses.append(g)
        else:
            used.add(hit)
    by_year: dict[tuple, dict] = defaultdict(dict)
    for g in gold:
        by_year[(_text(g["region"]), g["indicator"], str(g["year"]))][g["modality"]] = g
    expected = [v for v in by_year.values() if "target" in v and "actual" in v]
    pair_misses = []
    for v in expected:
        t, a = v["target"], v["actual"]
        if not any(_text(r.get("region")) == _text(t["region"]) and r.get("indicator") == t["indicator"]
                   and str(r.get("ref_year") or "").split(".")[0] == str(t["year"])
                   and _same(r.get("target_value"), t.get("value") or None)
                   and _same(r.get("actual_value"), a.get("value") or None) for r in pairs):
            pair_misses.append((t, a))
    return IndicatorReport(len(gold), len(pred), len(used), len(expected), len(expected) - len(pair_misses),
                           misses, [p for i, p in enumerate(pred) if i not in used], pair_misses)


def score_indicator_warehouse(database: Path, gold_csv: Path) -> IndicatorReport:
    with _read_only(database) as con:
        rows = {}
        for table in ("indicators", "targets_vs_actuals"):
            cur = con.execute(f"select * from marts.{table}")
            cols = [d[0] for d in cur.description]
            rows[table] = [dict(zip(cols, r)) for r in cur.fetchall()]
    return score_indicators(rows["indicators"], rows["targets_vs_actuals"], load_indicator_gold(gold_csv))


def format_indicators(report: IndicatorReport, name: str, show: int = 40) -> str:
    p, r, f = prf(report.hit, report.pred, report.gold)
    pairing = "n/a" if report.pairing is None else f"{report.pairing:.4f}"
    lines = [f"indicators ({name}): gold {report.gold}, found {report.pred}, matched {report.hit}: "
             f"P {p:.4f} R {r:.4f} F1 {f:.4f}; targets beside their result {report.pairs_found}/"
             f"{report.pairs_expected} ({pairing})"]
    if show:
        lines.append(f"  missed ({len(report.misses)}):")
        lines += [f"    {g['source_file']} {g['region']} {g['indicator']} {g['year']} {g['modality']} "
                  f"{g['value']} {g.get('mention', '')!r}" for g in report.misses[:show]]
        lines.append(f"  false hits ({len(report.false_hits)}):")
        lines += [f"    {x.get('source_file')} {x.get('region')} {x.get('indicator')} {x.get('ref_year')} "
                  f"{x.get('modality')} {x.get('value')} {x.get('mention')!r}"
                  for x in report.false_hits[:show]]
        lines.append(f"  targets without their result ({len(report.pair_misses)}):")
        lines += [f"    {t['region']} {t['indicator']} {t['year']}: target {t['value']} result {a['value']}"
                  for t, a in report.pair_misses[:show]]
    return "\n".join(lines)
