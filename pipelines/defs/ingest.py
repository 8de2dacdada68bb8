"""Asset: every input file becomes a raw document row or a quarantine row."""

from collections import Counter

import dagster as dg

from pipelines import schemas
from pipelines.batch.versions import ingest_code_version
from pipelines.config import REPO_ROOT, table_file
from pipelines.defs.resources import WRITER_POOL, PipelinePaths
from pipelines.ops.manifest import build_manifest
from pipelines.text.ingest import scan_folder

RAW_ROW_GROUP_ROWS = 32  # documents per row group of raw_documents.parquet


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
    rows = scan_folder(paths.input_dir)
    docs = [r.__dict__ for r in rows if r.quarantine_reason is None]
    held = [{**r.__dict__, "reason": r.quarantine_reason} for r in rows if r.quarantine_reason is not None]
    store = paths.store
    # sorted by doc_id in small row groups: a batch (a run of doc_ids, pipelines/batch/plan.py) reads only
    # its own
    store.write(
        schemas.frame(docs, schemas.RAW_DOCUMENTS).sort("doc_id"),
        table_file("raw_documents"),
        row_group_size=RAW_ROW_GROUP_ROWS,
    )
    store.write(schemas.frame(held, schemas.QUARANTINE), table_file("quarantine"))
    manifest = build_manifest(
        REPO_ROOT,
        paths.input_dir,
        [r.sha256 for r in rows if r.sha256],
        len(docs),
        len(held),
        build_id=context.run.run_id,
    )
    store.write(
        schemas.frame([manifest], schemas.BUILD_MANIFEST), f"build_manifest/{context.run.run_id}.parquet"
    )
    encodings = Counter(d["encoding"] for d in docs)
    yield dg.MaterializeResult(
        asset_key="raw_documents",
        metadata={
            "input_dir": str(paths.input_dir),
            "parquet_location": store.location,
            "files": len(rows),
            "documents": len(docs),
            "encodings": dg.MetadataValue.json(dict(encodings)),
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
