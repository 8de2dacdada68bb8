-- Each target beside the latest actual for the same region, metric, type and unit, when there is one.
-- "Latest" is by the document's issue date, then by position in the text (a later sentence reports later).
with keyed as (
    select * from {{ ref('int_facts_keyed') }}
    where value is not null and metric_key is not null and region is not null
),

targets as (
    select * from keyed
    where modality = 'target'
),

actuals as (
    select * from keyed
    where modality = 'actual'
),

latest_actuals as (
    -- the latest actual per key, found once per key: which one is latest does not depend on the target, and
    -- pairing every target with every actual of its key first grew with their product
    select * from (
        select
            a.*,
            row_number() over (
                partition by a.region, a.metric_key, a.fact_type, a.unit
                order by a.pub_date desc nulls last, a.source_file desc, a.position_in_document desc, a.fact_id asc
            ) as recency
        from actuals as a
    ) as ranked
    where recency = 1
)

select
    t.region,
    t.metric,
    t.metric_key,
    t.fact_type,
    t.unit,
    t.value as target_value,
    t.value_high as target_value_high,
    t.qualifier as target_qualifier,
    t.period as target_period,
    t.mention as target_mention,
    t.sentence as target_sentence,
    t.source_file as target_source_file,
    t.pub_date as target_pub_date,
    t.fact_id as target_fact_id,
    a.value as actual_value,
    a.period as actual_period,
    a.mention as actual_mention,
    a.sentence as actual_sentence,
    a.source_file as actual_source_file,
    a.pub_date as actual_pub_date,
    a.fact_id as actual_fact_id,
    a.value - t.value as gap,
    case when t.value <> 0 then a.value / t.value end as share_of_target
from targets as t
left join latest_actuals as a
    on a.region = t.region
    and a.metric_key = t.metric_key
    and a.fact_type = t.fact_type
    and a.unit is not distinct from t.unit
