-- Who said what: each fact beside the person who was speaking when it was written. A speaker is an
-- official or another named person (role other: an interviewee); reporters do not speak. A speaker's
-- turn runs from their name (with its title chain) to the next speaker named in the same document.
-- Filter on role = 'official' for officials only.
with speakers as (
    select
        p.*,
        lead(p.char_start) over (partition by p.doc_id order by p.char_start) as turn_end
    from {{ ref('people') }} as p
    where p.role in ('official', 'other') and p.char_start is not null
)

select
    o.person_id,
    o.name,
    o.role,
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
from speakers as o
inner join {{ ref('facts') }} as f
    on f.doc_id = o.doc_id
    and f.char_start >= o.char_start
    and (o.turn_end is null or f.char_start < o.turn_end)
