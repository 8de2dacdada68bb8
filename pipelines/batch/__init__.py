"""Incremental processing by content: plan batches of new documents, run them anywhere, keep their files."""
