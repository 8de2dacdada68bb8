"""Developer tools that are not part of the pipeline: the benchmark and the segmenter agreement study."""
