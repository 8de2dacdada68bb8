select doc_id, token_index, token, pos, char_start, char_end
from {{ source('pipeline', 'tokens') }}
