"""Which documents need processing, in which batches: incremental by content.

A document is keyed by the hash of its bytes (`doc_id`), and what the text stages make of it
depends only on those bytes and the code versions of cleaning, segmentation and extraction. So
the outputs are content-addressed: a batch of documents is processed once under one pipeline
version, its rows go to one Parquet file per table named by the batch id, and the index
(`batches.parquet`: doc_id -> batch_id) says which file holds each current document's rows.

A run then only processes documents the index does not hold under the current version: a new
or changed file (new bytes, new doc_id), or everything after a rule or lexicon change. A
renamed file has the same doc_id and is not processed again. Batches are the unit a worker
runs, anywhere; their ids are derived from their content, so rerunning a batch is idempotent.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

DEFAULT_BATCH_CHARS = 2_000_000  # about 2 MB of text per batch: seconds of work, few files
MAX_BATCHES = 64


@dataclass(frozen=True)
class Batch:
    batch_id: str
    doc_ids: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    version: str
    reused: dict[str, str] = field(default_factory=dict)  # doc_id -> batch_id, already processed
    batches: tuple[Batch, ...] = ()  # to process in this run

    def index(self) -> dict[str, str]:
        """doc_id -> batch_id for every current document once the batches are processed."""
        out = dict(self.reused)
        for batch in self.batches:
            out.update(dict.fromkeys(batch.doc_ids, batch.batch_id))
        return out

    @property
    def todo(self) -> int:
        return sum(len(b.doc_ids) for b in self.batches)


def batch_id(version: str, doc_ids: tuple[str, ...]) -> str:
    """The id of a batch: a hash of the pipeline version and its sorted documents."""
    digest = hashlib.sha256(version.encode())
    for doc_id in sorted(doc_ids):
        digest.update(b"\0" + doc_id.encode())
    return "b" + digest.hexdigest()[:15]


def chunk(sizes: dict[str, int], target_chars: int = DEFAULT_BATCH_CHARS, min_batches: int = 1,
          max_batches: int = MAX_BATCHES) -> list[tuple[str, ...]]:
    """Split documents (doc_id -> characters) into batches of about `target_chars` each.

    At least `min_batches` (one per worker, when there are enough documents) and at most
    `max_batches`. A batch is a run of consecutive doc_ids closed when the running total reaches its
    share of the characters (balanced to within one document): raw_documents is stored sorted by
    doc_id in small row groups, so a batch reads only the row groups of its run, not the whole file.
    """
    if not sizes:
        return []
    ids = sorted(sizes)
    total = sum(sizes.values())
    n = max(min_batches, math.ceil(total / max(target_chars, 1)))
    n = max(1, min(n, max_batches, len(ids)))
    groups: list[tuple[str, ...]] = []
    run: list[str] = []
    filled = 0
    for i, doc_id in enumerate(ids):
        run.append(doc_id)
        filled += sizes[doc_id]
        still_to_open = n - len(groups) - 1
        if still_to_open and (filled >= total * (len(groups) + 1) / n or len(ids) - i - 1 == still_to_open):
            groups.append(tuple(run))
            run = []
    if run:
        groups.append(tuple(run))
    return groups


def plan(current: dict[str, int], index: dict[str, str], index_versions: dict[str, str], version: str,
         available: set[str], target_chars: int = DEFAULT_BATCH_CHARS, min_batches: int = 1) -> Plan:
    """What this run must process.

    current: doc_id -> characters, for every document in the input folder now;
    index / index_versions: doc_id -> batch_id / version, from the previous run's index;
    available: batch ids whose Parquet files are all on disk.
    A document is reused when the index holds it under `version` in a batch that is available.
    """
    reused = {d: index[d] for d in current
              if d in index and index_versions.get(d) == version and index[d] in available}
    todo = {d: n for d, n in current.items() if d not in reused}
    groups = chunk(todo, target_chars, min_batches)
    return Plan(version=version, reused=reused,
                batches=tuple(Batch(batch_id(version, g), g) for g in groups))
