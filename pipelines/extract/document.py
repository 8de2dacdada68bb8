"""One cleaned document -> rows of facts, people, projects, citations and sentences.

Walks the sentences in order, keeping the region of the heading or speaker block in force, so
that a fact's region comes from its sentence, else the block above, else the document. A story whose
heading names no place but the document's takes the first other place its lead (first sentence) names,
until the next heading.
Facts and projects pass validate.py on the way out: a fact that breaks a rule of the contract is left
out of `facts` and listed under `rejected` (validate.COLUMNS) with the rule and the reason; a project
whose investment breaks one keeps its name and status, without the investment, and the rejection is
listed the same way.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable
from itertools import accumulate

from pipelines.batch.versions import extractor_code_version
from pipelines.extract import regions as reg
from pipelines.extract.citations import find_citations
from pipelines.extract.facts import annotate, sentence_facts
from pipelines.extract.modality import ACTUAL, section_default
from pipelines.extract.people import OFFICIAL, OTHER, REPORTER, find_people
from pipelines.extract.projects import find_projects
from pipelines.extract.reference import ReferenceFrame
from pipelines.extract.sentences import Sentence, split_sentences
from pipelines.extract.validate import validate
from pipelines.lexicon import Lexicon, load_lexicon
from pipelines.text.segment import TokenColumns

HEADING_MAX_CHARS = 40  # a block heading or speaker line is short
# A long document is walked in pieces of about this many characters (`chunks`), so the Token tuples held at
# once are those of one piece.
CHUNK_CHARS = 250_000


def _id(*parts) -> str:
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:16]


class _Spans:
    """Character spans (the headings), asked whether one overlaps a sentence: by bisection, not a scan."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = list(accumulate((b for _, b in spans), max))  # the furthest end among the first k

    def touch(self, start: int, end: int) -> bool:
        """True when a span holds `start` (a <= start < b) or starts inside [start, end)."""
        i = bisect.bisect_right(self.starts, start)
        if i and self.reach[i - 1] > start:
            return True
        j = bisect.bisect_left(self.starts, start)
        return j < len(self.starts) and self.starts[j] < end


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces covering `text` in order, each cut just after a newline (the last within `size`
    characters, else the first after them): no sentence, region, name or cue crosses a newline, so each piece
    can be read alone. A text with no newline past `size` characters is one piece."""
    pieces, start, n = [], 0, len(text)
    while n - start > size:
        end = text.rfind("\n", start, start + size) + 1
        if end <= start:
            end = text.find("\n", start + size) + 1
            if end <= 0:
                break
        pieces.append((start, end))
        start = end
    if start < n or not pieces:
        pieces.append((start, n))
    return pieces


ChunkDone = Callable[[int, int, int, int, dict[str, list[dict]]], bool]


def extract_document(doc: dict, lexicon: Lexicon | None = None, version: str | None = None, *,
                     columns: TokenColumns | None = None, chunk_chars: int = CHUNK_CHARS,
                     on_chunk: ChunkDone | None = None) -> dict:
    """Rows of every extracted table for one document. Its tokens come as `columns` (TokenColumns; without
    them region mentions are not checked against token boundaries); `version` (the extractor version) may be
    passed by a caller that already has it.

    What is document-wide is found first (region mentions, the document's region, people and their
    regions); then the document is walked in pieces of about `chunk_chars` characters (`chunks`), with the
    Token tuples of one piece at a time, the block region and modality carried from piece to piece. After
    each piece `on_chunk(number, pieces, first_token, end_token, rows)` is called with the piece's token
    indices and its rows of sentences, facts and rejected facts, so a caller can write that piece's tokens and
    index its sentences before the next one; when it returns True it has taken the rows, and they are not in
    what this returns (a long document's facts and sentences need not be held all at once)."""
    lexicon = lexicon or load_lexicon()
    doc_id, source_file, text = doc["doc_id"], doc["source_file"], doc["clean_text"] or ""
    cols = columns if columns is not None and len(columns) else None
    pieces = chunks(text, chunk_chars)
    all_regions = [m for m in reg.find_regions(text, lexicon)  # those starting a token (not inside a word)
                   if (cols is None or cols.is_boundary(m.start)) and not reg.inside_name(text, m)]
    doc_region = reg.document_region(all_regions, lexicon, text)
    headings = _Spans([(h["start"], h["end"]) for h in (doc.get("headings") or [])])
    base = {"doc_id": doc_id, "source_file": source_file,
            "extractor_version": version or extractor_code_version()}

    found_people, kept = [], None
    for a, b in pieces:
        lo = a - 1 if a else 0  # from the newline before the piece: what a pattern sees before the piece
        toks = cols.tokens(text, cols.first_at(lo), cols.first_at(b), lo) if cols else []
        names = {(t.start, t.end) for t in toks if t.pos == "nr"}
        for p in find_people(text[lo:b] if len(pieces) > 1 else text, lexicon, names, toks):
            p["char_start"] += lo
            p["char_end"] += lo
            found_people.append(p)
        kept = toks if len(pieces) == 1 else None
    if len(pieces) > 1:
        _one_role_per_name(found_people)
    people = []
    region_starts = [m.start for m in all_regions]  # in text order, as find_regions returns them
    for p in found_people:
        p.update(base, person_id=_id(doc_id, p["char_start"], p["name"]),
                 region=_person_region(p, all_regions, region_starts, doc_region, lexicon))
        people.append(p)
    speakers = sorted((p["char_start"], p["region"]) for p in people if p["region"])
    speaker_starts = [start for start, _ in speakers]

    facts, projects, sentences, rejected = [], [], [], []
    counted = 0  # sentences before the piece
    block_region = None
    lead = False  # the sentence is the first after a heading that named no place but the document's
    story: tuple[str | None] | None = None  # set while a story's lead holds the block region
    block_modality = ACTUAL
    month = _issue_month(doc.get("pub_date"))
    frame = ReferenceFrame(doc.get("pub_date"), text, lexicon, doc_region)
    for number, (a, b) in enumerate(pieces):
        first, end = (cols.first_at(a), cols.first_at(b)) if cols else (0, 0)
        token_list = kept if kept is not None else cols.tokens(text, first, end) if cols else []
        token_starts = [t.start for t in token_list]
        piece_sentences, piece_facts = [], []
        for s in split_sentences(text[a:b] if len(pieces) > 1 else text):
            if a:
                s = Sentence(s.index + counted, s.start + a, s.end + a, s.text)
            spoken = [region for _, region in speakers[_within(speaker_starts, s.start, s.end)]]
            if spoken:  # a speaker with a regional title: what follows is about the speaker's region
                block_region = spoken[-1]
            in_force = block_region or doc_region
            found = all_regions[_within(region_starts, s.start, s.end)]
            is_heading = len(s.text) <= HEADING_MAX_CHARS and headings.touch(s.start, s.end)
            if is_heading and story is not None:  # the story a lead placed ends at the next heading
                block_region, story = story[0], None
            if is_heading and found:
                block_region = found[0].name
            elif lead and (named := [m for m in found if m.name != doc_region]):
                story = (block_region,)  # what held before the story, back at its end
                block_region = named[0].name  # a story's place named in its lead, not in its heading
            lead = is_heading and all(m.name == doc_region for m in found)  # the heading names no other place
            if is_heading:
                block_modality = section_default(s.text)
            context = in_force
            sentence_region = found[0].name if found else context
            words = [m.written for m in found]
            rows = sentence_facts(doc_id, s.text, s.start, None, words, block_modality, lexicon, month)
            for row in rows:
                row["region"] = _region_for(row, found, s.start, context)
                row.update(base, sentence_index=s.index)
                piece_facts.append(row)
            frame.read(s.text, s.start, is_heading)
            annotate(rows, s.text, s.start, frame, lexicon, [(m.start, m.name) for m in found])
            sentence_tokens = token_list[_within(token_starts, s.start, s.end)] if token_list else None
            for p in find_projects(s.text, s.start, lexicon, sentence_tokens):
                p.update(base, project_id=_id(doc_id, p["char_start"], p["name"]), region=sentence_region)
                projects.append(p)
            piece_sentences.append({"doc_id": doc_id, "sentence_index": s.index,
                                    "char_start": s.start, "char_end": s.end,
                                    "sentence": s.text, "region": sentence_region})
        counted += len(piece_sentences)
        del token_list, token_starts
        piece_facts, piece_rejected = validate("facts", piece_facts)
        rows = {"sentences": piece_sentences, "facts": piece_facts,
                "rejected": [r.as_row() for r in piece_rejected]}
        if on_chunk is None or not on_chunk(number, len(pieces), first, end, rows):
            sentences += piece_sentences
            facts += piece_facts
            rejected += rows["rejected"]

    for name in doc.get("reporters") or []:
        people.append({**base, "person_id": _id(doc_id, "reporter", name), "name": name, "titles": [],
                       "region": None, "role": "reporter", "mention": name,
                       "char_start": None, "char_end": None})
    projects = _one_per_name(projects)
    people = _one_per_person(people)
    citations = [{**base, **c} for c in find_citations(text)]
    valid, bad_investments = validate("projects", projects)
    valid_ids = {id(p) for p in valid}
    projects = [p if id(p) in valid_ids else {**p, "investment": None, "unit": None} for p in projects]
    rejected += [r.as_row() for r in bad_investments]
    return {"facts": facts, "people": people, "projects": projects, "cited_documents": citations,
            "sentences": sentences, "rejected": rejected}


_RANK = {OFFICIAL: 0, OTHER: 1, REPORTER: 2}


def _one_role_per_name(rows: list[dict]) -> None:
    """Every row of one name gets the same role, official over other over reporter, across the pieces a
    document was read in (find_people does the same within one piece)."""
    best: dict[str, str] = {}
    for r in rows:
        if r["name"] not in best or _RANK[r["role"]] < _RANK[best[r["name"]]]:
            best[r["name"]] = r["role"]
    for r in rows:
        r["role"] = best[r["name"]]


def _issue_month(pub_date: str | None) -> int | None:
    """The month of a document's issue date (`2024-04-17` -> 4), which dates a day written alone."""
    if pub_date and len(pub_date) >= 7 and pub_date[5:7].isdigit():
        return int(pub_date[5:7])
    return None


def _within(starts: list[int], start: int, end: int) -> slice:
    """The slice of a sorted list of offsets that fall in [start, end): a sentence's share of the document."""
    return slice(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end))


