select
    doc_id,
    sentence_index,
    term,
    tf,
    batch_id
from ({{ current_rows('postings') }})
