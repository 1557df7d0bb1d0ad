"""Build an index generation from the documents directory and switch to it.

This is the only writer. It fills a fresh generation folder next to the live one (a large
build streams the documents through parsing into index segments and the record store, a
part at a time on every core, see ``search.parallel``); the generation is checked by
opening it, flushed to disk, and only then named in ``CURRENT``. A failure removes the
half-built folder and leaves ``CURRENT`` alone, so readers never see a missing or partial
index.
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from whoosh.index import open_dir

import archive_api
from archive_api.errors import IndexUnavailable
from archive_api.search.generations import (
    RECORDS,
    Manifest,
    build_lock,
    current_generation,
    publish,
    read_manifest,
    staged_generation,
    write_sources,
)
from archive_api.search.parallel import Built, write_generation
from archive_api.search.record_store import open_records
from archive_api.search.schema import SCHEMA_VERSION, build_schema
from archive_api.search.whoosh_blocks import check_arrays
from archive_api.store import DocumentStore

Status = Literal["missing", "stale", "fresh"]

# Whoosh's posting pool, for the parts of a build that use it (below this it spills sorted
# runs to disk). The rows themselves go through ``RowWriter``, which keeps postings in
# compact arrays instead: about 600 MB per process for 46,000 records (22 M characters).
WRITER_MEMORY_MB = 256

# Code whose change alters what a generation holds: the parsed model and the index rows.
_CODE_GLOBS = (
    "models.py",
    "parsing/**/*.py",
    "text/**/*.py",
    "text/**/*.txt",
    "text/**/*.tsv",
    "search/schema.py",
    "search/records.py",
    "search/rowwriter.py",
    "search/record_store.py",
    "search/record_writes.py",
)


def code_fingerprint() -> str:
    """A hash of the package files that shape records and analysis (see ``_CODE_GLOBS``)."""
    package = Path(archive_api.__file__).parent
    files = sorted({path for pattern in _CODE_GLOBS for path in package.glob(pattern)})
    digest = hashlib.sha256()
    for path in files:
        content = hashlib.sha256(path.read_bytes()).hexdigest()
        digest.update(f"{path.relative_to(package).as_posix()}\0{content}\n".encode())
    return digest.hexdigest()


def index_status(store: DocumentStore, index_root: Path) -> Status:
    """``missing`` (nothing usable), ``stale`` (documents, schema or code changed) or ``fresh``."""
    try:
        generation = current_generation(index_root)
        manifest = read_manifest(generation) if generation is not None else None
    except IndexUnavailable:
        manifest = None
    if manifest is None:
        return "missing"
    if (
        manifest.schema_version != SCHEMA_VERSION
        or manifest.code_fingerprint != code_fingerprint()
        or manifest.fingerprint != store.fingerprint()
    ):
        return "stale"
    return "fresh"


def build_index(store: DocumentStore, index_root: Path) -> Manifest:
    """Build a new generation from every document and make it current."""
    store.ids()  # a missing documents directory fails here, before the index folder is made
    with build_lock(index_root):
        return _build(store, index_root)


def build_if_stale(store: DocumentStore, index_root: Path) -> tuple[Manifest, bool]:
    """Build only when the index is missing or stale; True when a build happened.

    The check runs under the build lock, so builds started together do the work once.
    """
    store.ids()
    with build_lock(index_root):
        generation = current_generation(index_root)
        if generation is not None and index_status(store, index_root) == "fresh":
            return read_manifest(generation), False
        return _build(store, index_root), True


def _build(store: DocumentStore, index_root: Path) -> Manifest:
    started = time.perf_counter()
    sources = store.sources()  # taken first, like the fingerprint: for per-document checks
    fingerprint = store.fingerprint()  # taken first: a change during the build reads stale
    ids = [doc_id for doc_id in store.ids() if doc_id in sources]

    with staged_generation(index_root) as folder:
        built = _write(folder, store, ids)
        write_sources(folder, sources)
        manifest = Manifest(
            generation=folder.name,
            fingerprint=fingerprint,
            code_fingerprint=code_fingerprint(),
            schema_version=SCHEMA_VERSION,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            documents=built.documents,
            records=built.records,
            counts=built.counts,
            build_seconds=round(time.perf_counter() - started, 3),
        )
        verify_generation(folder, manifest)
        publish(index_root, folder, manifest)
    return manifest


def _write(folder: Path, store: DocumentStore, ids: list[str]) -> Built:
    """The Whoosh index and the record store of the documents ``ids``."""
    return write_generation(folder, build_schema(), store, ids, folder / RECORDS, WRITER_MEMORY_MB)


def verify_generation(folder: Path, manifest: Manifest) -> None:
    """Open the generation the way a reader will; refuse to switch to one that fails."""
    index = open_dir(str(folder), readonly=True)
    try:
        with index.searcher() as searcher:
            found = searcher.doc_count()
            check_arrays(folder, searcher.reader())
    finally:
        index.close()
    if found != manifest.records:
        raise RuntimeError(f"index holds {found} records, {manifest.records} were written")
    open_records(folder, cache_size=0, documents=manifest.documents).close()