def _one_per_person(people: list[dict]) -> list[dict]:
    """One row per person and role in a document, their titles gathered in the order first written."""
    kept: dict[tuple[str, str], dict] = {}
    for p in people:
        first = kept.setdefault((p["name"], p["role"]), p)
        if first is not p:
            first["titles"] = first["titles"] + [t for t in p["titles"] if t not in first["titles"]]
            first["region"] = first["region"] or p["region"]
    return list(kept.values())


SUFFIX_MIN_CHARS = 5  # a name ending another joins it from this length (数据中心 is a kind, not a name)
_NAMED_AT = ("name", "mention", "char_start", "char_end", "project_id")  # where the kept name was written
_FIELDS = ("investment", "unit", "group_investment", "group_unit", "status")


def _one_per_name(projects: list[dict]) -> list[dict]:
    """One row per project in a document: the first mention, completed from later ones. A name that begins
    another (多维生物医药 / 多维生物医药产业园) or that ends another and is at least SUFFIX_MIN_CHARS long
    (某某中心 / 某地某某中心: a place or owner written before it) is the same project; the project keeps the
    longest of its names (with where that one is written), and the figures and status met first.

    The earlier names a new one matches are found without comparing against every name seen (a long
    document names thousands of projects): its prefixes and suffixes are looked up, and the names it begins
    or ends are a range of the sorted names or of the sorted reversed names (bisection); the earliest project
    among those is the one the new name joins."""
    rows: list[dict] = []  # one per project, in the order first named
    at: dict[str, int] = {}  # every name seen -> its project's place in rows
    names: list[str] = []  # names seen, sorted
    backwards: list[str] = []  # names seen, each reversed, sorted
    for p in projects:
        name = p["name"]
        matches = [at[k] for k in (name[:i] for i in range(1, len(name) + 1)) if k in at]
        matches += [at[k] for k in names[bisect.bisect_left(names, name):
                                         bisect.bisect_left(names, name + "\U0010ffff")]]
        if len(name) >= SUFFIX_MIN_CHARS:
            matches += [at[k] for k in (name[i:] for i in range(1, len(name) - SUFFIX_MIN_CHARS + 1))
                        if k in at]
            eman = name[::-1]
            matches += [at[k[::-1]] for k in backwards[bisect.bisect_left(backwards, eman):
                                                       bisect.bisect_left(backwards, eman + "\U0010ffff")]]
        if name not in at:
            bisect.insort(names, name)
            bisect.insort(backwards, name[::-1])
        if not matches:
            at[name] = len(rows)
            rows.append(p)
            continue
        at[name] = first = min(matches)
        kept = rows[first]
        for field in _FIELDS:
            if kept.get(field) is None and p.get(field) is not None:
                kept[field] = p[field]
        if len(name) > len(kept["name"]):
            kept.update({k: p[k] for k in _NAMED_AT if k in p})
    return rows


def _region_for(row: dict, found: list[reg.RegionMention], offset: int, context: str | None) -> str | None:
    """The region named nearest before the number in its sentence, else the block's or document's."""
    before = [m for m in found if m.start - offset < row["char_start"] - offset]
    if before:
        return before[-1].name
    return context


def _person_region(person: dict, mentions, starts: list[int], doc_region, lexicon) -> str | None:
    """An official's region: the first region named in the mention (found by bisection in the sorted
    `starts` of `mentions`), else the document's (its city for a `市…` title); None for anyone else and
    for an official of a foreign country."""
    if person["role"] != "official" or person.get("foreign"):
        return None
    i = bisect.bisect_left(starts, person["char_start"])
    if i < len(starts) and starts[i] < person["char_end"]:
        return mentions[i].name
    if person["mention"].startswith("市"):
        return reg.city_of(doc_region, lexicon) or doc_region
    return doc_region
