"""A worker's resident memory, kept near what it holds live.

Beyond its live objects and bounded caches, a worker's resident set gathers two kinds of
pages it does not need. Pages of index files read through memory maps stay mapped into the
worker after a search, though the operating system's page cache holds them for every
worker anyway (at a million records a query mix maps some 70 MB of term dictionaries).
And glibc's allocator keeps freed heap pages in the holes between live blocks: a search at
that size allocates and frees tens of megabytes of arrays, and the holes reached 100 MB.

After a response, :class:`ResidentLimit` looks at the resident size (one read of
``/proc/self/statm``); only above its limit does it unmap those file pages (they stay in the
page cache, a later read maps them again without touching the disk) and return the free
heap pages (``malloc_trim``). Where neither is known (no ``/proc``, no glibc) it does nothing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from archive_api.search.allocator import trim_heap

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MB = 1024 * 1024


def resident_bytes() -> int | None:
    """This process's resident set size; None where the system does not say."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class ResidentLimit:
    """Settles the resident set back under ``limit`` bytes when it has grown past it.

    ``release`` unmaps what can be read again (the index's mapped pages). When what stays
    after settling is still above the limit (live memory alone exceeds it), the next settle
    waits until the set has grown by another eighth of the limit, so that a worker whose
    caches fill its budget does not pay for a trim after every request.
    """

    def __init__(self, limit: int, release: Callable[[], None]) -> None:
        if limit < 1:
            raise ValueError("the resident limit must be positive")
        self.limit = limit
        self._release = release
        self._threshold = limit
        self._lock = threading.Lock()
        self.settled = 0  # times settled, for tests and logs

    def settle(self) -> bool:
        """Settle if over the limit; True when it did."""
        now = resident_bytes()
        if now is None or now <= self._threshold:
            return False
        if not self._lock.acquire(blocking=False):
            return False  # another thread is settling
        try:
            self._release()  # cheap to undo: the pages are in the page cache
            after = resident_bytes() or 0
            if after > self.limit:  # the heap's free pages come back only as fresh zeroes
                trim_heap()
                after = resident_bytes() or 0
            self.settled += 1
            self._threshold = self.limit if after <= self.limit else after + self.limit // 8
            return True
        finally:
            self._lock.release()


__all__ = ["MB", "ResidentLimit", "resident_bytes"]
