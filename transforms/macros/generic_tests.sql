{#- Generic data tests used in the YAML beside the models (no dbt packages needed offline). -#}

{% test expression_is_true(model, expression, where_clause="true") %}
-- rows where the expression does not hold fail the test
select * from {{ model }}
where ({{ where_clause }}) and not coalesce(({{ expression }}), false)
{% endtest %}

{% test value_between(model, column_name, min_value, max_value, where_clause="true") %}
-- a value outside [min_value, max_value] fails the test; nulls pass (not_null is its own test)
select * from {{ model }}
where ({{ where_clause }}) and {{ column_name }} is not null
  and ({{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }})
{% endtest %}

{% test unique_combination(model, columns) %}
-- two rows with the same values of all `columns` fail the test (a key of several columns)
select {{ columns | join(', ') }}, count(*) as n from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
