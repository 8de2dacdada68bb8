select
    person_id,
    doc_id,
    source_file,
    name,
    titles,
    region,
    role,
    mention,
    char_start,
    char_end,
    extractor_version,
    batch_id
from ({{ current_rows('people', ['source_file']) }})
