{#- Use the configured schema name as is (`marts`, `staging`), not `<target>_<schema>`:
    analysts and BI tools query `marts.facts`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
