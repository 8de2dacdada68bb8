{#- A row with status 'started' in meta.builds before any model changes, so a build that fails half-way leaves
    a mark in the live warehouse: its last row is not 'built' or 'published', and readers of the published copy
    can tell that the two differ. The model meta.builds replaces the row when the build gets that far.
    Nothing happens on the first build (no table yet) or before the table has its status column. -#}
{% macro mark_build_started() %}
    {%- if execute -%}
        {%- set rel = adapter.get_relation(database=target.database, schema='meta', identifier='builds') -%}
        {%- if rel is not none and 'status' in (adapter.get_columns_in_relation(rel) | map(attribute='name') | list) -%}
            insert into {{ rel }} (build_id, started_at, status)
            select m.build_id, m.started_at, 'started'
            from ({{ this_build() }}) as m
            where m.build_id not in (select b.build_id from {{ rel }} as b);
            commit;  -- dbt rolls back what a project hook leaves uncommitted
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
