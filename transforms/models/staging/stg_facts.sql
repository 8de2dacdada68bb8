select
    fact_id, doc_id, source_file, fact_type,
    value, value_high, value_text, value_high_text,
    unit, qualifier, modality, metric, subject, region, period,
    mention, sentence, sentence_index, char_start, char_end, extractor_version, batch_id
from ({{ current_rows('facts', ['source_file']) }})
