-- Input files that did not become documents, each with the reason: nothing the user gave is lost.
select
    source_file,
    source_path,
    sha256,
    size_bytes,
    reason,
    name_note
from {{ ref('stg_quarantine') }}
