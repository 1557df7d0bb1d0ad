"""A segment's postings as plain arrays in a file of its own, read without decoding.

Whoosh keeps a term's postings in blocks of 128, each pickled and compressed: reading them
costs about 1.5 µs a posting in Python, so a word found in 700,000 records of an archive
of a million paragraphs costs a second before any scoring. A segment never changes once
written, so it gets one more file beside Whoosh's, named after the segment (Whoosh's
clean-up removes it with the segment) and holding the same postings as arrays: record
numbers (uint32), weights (float32: term frequencies, exact) and word positions (uint16,
or uint32 for a term in a record longer than that).

A term is found by where Whoosh's own postings of it start (its term info's offset), so
the file needs no term dictionary. Its table (offset, block start, postings, positions; 32
bytes a term, sorted; the last field is the number of positions times two, plus one when
they take four bytes) is at the end with every ``SAMPLE``-th offset after it; a reader
keeps only that sample. A lookup is two ``pread`` calls, one for a slice of the table and
one for the term's block. Nothing is memory-mapped, so what a search read does not stay
in the worker's memory: the operating system's page cache holds it for every worker.
"""

from __future__ import annotations

import os
import struct
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

EXTENSION = "arrays"
MAGIC = b"APOST001"
SAMPLE = 128  # table rows per sampled offset: a lookup reads 4 KB of the table
_FOOTER = struct.Struct("<QQQQ8s")  # terms, table offset, sample offset, sample step, magic
_ROW = np.dtype([("key", "<i8"), ("start", "<i8"), ("count", "<i8"), ("positions", "<i8")])
_WIDE = 0xFFFF  # positions beyond this need four bytes


def arrays_path(folder: Path, segment_id: str) -> Path:
    """Where the arrays of the segment ``segment_id`` (``MAIN_<id>``) are kept."""
    return folder / f"{segment_id}.{EXTENSION}"


class ArraysWriter:
    """Writes one segment's arrays, term by term in any order of keys."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: BinaryIO = open(path, "wb")  # noqa: SIM115 - closed by close()/abort()
        self._file.write(MAGIC)
        self._at = len(MAGIC)
        self._rows = array("q")

    def add(
        self,
        key: int,
        docs: Sequence[int] | npt.NDArray[Any],
        weights: Sequence[float] | npt.NDArray[Any],
        positions: Sequence[int] | npt.NDArray[Any] | None,
    ) -> None:
        """A term's postings: record numbers in order, weights, and (for a field that keeps
        them) every posting's positions one after another."""
        ids = _raw(docs, "I", np.uint32)
        block = [ids, _raw(weights, "f", np.float32)]
        held, wide = 0, False
        if positions is not None and len(positions):
            held = len(positions)
            top = positions.max() if isinstance(positions, np.ndarray) else max(positions)
            wide = int(top) > _WIDE
            raw = _raw(positions, "I", np.uint32) if wide else _raw(positions, "H", np.uint16)
            block.append(raw)
            if len(raw) % 4:
                block.append(b"\0\0")
        data = b"".join(block)
        self._rows.extend((key, self._at, len(ids) // 4, held << 1 | int(held and wide)))
        self._file.write(data)
        self._at += len(data)

    def close(self) -> None:
        """Write the table, the sample and the footer; the file is complete."""
        rows = np.frombuffer(self._rows.tobytes(), dtype=_ROW)
        rows = rows[np.argsort(rows["key"], kind="stable")]
        if len(rows) > 1 and not (np.diff(rows["key"]) > 0).all():
            self.abort()
            raise ValueError("two terms of a segment start at the same offset")
        table_at = self._at
        self._file.write(rows.tobytes())
        sample_at = table_at + rows.nbytes
        self._file.write(np.ascontiguousarray(rows["key"][::SAMPLE]).tobytes())
        self._file.write(_FOOTER.pack(len(rows), table_at, sample_at, SAMPLE, MAGIC))
        self._file.close()

    def abort(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


def _raw(values: Sequence[Any] | npt.NDArray[Any], code: str, dtype: type) -> bytes:
    if isinstance(values, np.ndarray):
        return values.astype(dtype, copy=False).tobytes()
    return array(code, values).tobytes()


@dataclass(frozen=True)
class Postings:
    """One term's postings in one segment (record numbers local to the segment)."""

    docs: npt.NDArray[np.uint32]
    weights: npt.NDArray[np.float32]
    positions: npt.NDArray[np.unsignedinteger[Any]]  # empty for a field without positions


_NONE = Postings(
    np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.uint16)
)


class ArraysReader:
    """Reads one segment's arrays; safe to share between threads (positional reads)."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDONLY)
        try:
            size = os.fstat(self._fd).st_size
            if size < len(MAGIC) + _FOOTER.size:
                raise ValueError(f"{path.name} is cut short")
            terms, table_at, sample_at, step, magic = _FOOTER.unpack(
                os.pread(self._fd, _FOOTER.size, size - _FOOTER.size)
            )
            samples = -(-terms // step) if terms else 0
            if magic != MAGIC or step < 1 or sample_at != table_at + terms * _ROW.itemsize:
                raise ValueError(f"{path.name} is not a segment's arrays")
            if sample_at + samples * 8 + _FOOTER.size != size:
                raise ValueError(f"{path.name} is cut short")
            self.terms = terms
            self._table_at = table_at
            self._step = step
            self._sample = np.frombuffer(os.pread(self._fd, samples * 8, sample_at), "<i8")
        except BaseException:
            os.close(self._fd)
            raise

    def postings(self, key: int) -> Postings:
        """The postings of the term whose Whoosh postings start at ``key``."""
        slot = int(np.searchsorted(self._sample, key, side="right")) - 1
        if slot < 0:
            return _NONE
        first = slot * self._step
        count = min(self._step, self.terms - first)
        table = self._read(count * _ROW.itemsize, self._table_at + first * _ROW.itemsize)
        rows = np.frombuffer(table, _ROW)
        at = int(np.searchsorted(rows["key"], key))
        if at == len(rows) or rows["key"][at] != key:
            return _NONE
        start, docs, flags = (int(rows[name][at]) for name in ("start", "count", "positions"))
        held, wide = flags >> 1, flags & 1
        itemsize = 4 if wide else 2
        data = self._read(8 * docs + itemsize * held, start)
        return Postings(
            np.frombuffer(data, np.uint32, docs),
            np.frombuffer(data, np.float32, docs, 4 * docs),
            np.frombuffer(data, np.uint32 if wide else np.uint16, held, 8 * docs),
        )

    def _read(self, size: int, offset: int) -> bytes:
        data = os.pread(self._fd, size, offset)
        if len(data) != size:
            raise OSError(f"short read of a segment's arrays at {offset}")
        return data

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


__all__ = ["EXTENSION", "ArraysReader", "ArraysWriter", "Postings", "arrays_path"]
