select doc_id, source_file, title, mention, char_start, char_end, extractor_version
from {{ source('pipeline', 'cited_documents') }}
