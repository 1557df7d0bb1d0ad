"""A build that streams: documents parsed and indexed a slice at a time, on every core.

Parsing and indexing are pure Python, so threads would share one core. The documents are
cut into contiguous parts of about ``PART_BYTES`` of text (at least one per process), and
forked worker processes (``fork``: nothing is pickled on the way in) each take parts in
turn: a part's documents are read and parsed one by one, their rows go to a Whoosh
segment of the part's own and the documents to a record store file of the part's own,
and nothing of a part stays in memory once its segment is written. The parent, which
holds the index lock, then commits the table of contents naming every segment in part
order (so records are numbered as a one-process build numbers them) and joins the part
stores into the generation's store. Small builds (the tests, a handful of documents) stay
in one process and give one segment.

Memory is bounded by the part size, not by the archive: a segment writer keeps its
postings in memory until the segment is written, about 27 bytes per character of text.
A query reads each segment's posting lists in turn; a few segments cost a query little.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from whoosh.index import create_in

from archive_api.errors import ParseError
from archive_api.models import Document
from archive_api.search.record_writes import StoreWriter, merge_stores
from archive_api.search.records import checked_rows, count_types
from archive_api.search.rowwriter import RowWriter, add_rows
from archive_api.store import DocumentStore

MAX_PROCESSES = 2
PART_BYTES = 96_000_000  # text per segment: about 2.6 GB of postings in its writer
PARALLEL_BYTES = 8_000_000  # less text than this: one process, one segment
PARALLEL_DOCUMENTS = 200  # fewer documents than this: parsed in this process
# Documents per part at most: a segment's ``document_id`` column (Whoosh's RefBytesColumn)
# holds at most 65,535 distinct values and silently drops any beyond.
PART_DOCUMENTS = 50_000
_PART_STORE = ".part-{:04d}.sqlite"


@dataclass(frozen=True)
class Built:
    """What a build wrote into a generation."""

    documents: int
    counts: dict[str, int]  # records per type
    segments: int

    @property
    def records(self) -> int:
        return sum(self.counts.values())


def processes(count: int, threshold: int) -> int:
    """How many processes a job of ``count`` items gets (1 without ``fork``)."""
    if count < threshold or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(MAX_PROCESSES, os.cpu_count() or 1))


def parse_all(store: DocumentStore, workers: int | None = None) -> list[Document]:
    """``store.load_all()``, in ``workers`` processes when there are many documents."""
    ids = store.ids()
    count = workers or processes(len(ids), PARALLEL_DOCUMENTS)
    if count <= 1:
        return [store.load(doc_id) for doc_id in ids]
    context = multiprocessing.get_context("fork")
    with context.Pool(count) as pool:
        return pool.map(store.load, ids, chunksize=max(1, len(ids) // (count * 8)))


def split_parts(
    ids: Sequence[str], sizes: Sequence[int], parts: int, most: int = PART_DOCUMENTS
) -> list[list[str]]:
    """``ids`` cut, in order, into about ``parts`` runs of about equal total size, none of
    more than ``most`` documents (then there are more runs)."""
    total = sum(sizes)
    out: list[list[str]] = [[]]
    done = 0
    for doc_id, size in zip(ids, sizes, strict=True):
        due = done >= total * len(out) / parts and len(out) < parts
        if out[-1] and (due or len(out[-1]) >= most):
            out.append([])
        out[-1].append(doc_id)
        done += size
    return [part for part in out if part]


def write_generation(
    folder: Path,
    schema: Any,
    store: DocumentStore,
    ids: Sequence[str],
    records: Path,
    memory_mb: int,
    *,
    workers: int | None = None,
    part_bytes: int = PART_BYTES,
) -> Built:
    """Create in ``folder`` the Whoosh index of the documents ``ids`` of ``store`` and their
    record store at ``records``, part by part (see the module)."""
    sizes = [_size(store, doc_id) for doc_id in ids]
    total = sum(sizes)
    count = workers or processes(total, PARALLEL_BYTES)
    wanted = max(count, -(-total // part_bytes)) if total > PARALLEL_BYTES or workers else 1
    parts = split_parts(ids, sizes, wanted) or [[]]
    index = create_in(str(folder), schema)
    parent = RowWriter(index, limitmb=memory_mb)  # holds the lock; adds nothing itself
    part_stores = [folder / _PART_STORE.format(n) for n in range(len(parts))]
    try:
        if count <= 1 or len(parts) == 1:
            results = [
                _write_part(index, store, part, path, memory_mb)
                for part, path in zip(parts, part_stores, strict=True)
            ]
        else:
            results = _in_processes(index, store, parts, part_stores, memory_mb, count)
        segments = [segment for segment, documents, _ in results if documents]
        if len({segment.segment_id() for segment in segments}) != len(segments):
            raise RuntimeError("two index segments were given the same name")
        documents = merge_stores(records, part_stores)
    except BaseException:
        parent.cancel()
        index.close()
        for path in part_stores:
            path.unlink(missing_ok=True)
        raise
    parent._close_segment()  # nothing of its own: its empty files are cleaned below
    parent._commit_toc(segments)
    parent._finish()
    index.close()
    counts: Counter[str] = Counter()
    for _, _, part_counts in results:
        counts.update(part_counts)
    return Built(documents, dict(sorted(counts.items())), len(segments))


def _size(store: DocumentStore, doc_id: str) -> int:
    try:
        return store.text_path(doc_id).stat().st_size
    except OSError:
        return 0  # gone since it was listed: reading it reports why


Result = tuple[Any, int, dict[str, int]]  # the segment, documents, records per type


def _write_part(
    index: Any, store: DocumentStore, ids: Sequence[str], path: Path, memory_mb: int
) -> Result:
    """One part: every document read, parsed and added to a segment and a store file."""
    # On a failure the writer is left as it is: cancelling it would remove the temporary
    # folder it shares with the parent's writer, and the whole generation folder goes.
    writer = RowWriter(index, _lk=False, limitmb=memory_mb)
    counts: Counter[str] = Counter()
    with StoreWriter(path) as records:
        for doc_id in ids:
            doc = store.load(doc_id)
            rows = checked_rows(doc)
            add_rows(writer, rows)
            records.add(doc)
            counts.update(count_types(rows))
    return writer._finalize_segment(), len(ids), dict(counts)


def _in_processes(
    index: Any,
    store: DocumentStore,
    parts: list[list[str]],
    paths: list[Path],
    memory_mb: int,
    count: int,
) -> list[Result]:
    """Part ``n`` is written by process ``n % count``; the results in part order."""
    context = multiprocessing.get_context("fork")
    children: list[tuple[Any, Connection]] = []
    try:
        for first in range(count):
            receive, send = context.Pipe(duplex=False)
            mine = list(range(first, len(parts), count))
            child = context.Process(
                target=_child, args=(index, store, parts, paths, mine, memory_mb, send)
            )
            child.start()
            send.close()
            children.append((child, receive))
        results: dict[int, Result] = {}
        for child, receive in children:
            results.update(_result(child, receive))
    except BaseException:
        for child, _ in children:
            if child.is_alive():
                child.terminate()
            child.join()
        raise
    return [results[n] for n in range(len(parts))]


def _result(child: Any, receive: Connection) -> dict[int, Result]:
    try:
        status, *payload = receive.recv()
    except EOFError:
        child.join()
        raise RuntimeError(f"an indexing process died (exit code {child.exitcode})") from None
    finally:
        receive.close()
    child.join()
    if status == "parse":
        raise ParseError(*payload)
    if status != "ok":
        raise RuntimeError(f"an indexing process failed:\n{payload[0]}")
    done: dict[int, Result] = payload[0]
    return done


def _child(
    index: Any,
    store: DocumentStore,
    parts: list[list[str]],
    paths: list[Path],
    mine: list[int],
    memory_mb: int,
    send: Connection,
) -> None:
    """In a forked child: write the parts ``mine`` and send their segments back."""
    try:
        done = {n: _write_part(index, store, parts[n], paths[n], memory_mb) for n in mine}
        send.send(("ok", done))
    except ParseError as exc:
        send.send(("parse", exc.message, exc.source))
    except BaseException:
        send.send(("error", traceback.format_exc()))
    finally:
        send.close()
