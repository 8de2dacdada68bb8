select
    source_file,
    source_path,
    sha256,
    size_bytes,
    reason,
    name_note
from {{ source('pipeline', 'quarantine') }}
