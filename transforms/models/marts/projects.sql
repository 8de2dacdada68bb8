-- Projects with investment, unit and status (FACTS.md section 3).
select project_id, doc_id, source_file, name, region, investment, unit, status, mention, char_start, char_end,
       extractor_version
from {{ ref('stg_projects') }}
