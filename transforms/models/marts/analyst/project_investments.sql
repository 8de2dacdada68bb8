-- One row per project (its name as written, within a region) across all documents: the latest
-- investment and status written for it, when it was first and last mentioned, and where.
with mentions as (
    select
        p.*,
        d.pub_date,
        row_number() over (
            partition by p.name, p.region
            order by d.pub_date nulls first, p.source_file, p.char_start
        ) as first_order,
        row_number() over (
            partition by p.name, p.region
            order by d.pub_date desc nulls last, p.source_file desc, p.char_start desc
        ) as last_order
    from {{ ref('projects') }} as p
    inner join {{ ref('documents') }} as d using (doc_id)
),

latest_investment as (
    select
        name,
        region,
        investment,
        unit,
        row_number() over (
            partition by name, region
            order by pub_date desc nulls last, source_file desc, char_start desc
        ) as n
    from mentions
    where investment is not null
),

latest_status as (
    select
        name,
        region,
        status,
        row_number() over (
            partition by name, region
            order by pub_date desc nulls last, source_file desc, char_start desc
        ) as n
    from mentions
    where status is not null
)

select
    md5(m.name || '|' || coalesce(m.region, '')) as project_key,
    m.name,
    m.region,
    i.investment,
    i.unit,
    s.status,
    count(*) as mention_count,
    min(m.pub_date) as first_pub_date,
    max(m.pub_date) as last_pub_date,
    arg_min(m.mention, m.first_order) as first_mention,
    arg_min(m.source_file, m.first_order) as first_source_file,
    arg_min(m.mention, m.last_order) as latest_mention,
    arg_min(m.source_file, m.last_order) as latest_source_file,
    list(distinct m.source_file order by m.source_file) as source_files
from mentions as m
left join latest_investment as i on i.name = m.name and i.region is not distinct from m.region and i.n = 1
left join latest_status as s on s.name = m.name and s.region is not distinct from m.region and s.n = 1
group by m.name, m.region, i.investment, i.unit, s.status
