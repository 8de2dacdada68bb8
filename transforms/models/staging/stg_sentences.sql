select
    doc_id,
    sentence_index,
    char_start,
    char_end,
    sentence,
    region,
    batch_id
from ({{ current_rows('sentences') }})
