-- One row per source document (FACTS.md section 1), with how many facts it yielded.
with fact_counts as (
    select
        doc_id,
        count(*) as fact_count
    from {{ ref('stg_facts') }}
    group by doc_id
)

select
    d.doc_id,
    d.source_file,
    d.source_path,
    d.sha256,
    d.size_bytes,
    d.encoding,
    d.script,
    d.newspaper,
    d.pub_date,
    d.pages,
    d.continued_from,
    d.continued_to,
    d.reporters,
    d.quality_flags,
    d.mojibake_spans,
    d.pinyin_removed,
    d.furniture,
    d.clean_text,
    d.char_count,
    coalesce(f.fact_count, 0) as fact_count
from {{ ref('stg_documents') }} as d
left join fact_counts as f using (doc_id)
