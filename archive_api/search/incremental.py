"""Re-index a few documents without a rebuild: a new generation sharing the current files.

The new generation folder starts as hard links to the current generation's Whoosh files.
Whoosh 2.7.4 never writes into a file that exists as long as names do not repeat: a
segment's files get a fresh name (drawn here so that it cannot repeat), each commit writes
a new ``_MAIN_<n>.toc`` under a temporary name and renames it into place (refusing an
existing name), deletions live in that new table of contents, and a merge writes its
documents into the new segment and unlinks the old names. Unlinking a name in the new folder
leaves the current generation's link, so its readers are undisturbed. The writer's lock
file is the only file Whoosh opens for writing whatever exists; it is not linked.

The document's rows are deleted by ``document_id`` and added again, and the segments
Whoosh wrote get their arrays (``segment_arrays``; the shared segments' arrays are linked
like their other files); the record store's base is linked too and only the changed
documents are written, into its delta (``record_store``); ``sources.json`` and the
manifest are written fresh. Then, exactly as a full build, the
generation is opened to check it, flushed, and named in ``CURRENT``. Callers hold the build
lock. A generation this code did not build (other schema, other code, or no per-document
sources) cannot be updated: ``update_index`` says so and the caller rebuilds instead.
"""

from __future__ import annotations

import secrets
import sqlite3
import string
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3Segment
from whoosh.index import open_dir

from archive_api.errors import IndexUnavailable
from archive_api.models import Document
from archive_api.search.generations import (
    MANIFEST,
    RECORDS,
    RECORDS_DELTA,
    SOURCES,
    Manifest,
    current_generation,
    publish,
    read_manifest,
    read_sources,
    share_file,
    staged_generation,
    write_sources,
)
from archive_api.search.indexer import code_fingerprint, verify_generation
from archive_api.search.record_store import RecordStore, open_records
from archive_api.search.record_writes import update_records
from archive_api.search.records import checked_rows, count_types, document_rows
from archive_api.search.rowwriter import SEPARATE_FILES
from archive_api.search.schema import SCHEMA_VERSION
from archive_api.search.whoosh_blocks import check_arrays, write_missing_arrays
from archive_api.store import sources_fingerprint

# A handful of documents: far below the full build's pool, so no spill to disk.
WRITER_MEMORY_MB = 64

# Files of a generation that are rewritten, never shared, and Whoosh's lock file.
_NOT_LINKED = frozenset({MANIFEST, RECORDS, RECORDS_DELTA, SOURCES})
_SEGMENT_CHARS = string.ascii_lowercase + string.digits  # as Whoosh's own names


@dataclass(frozen=True)
class Change:
    """The new state of one document: its parsed model and source digest, or None: gone."""

    document: Document | None
    source: str | None = None


@dataclass(frozen=True)
class Base:
    """The current generation, when it can be updated."""

    path: Path
    manifest: Manifest
    sources: dict[str, str]


def updatable_base(index_root: Path) -> Base | None:
    """The current generation if it was built by this code with per-document sources and
    its record store holds what its manifest says."""
    try:
        path = current_generation(index_root)
        if path is None:
            return None
        manifest = read_manifest(path)
    except IndexUnavailable:
        return None
    if manifest.schema_version != SCHEMA_VERSION or manifest.code_fingerprint != code_fingerprint():
        return None
    sources = read_sources(path)
    if sources is None or not _store_holds(path, manifest.documents) or not _arrays_held(path):
        return None
    return Base(path, manifest, sources)


def _arrays_held(generation: Path) -> bool:
    try:
        index = open_dir(str(generation), readonly=True)
    except Exception:
        return False
    try:
        with index.reader() as reader:
            check_arrays(generation, reader)
    except (OSError, ValueError):
        return False
    finally:
        index.close()
    return True


