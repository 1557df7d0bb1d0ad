"""Whoosh 2.7.4's postings blocks read directly, and a segment's arrays made from them.

The build writes each segment's arrays (``segment_arrays``) as it writes the segment. A
segment that Whoosh's own writer made (an incremental update, a merge of small segments)
gets them here, read from its blocks: each block is 128 postings, pickled and compressed,
ids delta-coded, positions pickled per posting. Whoosh is pinned; a test compares what is
read here with Whoosh's own matchers.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from pickle import UnpicklingError, loads
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.system import _INT_SIZE

from archive_api.search.segment_arrays import ArraysReader, ArraysWriter, arrays_path

Floats = npt.NDArray[np.float64]
_PROTO = b"\x80\x02"  # pickle protocol 2, as Whoosh writes positions
_STOP = b"."


def term_offset(leaf: Any, fieldname: str, btext: bytes) -> int | None:
    """Where a term's postings start in a segment's postings file; None: not there."""
    try:
        info = leaf.term_info(fieldname, btext)
    except TermNotFound:
        return None
    offset = info._offset
    if offset is None:
        raise TypeError("postings held inline in a term's entry, not in blocks")
    return int(offset)


def write_segment_arrays(folder: Path, leaf: Any) -> Path:
    """Write the arrays of one segment (a leaf reader) from its Whoosh blocks."""
    path = arrays_path(folder, leaf.segment().segment_id())  # a leaf with terms
    partial = path.with_name(path.name + ".partial")
    writer = ArraysWriter(partial)
    try:
        for fieldname, btext in leaf.all_terms():
            field = leaf.schema[fieldname]
            keeps = isinstance(field.format, Positions)
            offset = term_offset(leaf, fieldname, btext)
            assert offset is not None
            ids: list[npt.NDArray[np.int64]] = []
            weights: list[Floats] = []
            values: list[bytes] = []
            for block_ids, block_weights, block in blocks(
                leaf.postings(fieldname, btext), values=keeps
            ):
                ids.append(block_ids)
                weights.append(block_weights)
                values.extend(block)
            counts = np.concatenate(weights)
            positions = None
            if keeps:
                lengths, positions = decode_positions(values, counts, field.format)
                if not np.array_equal(lengths, counts):
                    raise ValueError(f"{fieldname}: weights are not counts of positions")
            writer.add(offset, np.concatenate(ids), counts, positions)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    partial.replace(path)
    return path


def leaf_arrays(folder: Path, leaf: Any) -> Path | None:
    """Where the arrays of a leaf reader's segment are; None for an index with no segment."""
    segment = leaf.segment()
    return None if segment is None else arrays_path(folder, segment.segment_id())


def check_arrays(folder: Path, reader: Any) -> None:
    """Open the arrays of every segment of ``reader``; raises when one is missing or torn."""
    for leaf, _offset in reader.leaf_readers():
        path = leaf_arrays(folder, leaf)
        if path is not None:
            ArraysReader(path).close()


def write_missing_arrays(folder: Path, reader: Any) -> int:
    """Write the arrays of every segment of ``reader`` (an index in ``folder``) that has
    none; returns how many were written."""
    written = 0
    for leaf, _offset in reader.leaf_readers():
        path = leaf_arrays(folder, leaf)
        if path is not None and not path.exists():
            write_segment_arrays(folder, leaf)
            written += 1
    return written


def decode_positions(
    values: list[bytes], counts: Floats, field_format: Any
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The positions held in postings values: how many in each, and all of them in order.

    Whoosh encodes a value as the count (4 bytes) and a pickled list of gaps between
    positions, and decodes one value per Python call. Here the pickles are joined into one
    pickled list of lists, read in one call, and the gaps summed with numpy. The counts
    (a posting's weight is its number of positions) check the result; should a value be
    encoded any other way, Whoosh's own decoder reads them one by one.
    """
    try:
        if not isinstance(field_format, Positions) or not all(
            value[_INT_SIZE : _INT_SIZE + 2] == _PROTO and value[-1:] == _STOP for value in values
        ):
            raise ValueError("not the encoding read here")
        joined = b"".join([value[_INT_SIZE + 2 : -1] for value in values])
        lists = loads(_PROTO + b"(" + joined + b"l" + _STOP)
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        if len(lists) != len(values) or not np.array_equal(lengths, counts):
            raise ValueError("counts differ")
        gaps = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(lengths.sum()))
    except (ValueError, UnpicklingError, TypeError):
        decoded = [field_format.decode_positions(value) for value in values]
        lengths = np.fromiter(map(len, decoded), dtype=np.int64, count=len(decoded))
        return lengths, np.fromiter(chain.from_iterable(decoded), dtype=np.int64)
    # Positions restart at each posting: a running sum less the sum before its first gap.
    running = np.cumsum(gaps)
    firsts = np.cumsum(lengths) - lengths
    before = running[firsts] - gaps[firsts]
    return lengths, running - np.repeat(before, lengths)


def blocks(
    matcher: Any, *, values: bool = False
) -> Iterable[tuple[npt.NDArray[np.int64], Floats, tuple[Any, ...]]]:
    """A term's postings in one segment, block by block: ids, weights, raw values.

    Reads Whoosh 2.7's on-disk block layout (``W3LeafMatcher``) directly: the codec the
    index is written with never holds postings inline in a term's entry.
    """
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deleted records: left out by the reader's live mask
    if not isinstance(matcher, W3LeafMatcher):
        raise TypeError(f"postings not in Whoosh's block layout: {type(matcher).__name__}")
    while matcher.is_active():
        data = matcher._data
        if data is None:
            raw = matcher._postfile.get(
                matcher._dataoffset, matcher._nextoffset - matcher._dataoffset
            )
            data = loads(zlib.decompress(raw) if matcher._compression else raw)
        deltas, weights_data, values_data = data
        ids = np.cumsum(np.asarray(deltas, dtype=np.int64))
        count = len(ids)
        if weights_data is None:
            weights = np.ones(count, dtype=np.float64)
        elif isinstance(weights_data, float):
            weights = np.full(count, weights_data, dtype=np.float64)
        else:
            weights = np.asarray(weights_data, dtype=np.float64)
        yield ids, weights, (values_data if values else ())
        matcher._next_block()
