"""Asset: every input file becomes a raw document row or a quarantine row.

The listing it took is kept (input_listing.parquet) for the accounting check, and a build that would
drop most of the warehouse's documents (an empty or unmounted input folder) is refused unless
PIPELINE_ALLOW_SHRINK=1.
"""

from collections import Counter
from datetime import UTC, datetime

import dagster as dg

from pipelines import schemas
from pipelines.batch.versions import ingest_code_version
from pipelines.config import REPO_ROOT, table_file
from pipelines.defs.resources import WRITER_POOL, PipelinePaths
from pipelines.ops.manifest import build_manifest
from pipelines.text.ingest import list_input, read_listing

RAW_ROW_GROUP_ROWS = 32  # documents per row group of raw_documents.parquet
LISTING = table_file("input_listing")  # what this build's ingest listed (pipelines/ops/accounting.py)
SHRINK_FLOOR = 5  # a warehouse of fewer documents may shrink freely


def status_key(build_id: str) -> str:
    return f"build_status/{build_id}.parquet"


def write_status(store, build_id: str, status: str, reason: str | None = None) -> None:
    """The build's latest status (schemas.BUILD_STATUS), one small file per build."""
    row = {"build_id": build_id, "status": status, "reason": reason, "at": datetime.now(UTC)}
    store.write(schemas.frame([row], schemas.BUILD_STATUS), status_key(build_id))


def shrink_refusal(previous: set[str], current: set[str], input_dir, files: int) -> str | None:
    """Why this build must not replace the warehouse: it holds at least SHRINK_FLOOR documents and fewer
    than half of them (by doc_id, a hash of the bytes) are still in the input. None when it may."""
    kept = len(previous & current)
    if len(previous) < SHRINK_FLOOR or 2 * kept >= len(previous):
        return None
    return (
        f"the input folder {input_dir} has {files} files but the warehouse holds {len(previous)} documents: "
        f"refusing to delete {len(previous) - kept} of them; set PIPELINE_ALLOW_SHRINK=1 if this is intended"
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "raw_documents",
            description="One row per decodable input file: ids, hashes, encoding, text.",
            group_name="ingest",
            code_version=ingest_code_version(),
            kinds={"parquet"},
        ),
        dg.AssetSpec(
            "quarantine",
            description="One row per input file that could not become a document, with why.",
            group_name="ingest",
            code_version=ingest_code_version(),
            kinds={"parquet"},
        ),
        dg.AssetSpec(
            "build_manifest",
            description="What this build is made from: commit, versions, input digest.",
            group_name="ingest",
            kinds={"parquet"},
        ),
    ],
    pool=WRITER_POOL,
)
def ingest(context: dg.AssetExecutionContext, pipeline: PipelinePaths):
    paths = pipeline.paths()
    if not paths.input_dir.is_dir():
        raise dg.Failure(f"PIPELINE_INPUT is not a folder: {paths.input_dir}")
    store = paths.store
    build_id = context.run.run_id
    write_status(store, build_id, "started")
    listing = list_input(paths.input_dir)
    rows = read_listing(listing)
    docs = [r.__dict__ for r in rows if r.quarantine_reason is None]
    held = [{**r.__dict__, "reason": r.quarantine_reason} for r in rows if r.quarantine_reason is not None]
    if store.exists(table_file("raw_documents")) and not pipeline.allow_shrink:
        previous = store.read(table_file("raw_documents"), columns=["doc_id"])["doc_id"].to_list()
        refusal = shrink_refusal(set(previous), {d["doc_id"] for d in docs}, paths.input_dir, len(listing))
        if refusal:
            write_status(store, build_id, "refused", refusal)
            raise dg.Failure(description=refusal)
    # sorted by doc_id in small row groups: a batch (a run of doc_ids, pipelines/batch/plan.py) reads only
    # its own
    store.write(
        schemas.frame(docs, schemas.RAW_DOCUMENTS).sort("doc_id"),
        table_file("raw_documents"),
        row_group_size=RAW_ROW_GROUP_ROWS,
    )
    store.write(schemas.frame(held, schemas.QUARANTINE), table_file("quarantine"))
    store.write(schemas.frame([item.__dict__ for item in listing], schemas.INPUT_LISTING), LISTING)
    manifest = build_manifest(
        REPO_ROOT,
        paths.input_dir,
        [r.sha256 for r in rows if r.sha256],
        len(docs),
        len(held),
        build_id=build_id,
    )
    store.write(schemas.frame([manifest], schemas.BUILD_MANIFEST), f"build_manifest/{build_id}.parquet")
    encodings = Counter(d["encoding"] for d in docs)
    renamed = [r for r in rows if r.name_note]
    yield dg.MaterializeResult(
        asset_key="raw_documents",
        metadata={
            "input_dir": str(paths.input_dir),
            "parquet_location": store.location,
            "files": len(rows),
            "documents": len(docs),
            "encodings": dg.MetadataValue.json(dict(encodings)),
            "names_not_utf8": dg.MetadataValue.json({r.source_path: r.name_note for r in renamed[:50]}),
        },
    )
    yield dg.MaterializeResult(
        asset_key="quarantine",
        metadata={
            "quarantined": len(held),
            "reasons": dg.MetadataValue.md(
                "\n".join(f"- `{h['source_path']}`: {h['reason']}" for h in held) or "none"
            ),
        },
    )
    yield dg.MaterializeResult(
        asset_key="build_manifest",
        metadata={
            "build_id": manifest["build_id"],
            "git_commit": manifest["git_commit"] or "none",
            "input_digest": manifest["input_digest"],
        },
    )
