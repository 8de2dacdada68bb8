-- One row per statement of a headline indicator for a region and year (FACTS.md section 5): a fact with an
-- indicator, a region and a reference year that is a year or a part of one (a span such as a five-year plan's
-- 2021-2025 is not one year). A decrease is negative (下降3%以上 -> -3 with <=). A document that states the
-- same value for the same region, indicator, year, period and modality twice (the targets paragraph, then a
-- work section) makes one row: the first written. A number that states two indicators whose names share it
-- (甲、乙增长X%: the fact's also_indicators) makes a row for each: the key is (fact_id, indicator).
with named as (
    select
        f.* exclude (indicator, also_indicators),
        unnest(list_prepend(f.indicator, coalesce(f.also_indicators, []::varchar[]))) as indicator
    from {{ ref('int_facts_keyed') }} as f
    where f.indicator is not null
),

stated as (
    select
        f.*,
        case
            when f.direction = -1 then -coalesce(f.value_high, f.value) else f.value
        end as signed_value,
        case
            when f.direction = -1 and f.value_high is not null then -f.value else f.value_high
        end as signed_value_high,
        case
            when f.direction = -1 and f.qualifier = '>=' then '<='
            when f.direction = -1 and f.qualifier = '>' then '<'
            when f.direction = -1 and f.qualifier = '<=' then '>='
            when f.direction = -1 and f.qualifier = '<' then '>'
            else f.qualifier
        end as signed_qualifier
    from named as f
    where
        f.ref_year is not null
        and f.region is not null
        and f.value is not null
        and not regexp_matches(coalesce(f.ref_period, ''), '^\d{4}-\d{4}$')
),

numbered as (
    select
        *,
        row_number() over (
            partition by
                doc_id, region, indicator, ref_year, ref_period, modality, signed_value, signed_value_high
            order by char_start, fact_id
        ) as repeat_no
    from stated
)

select
    fact_id,
    region,
    indicator,
    measure,
    ref_year,
    ref_period,
    modality,
    fact_type,
    metric,
    signed_value as value,  -- noqa: RF04
    signed_value_high as value_high,
    signed_qualifier as qualifier,
    unit,
    source_file,
    pub_date,
    mention,
    sentence,
    char_start,
    position_in_document
from numbered
where repeat_no = 1
