"""Atomic file and folder replacement."""

import pytest

from framing.atomic import atomic_file, replace_dir


def test_atomic_file_replaces_on_success_and_keeps_old_on_error(tmp_path):
    target = tmp_path / "out.txt"
    with atomic_file(target) as handle:
        handle.write("first")
    assert target.read_text() == "first"
    with pytest.raises(RuntimeError):
        with atomic_file(target) as handle:
            handle.write("half")
            raise RuntimeError("interrupted")
    assert target.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_replace_dir_swaps_whole_folder(tmp_path):
    target = tmp_path / "model"
    with replace_dir(target) as tmp:
        (tmp / "a").write_text("1")
    with pytest.raises(KeyboardInterrupt):
        with replace_dir(target) as tmp:
            (tmp / "a").write_text("2")
            raise KeyboardInterrupt
    assert (target / "a").read_text() == "1"
    with replace_dir(target) as tmp:
        (tmp / "b").write_text("3")
    assert sorted(p.name for p in target.iterdir()) == ["b"]
    assert [p.name for p in tmp_path.iterdir()] == ["model"]
