"""Settling a worker's resident memory: index pages unmapped, the heap trimmed, and only
when the resident set is over its limit."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from archive_api.search.allocator import trim_heap
from archive_api.search.generations import current_generation
from archive_api.search.resident import MB, ResidentLimit, resident_bytes
from archive_api.search.searcher import Archive

if TYPE_CHECKING:
    from tests.conftest import BuiltIndex

pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="needs Linux's /proc")


def _mapped_kb(folder: Path) -> int:
    """Resident kilobytes of this process's maps of files in ``folder``."""
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()
        if head and "-" in head[0] and not head[0].endswith(":"):
            inside = len(head) > 5 and head[5].startswith(str(folder))
        elif inside and line.startswith("Rss:"):
            total += int(head[1])
    return total


def test_the_resident_size_is_read() -> None:
    size = resident_bytes()
    assert size is not None and size > MB
    assert trim_heap() is True  # glibc, as on every machine this runs on


def test_under_its_limit_nothing_is_released() -> None:
    released: list[int] = []
    limit = ResidentLimit(1024 * 1024 * MB, lambda: released.append(1))
    assert limit.settle() is False
    assert released == [] and limit.settled == 0


def test_over_its_limit_it_releases_and_waits_for_more_growth() -> None:
    released: list[int] = []
    limit = ResidentLimit(MB, lambda: released.append(1))  # far below any process
    assert limit.settle() is True
    assert released == [1] and limit.settled == 1
    # Still over (live memory alone is more): the next settle waits for another eighth.
    assert limit.settle() is False
    grown = bytearray(8 * MB)  # zeroed pages, resident once written
    grown[::4096] = b"x" * len(grown[::4096])
    assert limit.settle() is True
    assert released == [1, 1]
    del grown


def test_a_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        ResidentLimit(0, lambda: None)


def test_an_archive_unmaps_its_index_pages_and_searches_on(
    built_index: BuiltIndex, tmp_path: Path
) -> None:
    index = tmp_path / "index"  # a copy no other reader of this process maps
    shutil.copytree(built_index.index_dir, index)
    folder = current_generation(index)
    assert folder is not None
    archive = Archive(index, reload_interval=3600, memory_mb=1)
    try:
        before = archive.search("Çiçerin", per_page=50)
        assert before.total > 0
        assert _mapped_kb(folder) > 0  # what the search read is mapped into this process
        assert archive.settle_memory() is True
        assert archive.settles == 1
        assert _mapped_kb(folder) == 0  # unmapped here; still in the page cache
        after = archive.search("Çiçerin", per_page=50)
        assert [(hit.id, hit.score) for hit in after.hits] == [
            (hit.id, hit.score) for hit in before.hits
        ]
    finally:
        archive.close()


def test_an_archive_without_a_limit_never_settles(built_index: BuiltIndex) -> None:
    archive = Archive(built_index.index_dir, reload_interval=3600)
    try:
        archive.search("Çiçerin")
        assert archive.settle_memory() is False
        assert archive.settles == 0
    finally:
        archive.close()
