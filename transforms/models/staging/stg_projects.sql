select
    project_id,
    doc_id,
    source_file,
    name,
    region,
    investment,
    unit,
    group_investment,
    group_unit,
    status,
    mention,
    char_start,
    char_end,
    extractor_version,
    batch_id
from ({{ current_rows('projects', ['source_file']) }})
