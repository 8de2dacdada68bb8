"""The input-folder sensor on real files: new, changed, renamed and deleted files, and no change."""

import shutil

import dagster as dg
import pytest

from pipelines.defs.resources import PipelinePaths
from pipelines.defs.sensors import input_folder_sensor
from pipelines.ops.watch import decode, diff, folder_state
from tests.conftest import RAW


@pytest.fixture
def folder(tmp_path):
    inp = tmp_path / "input"
    shutil.copytree(RAW, inp)
    return inp


def tick(folder, cursor=None):
    """One evaluation of the sensor with its resource pointed at `folder`."""
    pipeline = PipelinePaths(input_dir=str(folder), warehouse_dir=str(folder.parent / "warehouse"))
    context = dg.build_sensor_context(cursor=cursor, resources={"pipeline": pipeline})
    result = input_folder_sensor(context)
    return result, context.cursor


def test_first_look_builds_then_an_unchanged_folder_does_nothing(folder):
    first, cursor = tick(folder)
    assert isinstance(first, dg.RunRequest) and "5 new" in first.tags["changes"]
    again, same = tick(folder, cursor)
    assert isinstance(again, dg.SkipReason) and same == cursor


def test_new_changed_renamed_and_deleted_files(folder):
    _, cursor = tick(folder)
    sample = sorted(folder.glob("*.txt"))
    shutil.copy(sample[0], folder / "new copy 新.txt")  # same bytes, new name: a copy is new, not a rename
    sample[1].write_bytes(sample[1].read_bytes() + "\n补充一句。".encode())
    sample[2].rename(folder / "renamed.txt")
    sample[3].unlink()
    changes = diff(decode(cursor), folder_state(folder))
    assert changes.changed == [sample[1].name]
    assert changes.renamed == [(sample[2].name, "renamed.txt")]
    assert changes.deleted == [sample[3].name]
    assert changes.new == ["new copy 新.txt"]
    request, new_cursor = tick(folder, cursor)
    assert isinstance(request, dg.RunRequest) and request.tags["changes"] == changes.summary()
    # what the run processes
    assert set(request.tags["files"].split(", ")) == {"new copy 新.txt", sample[1].name}
    assert new_cursor != cursor
