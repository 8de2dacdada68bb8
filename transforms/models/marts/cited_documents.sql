-- Titles in 《》 with the document they appear in (FACTS.md section 3).
select doc_id, source_file, title, mention, char_start, char_end, extractor_version
from {{ ref('stg_cited_documents') }}
