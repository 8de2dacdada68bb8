select
    doc_id,
    source_file,
    source_path,
    sha256,
    size_bytes,
    encoding,
    script,
    traditional_share,
    newspaper,
    try_cast(pub_date as date) as pub_date,
    pages,
    continued_from,
    continued_to,
    reporters,
    bylines,
    -- a note on the file's name (re-decoded from GB18030, escaped) comes from the input as it is now, not from
    -- the batch, whose rows are cached by content
    list_concat(quality_flags, (
        select coalesce(list(c.name_note) filter (where c.name_note is not null), [])
        from {{ ref('stg_current_documents') }} as c
        where c.doc_id = t.doc_id
    )) as quality_flags,
    mojibake_spans,
    pinyin_removed,
    furniture,
    clean_text,
    char_count,
    batch_id
from ({{ current_rows('clean_documents', ['source_file', 'source_path']) }}) as t
