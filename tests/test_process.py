"""The batch function's garbage-collector policy: set while a batch runs, restored after, even on error."""

import gc

import pytest

from pipelines.batch.process import fewer_collections


def test_the_collector_threshold_is_raised_for_a_batch_and_restored():
    before = gc.get_threshold()
    with fewer_collections((50_000, 20, 100)):
        assert gc.get_threshold() == (50_000, 20, 100)
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_collections((50_000, 20, 100)):
        raise RuntimeError("a document failed")
    assert gc.get_threshold() == before
