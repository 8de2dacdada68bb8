-- Every document now in the input folder, with the batch that holds its rows and its names as they are now.
select
    r.doc_id,
    r.source_file,
    r.source_path,
    r.sha256,
    r.size_bytes,
    r.encoding,
    r.name_note,
    b.batch_id,
    b.version
from {{ source('pipeline', 'raw_documents') }} as r
inner join {{ source('pipeline', 'batches') }} as b using (doc_id)
