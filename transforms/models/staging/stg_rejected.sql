select
    doc_id,
    source_file,
    table_name,
    rule,
    reason,
    sentence,
    row_json,
    batch_id
from ({{ current_rows('rejected', ['source_file']) }})