def _store_holds(generation: Path, documents: int) -> bool:
    try:
        open_records(generation, cache_size=0, documents=documents).close()
    except (OSError, ValueError, sqlite3.Error):
        return False
    return True


def update_index(index_root: Path, changes: Mapping[str, Change]) -> Manifest | None:
    """Apply ``changes`` in a new generation and switch to it; None when a rebuild is needed.

    Call with the build lock held. With no changes the current generation stays current.
    """
    base = updatable_base(index_root)
    if base is None:
        return None
    if not changes:
        return base.manifest
    started = time.perf_counter()
    with staged_generation(index_root) as folder:
        _link_files(base.path, folder)
        sources = dict(base.sources)
        counts = Counter(base.manifest.counts)
        store = open_records(base.path, cache_size=0)
        try:
            held = _update_whoosh(folder, changes, store, sources, counts)
        finally:
            store.close()
        added = [change.document for change in changes.values() if change.document is not None]
        update_records(base.path, folder, sorted(changes), added)
        write_sources(folder, sources)
        manifest = Manifest(
            generation=folder.name,
            fingerprint=sources_fingerprint(sources),
            code_fingerprint=base.manifest.code_fingerprint,
            schema_version=SCHEMA_VERSION,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            documents=held,
            records=sum(counts.values()),
            counts=dict(sorted((kind, n) for kind, n in counts.items() if n > 0)),
            build_seconds=round(time.perf_counter() - started, 3),
        )
        verify_generation(folder, manifest)
        publish(index_root, folder, manifest)
    return manifest


def _link_files(source: Path, target: Path) -> None:
    for path in source.iterdir():
        name = path.name
        if name in _NOT_LINKED or name.startswith(".") or name.endswith("WRITELOCK"):
            continue
        if path.is_file():
            share_file(path, target / name)


class _FreshSegmentCodec(W3Codec):  # type: ignore[misc]
    """Whoosh's codec, naming the new segment so that it can never reuse a shared file.

    Whoosh draws segment names from the process-wide ``random``, whose state may repeat
    (a seeded test, a copied process); a repeated name would open a file that the current
    generation shares for writing. The name here comes from ``secrets`` and is checked
    against the folder. The segment records a plain ``W3Codec``, so the index on disk is
    exactly what Whoosh itself writes.
    """

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        taken = list(storage.list())
        while True:
            segid = "".join(secrets.choice(_SEGMENT_CHARS) for _ in range(16))
            prefix = f"{indexname}_{segid}"
            if not any(name.startswith(prefix) for name in taken):
                return W3Segment(W3Codec(), indexname, segid=segid)


def _update_whoosh(
    folder: Path,
    changes: Mapping[str, Change],
    store: RecordStore,
    sources: dict[str, str],
    counts: Counter[str],
) -> int:
    """Delete each changed document's rows and add its new ones, in one commit; returns
    how many documents the new generation holds."""
    held = len(store)
    index = open_dir(str(folder))
    writer = index.writer(
        procs=1, limitmb=WRITER_MEMORY_MB, codec=_FreshSegmentCodec(), compound=SEPARATE_FILES
    )
    try:
        for doc_id, change in sorted(changes.items()):
            old = store.get(doc_id)
            if old is not None:
                counts.subtract(count_types(document_rows(old)))
                held -= 1
            sources.pop(doc_id, None)
            writer.delete_by_term("document_id", doc_id)
            if change.document is None:
                continue
            if change.source is None:
                raise ValueError(f"no source digest for {doc_id!r}")
            rows = checked_rows(change.document)
            for row in rows:
                writer.add_document(**{k: v for k, v in row.items() if v is not None})
            counts.update(count_types(rows))
            held += 1
            sources[doc_id] = change.source
    except BaseException:
        writer.cancel()
        index.close()
        raise
    writer.commit()
    try:
        with index.reader() as reader:  # the new segment, and any merged from small ones
            write_missing_arrays(folder, reader)
    finally:
        index.close()
    return held
