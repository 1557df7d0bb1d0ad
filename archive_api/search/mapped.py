"""Open an index generation for reading through memory maps that nothing copies.

Whoosh reads a segment through small reads: a term lookup is a binary search of a few
bytes at a time, a posting list a block at a time. Through a plain file each read is a
seek and a system call (a date range probes hundreds of terms); a compound segment is
mapped, but Whoosh copies each part of it into a private buffer (``BufferFile``), so every
worker would hold the whole index. Here every file of the index is mapped read-only and
read where it is: a read is a slice of the map, and the pages belong to the operating
system's cache, shared by every worker and given back under memory pressure. The pages a
worker has read stay mapped into it until :meth:`MappedStorage.release_pages` unmaps them
(``resident`` calls it when the worker's resident set is over its limit).
"""

from __future__ import annotations

import mmap
import os
import threading
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile


class _MappedFile(BufferFile):  # type: ignore[misc]
    """A ``BufferFile`` over a memory map: ``get`` slices it, ``read`` and ``seek`` move
    through it, nothing is copied beyond what a read returns."""

    def __init__(self, mapped: mmap.mmap, name: str) -> None:
        self._buf = mapped
        self._name = name
        self.file = mapped
        self.onclose = None
        self.is_real = False
        self.is_closed = False

    def close(self) -> None:
        if not self.is_closed:
            self.is_closed = True
            self._buf.close()


class MappedStorage(FileStorage):  # type: ignore[misc]
    """A read-only ``FileStorage`` whose files are opened as memory maps."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(str(path), readonly=True)
        self._maps: list[mmap.mmap] = []
        self._maps_lock = threading.Lock()

    def open_file(self, name: str, **kwargs: Any) -> Any:
        with open(self._fpath(name), "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:  # an empty file cannot be mapped
                return super().open_file(name, **kwargs)
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        with self._maps_lock:
            self._maps = [held for held in self._maps if not held.closed]
            self._maps.append(mapped)
        return _MappedFile(mapped, name)

    def release_pages(self) -> None:
        """Unmap the pages read so far from this process; they stay in the page cache, and a
        later read maps them again. Safe while other threads read (they fault them back)."""
        with self._maps_lock:
            maps = list(self._maps)
        for mapped in maps:
            try:
                mapped.madvise(mmap.MADV_DONTNEED)
            except (ValueError, OSError):  # closed meanwhile
                continue


def open_mapped(path: Path | str) -> Any:
    """The Whoosh index in ``path``, for reading only, through memory maps."""
    return MappedStorage(path).open_index()
