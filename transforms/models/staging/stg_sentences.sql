select doc_id, sentence_index, char_start, char_end, sentence, region
from {{ source('pipeline', 'sentences') }}
