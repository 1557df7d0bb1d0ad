"""Keep the C allocator from handing every search's arrays back to the kernel.

A search builds numpy arrays over every record of the archive (matches, masks, ranks): a
few hundred kilobytes to megabytes each. glibc serves blocks above its mmap threshold
(128 KB at start) with a fresh ``mmap`` and returns them with ``munmap``, so each of them
costs page faults on every search. The threshold only rises by itself after the process
has freed large blocks, which a worker that loads little at start never does (a third of
a warm search's time went there at 46,000 records). Fixing the thresholds once makes
freed blocks stay in the heap for the next search; what stays is bounded by the trim
threshold. On a C library without ``mallopt`` nothing changes.

The price is freed pages that stay resident, at the top of the heap and in holes between
live blocks. The trim threshold keeps the top small (with 64 MB, a worker at a million
records held 100 MB it did not use); :func:`trim_heap` returns the rest when ``resident``
finds a worker over its limit.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 1024 * 1024  # blocks above this still come from mmap
TRIM_THRESHOLD = 8 * 1024 * 1024  # free memory at the top of the heap kept for reuse

_done = False


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


_LIBC = _libc()


def keep_search_memory() -> bool:
    """Set the thresholds once per process; True when the C library took them."""
    global _done
    if _done:
        return True
    mallopt = getattr(_LIBC, "mallopt", None)
    if mallopt is None:
        return False
    took = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    took = bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)) and took
    _done = took
    return took


def trim_heap() -> bool:
    """Give every free page of the heap back to the system (glibc's ``malloc_trim``); False
    on a C library without it."""
    trim = getattr(_LIBC, "malloc_trim", None)
    if trim is None:
        return False
    trim(ctypes.c_size_t(0))
    return True
