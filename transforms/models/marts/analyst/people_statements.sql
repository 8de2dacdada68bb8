-- Who said what: each fact beside the official who was speaking when it was written. A speaker's
-- turn runs from their name (with its title chain) to the next official named in the same document.
with officials as (
    select
        p.*,
        lead(p.char_start) over (partition by p.doc_id order by p.char_start) as turn_end
    from {{ ref('people') }} as p
    where p.role = 'official' and p.char_start is not null
)

select
    o.person_id,
    o.name,
    o.titles,
    o.region as speaks_for,
    o.source_file,
    f.fact_id,
    f.fact_type,
    f.value,
    f.value_high,
    f.unit,
    f.qualifier,
    f.modality,
    f.metric,
    f.region as fact_region,
    f.period,
    f.mention,
    f.sentence
from officials as o
inner join {{ ref('facts') }} as f
    on f.doc_id = o.doc_id
    and f.char_start >= o.char_start
    and (o.turn_end is null or f.char_start < o.turn_end)
