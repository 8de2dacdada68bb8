"""Asset: facts, people, projects, citations and sentences from the cleaned documents."""

from collections import Counter

import dagster as dg
import polars as pl

from pipelines import schemas
from pipelines.defs.resources import PipelinePaths
from pipelines.extract.document import extract_document
from pipelines.storage import write_parquet_atomic
from pipelines.versions import extractor_code_version

OUTPUTS = {
    "facts": schemas.FACTS,
    "people": schemas.PEOPLE,
    "projects": schemas.PROJECTS,
    "cited_documents": schemas.CITED_DOCUMENTS,
    "sentences": schemas.SENTENCES,
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(name, deps=["clean_documents", "tokens"], group_name="extract",
                     code_version=extractor_code_version(), kinds={"parquet"})
        for name in OUTPUTS
    ],
)
def extract(context: dg.AssetExecutionContext, pipeline: PipelinePaths):
    paths = pipeline.paths()
    docs = pl.read_parquet(paths.parquet("clean_documents"))
    tokens = pl.read_parquet(paths.parquet("tokens"))
    by_doc = {key[0]: group for key, group in tokens.group_by("doc_id")}
    rows: dict[str, list[dict]] = {name: [] for name in OUTPUTS}
    for doc in docs.iter_rows(named=True):
        doc_tokens = by_doc.get(doc["doc_id"])
        result = extract_document(doc, doc_tokens)
        for name in OUTPUTS:
            rows[name].extend(result[name])
    for name, schema in OUTPUTS.items():
        write_parquet_atomic(schemas.frame(rows[name], schema), paths.parquet(name))
    by_type = Counter(r["fact_type"] for r in rows["facts"])
    for name in OUTPUTS:
        metadata = {"rows": len(rows[name])}
        if name == "facts":
            metadata["by_type"] = dg.MetadataValue.json(dict(by_type))
        yield dg.MaterializeResult(asset_key=name, metadata=metadata)
