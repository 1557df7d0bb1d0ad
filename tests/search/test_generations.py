from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from archive_api.errors import IndexUnavailable
from archive_api.search.generations import (
    CURRENT,
    MANIFEST,
    Manifest,
    build_lock,
    current_generation,
    current_name,
    generation_names,
    is_generation_name,
    new_generation_name,
    prune,
    read_manifest,
    switch_to,
    write_manifest,
)

MANIFEST_EXAMPLE = Manifest(
    generation="gen-19200423T000000000000-abcdef",
    fingerprint="f" * 64,
    code_fingerprint="c" * 64,
    schema_version=1,
    created_at="1920-04-23T00:00:00+00:00",
    documents=1,
    records=3,
    build_seconds=0.5,
    counts={"document": 1, "letter": 2},
)


def _generation(root: Path, complete: bool = True) -> str:
    name = new_generation_name()
    (root / name).mkdir(parents=True)
    if complete:
        write_manifest(root / name, MANIFEST_EXAMPLE)
    return name


def test_names_sort_by_creation_time() -> None:
    first = new_generation_name()
    time.sleep(0.002)
    second = new_generation_name()
    assert is_generation_name(first) and is_generation_name(second)
    assert first < second
    assert not is_generation_name("gen-../../etc")


def test_manifest_round_trips_through_json(tmp_path: Path) -> None:
    write_manifest(tmp_path, MANIFEST_EXAMPLE)
    assert read_manifest(tmp_path) == MANIFEST_EXAMPLE


@pytest.mark.parametrize("content", ["", "[]", "{}", '{"generation": "x"}', "\xff"])
def test_a_broken_manifest_makes_the_index_unavailable(tmp_path: Path, content: str) -> None:
    (tmp_path / MANIFEST).write_text(content, encoding="latin-1")
    with pytest.raises(IndexUnavailable):
        read_manifest(tmp_path)


def test_switch_points_current_at_the_generation(tmp_path: Path) -> None:
    assert current_generation(tmp_path) is None
    name = _generation(tmp_path)
    switch_to(tmp_path, name)
    assert (tmp_path / CURRENT).read_text() == f"{name}\n"
    assert current_generation(tmp_path) == tmp_path / name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([CURRENT, name])


def test_switch_refuses_what_is_not_a_generation(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        switch_to(tmp_path, new_generation_name())  # no such folder
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(ValueError):
        switch_to(tmp_path, "elsewhere")


def test_current_ignores_garbage_and_missing_folders(tmp_path: Path) -> None:
    (tmp_path / CURRENT).write_text("../../etc\n")
    assert current_name(tmp_path) is None
    (tmp_path / CURRENT).write_text(new_generation_name())
    assert current_name(tmp_path) is not None
    assert current_generation(tmp_path) is None  # named but not there


def test_prune_keeps_the_current_and_two_before_it(tmp_path: Path) -> None:
    names = []
    for _ in range(5):
        names.append(_generation(tmp_path))
        time.sleep(0.002)
    switch_to(tmp_path, names[-1])
    removed = prune(tmp_path)
    assert sorted(removed) == names[:2]
    assert generation_names(tmp_path) == names[2:]


def test_prune_removes_leftovers_of_dead_builds(tmp_path: Path) -> None:
    old = _generation(tmp_path)
    dead = _generation(tmp_path, complete=False)
    current = _generation(tmp_path)
    switch_to(tmp_path, current)
    (tmp_path / ".CURRENT.tmp-1234").write_text("x")
    assert prune(tmp_path) == [dead]
    assert generation_names(tmp_path) == [old, current]
    assert not (tmp_path / ".CURRENT.tmp-1234").exists()


def test_a_second_build_waits_for_the_lock(tmp_path: Path) -> None:
    events: list[str] = []

    def second() -> None:
        with build_lock(tmp_path):
            events.append("second")

    with build_lock(tmp_path):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.2)  # time for the second thread to reach the lock and block
        events.append("first done")
    thread.join(5)
    assert events == ["first done", "second"]
