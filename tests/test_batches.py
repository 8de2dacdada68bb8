"""Batch planning: runs of consecutive doc_ids, balanced by characters, one per worker at least."""

from pipelines.batch.plan import chunk


def test_batches_are_runs_of_consecutive_ids_balanced_by_characters():
    sizes = {f"d{i:03d}": 100 + (i * 37) % 900 for i in range(300)}
    groups = chunk(sizes, target_chars=20_000)
    assert [d for g in groups for d in g] == sorted(sizes)  # every document once, in id order
    loads = [sum(sizes[d] for d in g) for g in groups]
    assert len(groups) == -(-sum(sizes.values()) // 20_000)
    assert max(loads) - min(loads) <= 2 * max(sizes.values())


def test_every_worker_gets_a_batch_even_when_one_document_is_most_of_the_text():
    sizes = {"a": 1, "b": 1, "c": 10_000}
    assert chunk(sizes, target_chars=10**9, min_batches=3) == [("a",), ("b",), ("c",)]
    assert chunk(sizes, target_chars=10**9, min_batches=2) == [("a", "b"), ("c",)]
    assert chunk({"x": 5}, min_batches=4) == [("x",)] and chunk({}) == []
