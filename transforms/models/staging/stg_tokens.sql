select doc_id, token_index, token, pos, char_start, char_end, batch_id
from ({{ current_rows('tokens') }})
