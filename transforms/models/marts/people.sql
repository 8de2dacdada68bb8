-- People with their title chains (FACTS.md section 3).
select person_id, doc_id, source_file, name, titles, region, role, mention, char_start, char_end, extractor_version
from {{ ref('stg_people') }}
