-- One row per target: each target of a headline indicator (marts.indicators) beside the result for the same
-- region, indicator and year from any document, and each target count beside the result for the same counted
-- noun (metric_key), region, unit and year. The result is the full-year statement published last (by the
-- document's date, then file, then place in the text); earlier statements of it are kept in actual_history.
-- Where only part of the year is reported (1-8月), the latest part-year figure stands in as progress
-- (is_progress) and `met` stays null. `met` (see the YAML description for the rule) compares the result with
-- the target's qualifier.
with indicator_rows as (
    select
        fact_id,
        region,
        indicator,
        indicator as pair_key,
        measure,
        metric,
        fact_type,
        unit,
        ref_year,
        ref_period,
        modality,
        value,
        value_high,
        qualifier,
        mention,
        sentence,
        source_file,
        pub_date,
        position_in_document
    from {{ ref('indicators') }}
),

count_rows as (
    -- counts that are not an indicator pair only on the same counted noun, region, unit and year
    select
        fact_id,
        region,
        null::varchar as indicator,
        'count:' || metric_key || ':' || coalesce(unit, '') as pair_key,
        'level' as measure,
        metric,
        fact_type,
        unit,
        ref_year,
        ref_period,
        modality,
        value,
        value_high,
        qualifier,
        mention,
        sentence,
        source_file,
        pub_date,
        position_in_document
    from {{ ref('int_facts_keyed') }}
    where
        fact_type = 'count'
        and indicator is null
        and metric_key is not null
        and region is not null
        and ref_year is not null
        and value is not null
),

stated as (
    select * from indicator_rows
    union all
    select * from count_rows
),

actuals as (
    select
        *,
        coalesce(ref_period, 'year') = 'year' as full_year,
        row_number() over (
            partition by region, pair_key, ref_year
            order by
                coalesce(ref_period, 'year') = 'year' desc, pub_date desc nulls last, source_file desc,
                position_in_document desc, fact_id asc
        ) as recency
    from stated
    where modality = 'actual'
),

history as (
    select
        region,
        pair_key,
        ref_year,
        list(
            {
                'value': value, 'period': ref_period, 'source_file': source_file, 'pub_date': pub_date,
                'fact_id': fact_id
            }
            order by pub_date, source_file, position_in_document
        ) as actual_history
    from actuals
    where recency > 1
    group by region, pair_key, ref_year
),

paired as (
    select
        t.region,
        t.indicator,
        t.measure,
        t.metric,
        t.fact_type,
        t.unit,
        t.ref_year,
        t.value as target_value,
        t.value_high as target_value_high,
        t.qualifier as target_qualifier,
        t.ref_period as target_period,
        t.mention as target_mention,
        t.sentence as target_sentence,
        t.source_file as target_source_file,
        t.pub_date as target_pub_date,
        t.fact_id as target_fact_id,
        a.value as actual_value,
        a.ref_period as actual_period,
        a.mention as actual_mention,
        a.sentence as actual_sentence,
        a.source_file as actual_source_file,
        a.pub_date as actual_pub_date,
        a.fact_id as actual_fact_id,
        a.fact_id is not null and not a.full_year as is_progress,
        h.actual_history,
        case when t.unit = '%' then 0.5 else 0.05 * abs(t.value) end as tolerance,
        t.measure in ('rate', 'ratio', 'change') as lower_is_better
    from (
        select * from stated
        where modality = 'target'
    ) as t
    left join actuals as a
        on t.region = a.region
        and t.pair_key = a.pair_key
        and t.ref_year = a.ref_year
        and a.recency = 1
    left join history as h
        on t.region = h.region
        and t.pair_key = h.pair_key
        and t.ref_year = h.ref_year
)

select
    region,
    indicator,
    measure,
    metric,
    fact_type,
    unit,
    ref_year,
    target_value,
    target_value_high,
    target_qualifier,
    target_period,
    target_mention,
    target_sentence,
    target_source_file,
    target_pub_date,
    target_fact_id,
    actual_value,
    actual_period,
    actual_mention,
    actual_sentence,
    actual_source_file,
    actual_pub_date,
    actual_fact_id,
    is_progress,
    actual_history,
    case
        when actual_value is null or is_progress then null
        when target_qualifier = '>=' then actual_value >= target_value
        when target_qualifier = '>' then actual_value > target_value
        when target_qualifier = '<=' then actual_value <= target_value
        when target_qualifier = '<' then actual_value < target_value
        when target_qualifier = 'range' and lower_is_better then actual_value <= target_value_high
        when target_qualifier = 'range' then actual_value >= target_value
        when lower_is_better then actual_value <= target_value + tolerance
        else actual_value >= target_value - tolerance
    end as met,
    actual_value - target_value as gap,
    case when target_value <> 0 then actual_value / target_value end as share_of_target
from paired
