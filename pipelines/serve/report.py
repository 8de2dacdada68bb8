"""The analyst report: one static HTML page of what the published warehouse says.

Editors and economists who would rather look than write SQL open `warehouse/report/index.html` in a browser,
with no server and no network: plotly.js is embedded once, inline, and every chart is drawn from it. Every
number on the page leads back to its document and sentence: chart points carry fact ids and source files
(hover shows them, a click jumps to or filters the table of source sentences at the bottom).

Pure code: reads the warehouse with DuckDB in read-only mode and returns text; no Dagster here.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from pipelines.config import duckdb_config
from pipelines.storage.duckdb_sql import literal

# A font stack that has CJK glyphs on Linux (fonts-noto-cjk), macOS and Windows.
FONT = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
        "sans-serif")
MAX_TABLE_ROWS = 20_000  # the sentence table; beyond this the page gets slow to open
MAX_BARS = 40  # bars per chart; the rest are listed as left off in the caption
YI = 1e8  # 亿: money is charted in hundreds of millions, as the newspapers write it


@dataclass
class Report:
    """The rendered page and what is in it (for the asset's metadata)."""

    html: str
    charts: int = 0
    table_rows: int = 0
    sections: list[str] = field(default_factory=list)


def esc(value) -> str:
    """Text for HTML: None as empty, everything else escaped (quotes too, so it is safe in attributes)."""
    return "" if value is None else html.escape(str(value), quote=True)


def fmt_number(value) -> str:
    """A number as a reader wants it: no trailing .0, thousands separated."""
    if value is None:
        return ""
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def fmt_value(value, value_high=None, unit=None) -> str:
    text = fmt_number(value)
    if value_high is not None:
        text += "–" + fmt_number(value_high)
    return f"{text} {unit}" if unit and text else text


def wrap(text, width: int = 40) -> str:
    """Escaped text cut into lines for a plotly hover box (which knows <br> but not wrapping)."""
    text = "" if text is None else str(text)
    return "<br>".join(esc(text[i:i + width]) for i in range(0, len(text), width)) or ""


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _has(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    # values as literals, not bound (pipelines/storage/duckdb_sql.py says why)
    sql = (f"select count(*) from information_schema.tables "
           f"where table_schema = {literal(schema)} and table_name = {literal(table)}")
    return con.execute(sql).fetchone()[0] > 0


def _layout(fig: go.Figure, title: str, height: int = 460, **kw) -> go.Figure:
    kw.setdefault("margin", {"l": 60, "r": 30, "t": 60, "b": 120})
    fig.update_layout(title=title, height=height, font={"family": FONT, "size": 13}, template="plotly_white",
                      hoverlabel={"font": {"family": FONT}}, **kw)
    return fig


class _Page:
    """Collects sections and figures; figures become divs that share the one inline plotly.js."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.charts = 0
        self.sections: list[str] = []

    def section(self, anchor: str, title: str, intro: str = "") -> None:
        self.sections.append(anchor)
        self.parts.append(f'<section id="{esc(anchor)}"><h2>{esc(title)}</h2>')
        if intro:
            self.parts.append(f"<p>{esc(intro)}</p>")

    def end(self) -> None:
        self.parts.append("</section>")

    def figure(self, name: str, fig: go.Figure, caption: str = "") -> None:
        self.charts += 1
        div = fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"plot-{name}",
                          config={"displaylogo": False, "responsive": True})
        self.parts.append(f'<div class="chart" data-chart="{esc(name)}">{div}</div>')
        if caption:
            self.parts.append(f'<p class="caption">{esc(caption)}</p>')

    def empty(self, text: str) -> None:
        self.parts.append(f'<p class="empty">{esc(text)}</p>')

    def raw(self, text: str) -> None:
        self.parts.append(text)


def _fact_link(fact_id, text) -> str:
    if not fact_id:
        return esc(text)
    return f'<a href="#fact-{esc(fact_id)}">{esc(text)}</a>'


def _left_off(total: int, shown: int, which: str = "the largest") -> str:
    return f" {shown} drawn ({which}), {total - shown} not." if total > shown else ""


def _met_colour(r: dict) -> str:
    met = r.get("met")
    if met is None:  # a table without the rule: by the share alone
        met = r["share_of_target"] >= 1
    return "#2a9d8f" if met else "#e76f51"


def _pair_label(r: dict) -> str:
    """Region, indicator (else the counted noun) and the year the target is for."""
    year = r.get("ref_year")
    return f"{r['region']} · {r.get('indicator') or r.get('metric')}" + (f" {year}" if year else "")


def _targets(page: _Page, con) -> None:
    page.section("targets", "Targets vs actuals",
                 "Each target (目标) beside the full-year result for the same region, indicator and "
                 "year from any document, the latest published (marts.targets_vs_actuals). The bar is "
                 "the actual as a share of the target; green where the target was met by its qualifier "
                 "(以上, 左右, 以内, a range); hover for both sentences, click a bar to jump to the "
                 "target's sentence. Part-year progress (1-8月) is not drawn.")
    rows = _rows(con, "select * from marts.targets_vs_actuals order by region, target_source_file")
    # a log axis needs a positive share; progress is not an outcome
    paired = [r for r in rows if (r["share_of_target"] or 0) > 0 and not r.get("is_progress")]
    paired.sort(key=lambda r: (r["region"] or "", _pair_label(r)))
    shown = paired[:MAX_BARS]
    if shown:
        labels = [_pair_label(r) for r in shown]
        # the same region and metric can be paired more than once (different targets); keep bars apart
        seen: Counter = Counter()
        for i, lab in enumerate(labels):
            seen[lab] += 1
            if seen[lab] > 1:
                labels[i] = f"{lab} ({seen[lab]})"
        hover = [
            f"<b>{esc(_pair_label(r))}</b><br>"
            f"target {esc(fmt_value(r['target_value'], r['target_value_high'], r['unit']))} "
            f"({esc(r['target_period'] or '')})<br>"
            f"{esc(r['target_source_file'])} #fact-{esc(r['target_fact_id'])}"
            f"<br>{wrap(r['target_sentence'])}<br><br>"
            f"actual {esc(fmt_value(r['actual_value'], None, r['unit']))} "
            f"({esc(r['actual_period'] or '')})<br>"
            f"{esc(r['actual_source_file'])} #fact-{esc(r['actual_fact_id'])}<br>"
            f"{wrap(r['actual_sentence'])}"
            for r in shown
        ]
        fig = go.Figure(go.Bar(
            x=labels, y=[100 * r["share_of_target"] for r in shown], hovertext=hover, hoverinfo="text",
            customdata=[f"fact:{r['target_fact_id']}" for r in shown],
            marker_color=[_met_colour(r) for r in shown]))
        # a trace, not add_hline: shapes on a log axis take log10 coordinates
        fig.add_trace(go.Scatter(x=labels, y=[100] * len(labels), mode="lines", name="target met (100%)",
                                 line={"dash": "dot", "color": "#555"}, hoverinfo="skip"))
        _layout(fig, "Actual as % of target, by region, indicator and year (log scale)",
                yaxis_title="% of target", yaxis_type="log", xaxis_tickangle=-45, showlegend=False)
        page.figure("targets", fig, f"{len(paired)} of {len(rows)} targets have an actual to compare with."
                    + _left_off(len(paired), len(shown), "the first by region; all are in the list below"))
    else:
        page.empty(f"No target has an actual to compare with ({len(rows)} targets).")
    if rows:
        body = "".join(
            f"<tr><td>{esc(r['region'])}</td><td>{esc(r.get('indicator') or r['metric'])}</td><td>"
            + _fact_link(r["target_fact_id"], fmt_value(r["target_value"], r["target_value_high"], r["unit"]))
            + "</td>"
            f"<td>{esc(r['target_period'])}</td>"
            f"<td>{_fact_link(r['actual_fact_id'], fmt_value(r['actual_value'], None, r['unit']))}</td>"
            f"<td>{esc(r['actual_period'])}</td>"
            f"<td class=\"num\">{_share(r['share_of_target'])}</td></tr>"
            for r in rows)
        page.raw('<details><summary>All targets (' + str(len(rows)) + ')</summary>'
                 '<table class="small"><thead><tr>'
                 "<th>region</th><th>indicator</th><th>target</th><th>period</th><th>actual</th><th>period</th>"
                 f"<th>% of target</th></tr></thead><tbody>{body}</tbody></table></details>")
    page.end()


def _share(value) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def _projects(page: _Page, con) -> None:
    page.section("projects", "Projects by investment and status",
                 "One row per project across documents (marts.project_investments): its latest investment "
                 "and status. Hover for the mention and the file; click to filter the sentence table by that "
                 "file.")
    rows = _rows(con, "select * from marts.project_investments")
    if not rows:
        page.empty("No projects in the warehouse.")
        page.end()
        return
    by_status = Counter(r["status"] or "(not stated)" for r in rows)
    statuses = [s for s, _ in by_status.most_common()]
    fig = go.Figure(go.Bar(x=statuses, y=[by_status[s] for s in statuses], marker_color="#457b9d",
                           customdata=[f"filter:{s}" for s in statuses], hoverinfo="x+y"))
    _layout(fig, "Projects by status", height=380, yaxis_title="projects")
    page.figure("projects-status", fig, f"{len(rows)} projects.")
    money = [r for r in rows if r["investment"] is not None and r["unit"] in ("CNY", None)]
    money.sort(key=lambda r: -r["investment"])
    shown = money[:MAX_BARS]
    if shown:
        fig = go.Figure()
        for status in sorted({r["status"] or "(not stated)" for r in shown}):
            part = [r for r in shown if (r["status"] or "(not stated)") == status]
            fig.add_trace(go.Bar(
                name=status, x=[f"{r['name']}" + (f" ({r['region']})" if r["region"] else "") for r in part],
                y=[r["investment"] / YI for r in part], hoverinfo="text",
                hovertext=[f"<b>{esc(r['name'])}</b> {esc(r['region'] or '')}<br>"
                           f"{esc(fmt_number(r['investment'] / YI))} 亿元 · {esc(status)}<br>"
                           f"{esc(r['latest_source_file'])}<br>{wrap(r['latest_mention'])}" for r in part],
                customdata=[f"filter:{r['latest_source_file']}" for r in part]))
        fig.update_xaxes(categoryorder="total descending", tickangle=-45)
        _layout(fig, "Investment per project (亿元), coloured by status", height=560, yaxis_title="亿元",
                barmode="stack", margin={"l": 60, "r": 30, "t": 60, "b": 220})
        other = sum(1 for r in rows if r["investment"] is not None and r["unit"] not in ("CNY", None))
        page.figure("projects-investment", fig,
                    f"{len(money)} projects with an investment in yuan." + _left_off(len(money), len(shown))
                    + (f" {other} in other currencies not drawn." if other else ""))
    else:
        page.empty("No project has an investment written for it.")
    page.end()


def _regions(page: _Page, con) -> None:
    page.section("regions", "Facts by region and period",
                 "How many numbers the documents give per region and period (marts.facts_by_region_period). "
                 "Hover for the files; click a cell to filter the sentence table by that region.")
    rows = _rows(con, "select region, period, sum(fact_count) as n, list(distinct f order by f) as files "
                      "from (select region, period, fact_count, unnest(source_files) as f "
                      "from marts.facts_by_region_period) group by all")
    if not rows:
        page.empty("No facts in the warehouse.")
        page.end()
        return
    region_total, period_total = Counter(), Counter()
    for r in rows:
        region_total[r["region"]] += r["n"]
        period_total[r["period"]] += r["n"]
    regions = [k for k, _ in region_total.most_common(MAX_BARS)]
    periods = sorted(k for k, _ in period_total.most_common(MAX_BARS))
    cell = {(r["region"], r["period"]): r for r in rows}
    z, hover, custom = [], [], []
    for reg in regions:
        z.append([cell[(reg, p)]["n"] if (reg, p) in cell else None for p in periods])
        hover.append([f"{esc(reg)} · {esc(p)}: {cell[(reg, p)]['n']} facts<br>"
                      + "<br>".join(esc(f) for f in cell[(reg, p)]["files"][:8]) if (reg, p) in cell else ""
                      for p in periods])
        custom.append([f"filter:{reg}" for _ in periods])
    fig = go.Figure(go.Heatmap(z=z, x=periods, y=regions, hovertext=hover, hoverinfo="text",
                               customdata=custom, colorscale="Blues", colorbar={"title": "facts"},
                               xgap=1, ygap=1, texttemplate="%{z}", textfont={"size": 10}))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", tickangle=-45)
    _layout(fig, "Facts per region and period", height=max(420, 26 * len(regions) + 220))
    page.figure("regions", fig, f"{len(region_total)} regions, {len(period_total)} periods."
                + (" Only the busiest are drawn." if len(region_total) > len(regions) or
                   len(period_total) > len(periods) else ""))
    page.end()


def _people(page: _Page, con) -> None:
    page.section("people", "People and how often they are cited",
                 "Officials and other people named in the documents (marts.people, column role: official, "
                 "other such as an interviewee, or reporter) and how many numbers fall in their turns "
                 "(marts.people_statements: from a speaker's name to the next speaker named). Reporters "
                 "are not drawn; filter on role = 'official' in marts.people_statements for officials only. "
                 "Click a bar to filter the sentence table by the person's main file.")
    mentions = _rows(con, "select name, min(role) as role, count(*) as n, "
                          "count(distinct source_file) as docs, "
                          "arg_max(source_file, 1) as file, any_value(titles) as titles "
                          "from marts.people where role in ('official', 'other') group by name")
    cited = {r["name"]: r for r in _rows(con, "select name, count(*) as n, mode(source_file) as file, "
                                               "list(fact_id order by fact_id)[1:5] as facts "
                                               "from marts.people_statements group by name")}
    if not mentions:
        page.empty("No officials or other people named in the documents.")
        page.end()
        return
    mentions.sort(key=lambda r: (-(cited.get(r["name"], {}).get("n") or 0), -r["n"], r["name"]))
    shown = mentions[:MAX_BARS]
    names = [r["name"] for r in shown]
    labels = [n if r["role"] == "official" else f"{n} ({r['role']})" for n, r in zip(names, shown)]
    hover = [f"<b>{esc(r['name'])}</b> ({esc(r['role'])}) {esc('、'.join(r['titles'] or [])[:60])}<br>"
             f"named {r['n']}× in "
             f"{r['docs']} document(s)<br>{cited.get(r['name'], {}).get('n') or 0} numbers in their turns<br>"
             f"{esc(cited.get(r['name'], {}).get('file') or r['file'])}<br>"
             + " ".join(f"#fact-{esc(f)}" for f in (cited.get(r["name"], {}).get("facts") or [])[:3])
             for r in shown]
    custom = [f"filter:{cited.get(r['name'], {}).get('file') or r['file']}" for r in shown]
    fig = go.Figure([
        go.Bar(name="numbers in their turns", x=labels, y=[cited.get(n, {}).get("n") or 0 for n in names],
               hovertext=hover, hoverinfo="text", customdata=custom, marker_color="#e9c46a"),
        go.Bar(name="times named", x=labels, y=[r["n"] for r in shown], hovertext=hover, hoverinfo="text",
               customdata=custom, marker_color="#264653"),
    ])
    _layout(fig, "People: numbers cited and times named", barmode="group", xaxis_tickangle=-45)
    officials = sum(r["role"] == "official" for r in mentions)
    page.figure("people", fig,
                f"{officials} officials, {len(mentions) - officials} other people (marked (other))."
                + _left_off(len(mentions), len(shown), "the most cited"))
    page.end()


def _quality(page: _Page, con, gold_score: dict | None) -> None:
    page.section("quality", "Data quality",
                 "What the cleaning saw in each document (marts.documents), files that did not become "
                 "documents (marts.quarantine), and the score against hand-written gold where gold exists.")
    docs = _rows(con, "select source_file, script, quality_flags, len(mojibake_spans) as mojibake, "
                      "fact_count from marts.documents order by source_file")
    if docs:
        scripts = Counter(d["script"] or "(unknown)" for d in docs)
        fig = go.Figure(go.Bar(x=list(scripts), y=list(scripts.values()), marker_color="#6d597a",
                               customdata=[f"filter:{s}" for s in scripts], hoverinfo="x+y"))
        _layout(fig, "Documents per script (hans = Simplified, hant = Traditional)", height=340,
                yaxis_title="documents", margin={"l": 60, "r": 30, "t": 60, "b": 60})
        page.figure("scripts", fig)
        flags = Counter(f for d in docs for f in (d["quality_flags"] or []))
        if flags:
            names = [k for k, _ in flags.most_common()]
            fig = go.Figure(go.Bar(x=[flags[k] for k in names], y=names, orientation="h",
                                   marker_color="#b56576", hoverinfo="x+y"))
            fig.update_yaxes(autorange="reversed")
            _layout(fig, "Quality flags: documents with each", height=max(300, 28 * len(names) + 120),
                    xaxis_title="documents", margin={"l": 200, "r": 30, "t": 60, "b": 60})
            page.figure("flags", fig)
        else:
            page.empty("No quality flags on any document.")
        spans = sum(d["mojibake"] or 0 for d in docs)
        body = "".join(
            f"<tr><td>{esc(d['source_file'])}</td><td>{esc(d['script'])}</td>"
            f"<td>{esc(', '.join(d['quality_flags'] or []))}</td><td class=\"num\">{d['mojibake'] or 0}</td>"
            f"<td class=\"num\">{d['fact_count']}</td></tr>" for d in docs)
        page.raw(f'<p>Mojibake spans found and repaired: <b id="mojibake-count">{spans}</b> in '
                 f"{sum(1 for d in docs if d['mojibake'])} of {len(docs)} documents.</p>"
                 '<table class="small" id="documents"><thead><tr><th>document</th><th>script</th>'
                 "<th>quality flags</th><th>mojibake spans</th><th>facts</th></tr></thead>"
                 f"<tbody>{body}</tbody></table>")
    else:
        page.empty("No documents in the warehouse.")
    held = _rows(con, "select source_file, size_bytes, reason from marts.quarantine order by source_file")
    page.raw("<h3>Quarantined files</h3>")
    if held:
        body = "".join(f"<tr><td>{esc(q['source_file'])}</td><td class=\"num\">{esc(q['size_bytes'])}</td>"
                       f"<td>{esc(q['reason'])}</td></tr>" for q in held)
        page.raw(f'<table class="small" id="quarantine"><thead><tr><th>file</th><th>bytes</th><th>reason</th>'
                 f"</tr></thead><tbody>{body}</tbody></table>")
    else:
        page.raw('<p id="quarantine" class="empty">'
                 "No file was quarantined: every input became a document.</p>")
    page.raw("<h3>Score against gold</h3>")
    if gold_score:
        body = "".join(f"<tr><td>{esc(k)}</td><td class=\"num\">{esc(_score_text(v))}</td></tr>"
                       for k, v in gold_score.items())
        page.raw(f'<table class="small" id="gold"><thead><tr><th>measure</th><th>score</th></tr></thead>'
                 f"<tbody>{body}</tbody></table>")
    else:
        page.raw('<p id="gold" class="empty">No gold for these documents.</p>')
    page.end()


def _score_text(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _highlight(sentence, mention) -> str:
    """The sentence escaped, with the mention marked where it first occurs."""
    sentence = sentence or ""
    at = sentence.find(mention) if mention else -1
    if at < 0:
        return esc(sentence)
    return esc(sentence[:at]) + "<mark>" + esc(mention) + "</mark>" + esc(sentence[at + len(mention):])


def _sentences(page: _Page, con) -> int:
    page.section("sentences", "Source sentences",
                 "Every number in the warehouse (marts.facts) with its document, character offsets in the "
                 "cleaned text and sentence. Type to filter: all words must appear in the row.")
    total = con.execute("select count(*) from marts.facts").fetchone()[0]
    rows = _rows(con, f"""select fact_id, fact_type, mention, value, value_high, unit, modality, region,
                                 period, source_file, char_start, char_end, sentence
                          from marts.facts order by source_file, char_start, fact_id
                          limit {MAX_TABLE_ROWS}""")
    body = "".join(
        f'<tr id="fact-{esc(r["fact_id"])}"><td>{esc(r["mention"])}</td><td>{esc(r["fact_type"])}</td>'
        f'<td class="num">{esc(fmt_value(r["value"], r["value_high"]))}</td><td>{esc(r["unit"])}</td>'
        f'<td>{esc(r["modality"])}</td><td>{esc(r["region"])}</td><td>{esc(r["period"])}</td>'
        f'<td>{esc(r["source_file"])}</td><td class="num">{esc(r["char_start"])}–{esc(r["char_end"])}</td>'
        f'<td class="sentence">{_highlight(r["sentence"], r["mention"])}</td></tr>'
        for r in rows)
    page.raw('<p><input id="filter" type="search" placeholder="filter: region, file, word, number…" '
             'autocomplete="off"> <span id="filter-count"></span></p>'
             + (f"<p class=\"caption\">The first {len(rows)} of {total} facts are listed.</p>"
                if total > len(rows) else "")
             + '<table id="facts"><thead><tr><th>mention</th><th>type</th><th>value</th><th>unit</th>'
               "<th>modality</th><th>region</th><th>period</th><th>source file</th><th>chars</th>"
               f"<th>sentence</th></tr></thead><tbody>{body}</tbody></table>")
    page.end()
    return len(rows)


def _header(con) -> str:
    build = None
    if _has(con, "meta", "builds"):
        found = _rows(con, "select * from meta.builds order by finished_at desc nulls last limit 1")
        build = found[0] if found else None
    counts = {name: con.execute(f"select count(*) from marts.{name}").fetchone()[0]
              for name in ("documents", "facts", "people", "project_investments", "quarantine")}
    line = (f"{counts['documents']} documents, {counts['facts']} numbers, {counts['people']} people, "
            f"{counts['project_investments']} projects, {counts['quarantine']} files quarantined.")
    if build:
        line += (f" Build {str(build.get('build_id'))[:12]}, finished {build.get('finished_at')}, "
                 f"code {str(build.get('git_commit') or '')[:12]}, "
                 f"extractor {build.get('extractor_version')}.")
    return f'<p class="summary">{esc(line)}</p>'


# In STYLE, SCRIPT and ERROR_CATCHER a backslash at the end of a line continues it: no newline in the page.
STYLE = """
body{font-family:""" + FONT + """;margin:0 auto;max-width:1400px;padding:0 24px 48px;color:#222;\
background:#fff}
h1{margin:24px 0 4px}h2{margin-top:40px;border-bottom:1px solid #ddd;padding-bottom:4px}
nav a{margin-right:14px}.caption,.summary{color:#555}.empty{color:#777;font-style:italic}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eee;padding:3px 6px;
text-align:left;vertical-align:top}th{background:#f6f6f6;position:sticky;top:0}td.num{text-align:right;
white-space:nowrap}table.small{width:auto}td.sentence{min-width:420px}td:not(.sentence){white-space:nowrap}\
tr:target{background:#fff3b0}
mark{background:#ffe08a}#filter{font-size:15px;padding:4px 8px;width:360px}details{margin:8px 0}
"""

# Clicks on chart points: "fact:<id>" jumps to the sentence row, "filter:<text>" filters the table.
SCRIPT = """
(function(){
  var box=document.getElementById('filter'),rows=[].slice.call(document.querySelectorAll('#facts tbody tr')),
      count=document.getElementById('filter-count');
  function apply(){var words=box.value.toLowerCase().split(/\\s+/).filter(Boolean),shown=0;
    rows.forEach(function(r){var t=r.textContent.toLowerCase(),\
ok=words.every(function(w){return t.indexOf(w)>=0;});
      r.style.display=ok?'':'none';if(ok)shown++;});count.textContent=shown+' of '+rows.length+' rows';}
  if(box){box.addEventListener('input',apply);apply();}
  function jump(id){if(box&&box.value){box.value='';apply();}location.hash='fact-'+id;}
  window.addEventListener('hashchange',function(){if(location.hash.indexOf('#fact-')===0&&box&&box.value){
    box.value='';apply();var el=document.getElementById(location.hash.slice(1));if(el)el.scrollIntoView();}});
  document.querySelectorAll('.plotly-graph-div').forEach(function(div){
    if(!div.on)return;
    div.on('plotly_click',function(ev){var p=ev.points&&ev.points[0];\
if(!p||typeof p.customdata!=='string')return;
      if(p.customdata.indexOf('fact:')===0){jump(p.customdata.slice(5));}
      else if(p.customdata.indexOf('filter:')===0&&box){box.value=p.customdata.slice(7);apply();
        document.getElementById('sentences').scrollIntoView();}});
  });
})();
"""

# First thing in <body>: any script error lands in this hidden block, so a headless browser test can read it.
ERROR_CATCHER = """<pre id="script-errors" hidden></pre><script>
(function(){var pre=document.getElementById('script-errors');
  window.addEventListener('error',function(e){pre.textContent+=(e.message||'error')+' '+(e.filename||'')+':'+\
(e.lineno||'')+'\\n';});
  window.addEventListener('unhandledrejection',function(e){pre.textContent+='unhandled rejection: '+
    ((e.reason&&e.reason.message)||e.reason)+'\\n';});})();
</script>"""


def build(database: Path, gold_score: dict | None = None) -> Report:
    """The page and its counts, from the warehouse at `database` (opened read-only)."""
    con = duckdb.connect(str(database), read_only=True, config=duckdb_config())
    try:
        page = _Page()
        header = _header(con)
        _targets(page, con)
        _projects(page, con)
        _regions(page, con)
        _people(page, con)
        _quality(page, con, gold_score)
        table_rows = _sentences(page, con)
    finally:
        con.close()
    titles = {"targets": "Targets vs actuals", "projects": "Projects", "regions": "Regions and periods",
              "people": "People", "quality": "Data quality", "sentences": "Source sentences"}
    nav = "".join(f'<a href="#{a}">{esc(titles.get(a, a))}</a>' for a in page.sections)
    text = (
        '<!DOCTYPE html>\n<html lang="zh-Hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Warehouse report</title><style>{STYLE}</style></head><body>{ERROR_CATCHER}"
        f'<script charset="utf-8">{get_plotlyjs()}</script>'
        f"<h1>What the warehouse says</h1>{header}<nav>{nav}</nav>"
        + "".join(page.parts)
        + f"<script>{SCRIPT}</script></body></html>\n"
    )
    return Report(html=text, charts=page.charts, table_rows=table_rows, sections=page.sections)


def render_report(database: Path, gold_score: dict | None = None) -> str:
    """The report as HTML text: one self-contained page, plotly.js inline, no network needed to open it."""
    return build(database, gold_score).html


def write_report(database: Path, out_path: Path, gold_score: dict | None = None) -> Path:
    """Render and write the report atomically (temp file beside it, then os.replace), so a reader never
    opens a half-written page."""
    return write_text(render_report(database, gold_score), Path(out_path))


def write_text(text: str, out_path: Path) -> Path:
    """Write `text` to `out_path` atomically: a temp file in the same folder, then os.replace."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=out_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the report is for readers
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out_path
