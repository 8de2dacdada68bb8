select
    source_file,
    source_path,
    sha256,
    size_bytes,
    reason
from {{ source('pipeline', 'quarantine') }}
