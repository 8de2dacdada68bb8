-- Facts rolled up by region, period and metric, ready for a pivot table: how many numbers, and
-- their range, per region x period x fact type x unit x modality x metric.
select
    coalesce(region, '(none)') as region,
    coalesce(period, '(none)') as period,
    year(pub_date) as pub_year,
    fact_type,
    unit,
    modality,
    coalesce(metric_key, '(none)') as metric_key,
    count(*) as fact_count,
    min(value) as min_value,
    max(value) as max_value,
    avg(value) as avg_value,
    list(distinct source_file order by source_file) as source_files
from {{ ref('int_facts_keyed') }}
where fact_type not in ('date', 'period')
group by all
