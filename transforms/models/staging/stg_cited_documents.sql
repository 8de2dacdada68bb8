select
    doc_id,
    source_file,
    title,
    mention,
    char_start,
    char_end,
    extractor_version,
    batch_id
from ({{ current_rows('cited_documents', ['source_file']) }})
