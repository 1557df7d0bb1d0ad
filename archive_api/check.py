"""``archive-api index --check``: compare ``documents/`` with the current index and repair it.

Each generation records a digest of every document's files (``sources.json``). The check
finishes interrupted writes (``journal.recover``), then compares the files on disk with
that record and with what the generation really holds (its record store and the
document rows of its Whoosh index):

- ``missing``: a document on disk that the index does not (wholly) hold;
- ``stale``: a document whose files changed since it was indexed;
- ``extra``: a document the index holds whose files are gone.

Repairing re-indexes exactly those documents in one new generation. A document whose
files do not parse is reported as ``invalid`` and left as the index has it. An index that
is missing, or that other code built, is rebuilt whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import open_dir
from whoosh.query import Term

from archive_api import journal
from archive_api.ingest import reload_changes
from archive_api.search.generations import Manifest, build_lock, current_name
from archive_api.search.incremental import Base, Change, updatable_base, update_index
from archive_api.search.indexer import build_index
from archive_api.search.record_store import open_records
from archive_api.store import DocumentStore


@dataclass
class CheckReport:
    """What the check found, and the generation current afterwards."""

    generation: str | None = None  # the generation checked
    recovered: list[str] = field(default_factory=list)  # interrupted writes finished
    removed_files: list[str] = field(default_factory=list)  # leftovers of unfinished writes
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    invalid: dict[str, str] = field(default_factory=dict)  # id -> why it cannot be indexed
    rebuild_reason: str | None = None  # why the whole index had to be (re)built
    repaired: Manifest | None = None  # the new generation, when one was made

    @property
    def found_anything(self) -> bool:
        return bool(
            self.recovered
            or self.removed_files
            or self.missing
            or self.stale
            or self.extra
            or self.invalid
            or self.rebuild_reason
        )

    def lines(self) -> list[str]:
        """One line per finding, for people and for scripts (``kind: detail``)."""
        out = [
            f"recovered: {doc_id} (an interrupted write was finished)" for doc_id in self.recovered
        ]
        out += [f"removed: {name} (left by an unfinished write)" for name in self.removed_files]
        out += [f"missing: {doc_id}" for doc_id in self.missing]
        out += [f"stale: {doc_id}" for doc_id in self.stale]
        out += [f"extra: {doc_id}" for doc_id in self.extra]
        out += [f"invalid: {doc_id}: {why}" for doc_id, why in sorted(self.invalid.items())]
        if self.rebuild_reason:
            out.append(f"rebuild: {self.rebuild_reason}")
        return out


def check_and_repair(
    store: DocumentStore, index_root: Path, *, rebuild: bool = True
) -> CheckReport:
    """Find and fix every difference between the files and the index.

    ``rebuild=False`` leaves an index that needs a whole rebuild alone (it is still
    reported): for callers that must stay quick, such as a server starting.
    """
    store.ids()  # a missing documents directory fails here, before anything is touched
    report = CheckReport()
    with build_lock(index_root):
        recovery = journal.recover(store.root)
        report.recovered, report.removed_files = recovery.completed, recovery.removed
        report.generation = current_name(index_root)
        base = updatable_base(index_root)
        if base is None:
            report.rebuild_reason = (
                "no index has been built"
                if report.generation is None
                else "the index was built by other code or is damaged; it is rebuilt whole"
            )
        else:
            _compare(store, base, report)
            report.repaired = _repair(store, index_root, report)
    if base is None and rebuild:
        report.repaired = build_index(store, index_root)
    return report


def recover_writes(store: DocumentStore, index_root: Path) -> journal.Recovery:
    """Finish interrupted writes to ``documents/`` (under the build lock), nothing else."""
    with build_lock(index_root):
        return journal.recover(store.root)


def _compare(store: DocumentStore, base: Base, report: CheckReport) -> None:
    on_disk = store.sources()
    recorded = set(base.sources)
    records, rows = _held(base.path)
    whole = recorded & records & rows  # held by every part of the generation
    report.missing = sorted(set(on_disk) - whole)
    report.extra = sorted((recorded | records | rows) - set(on_disk))
    report.stale = sorted(
        doc_id for doc_id in set(on_disk) & whole if on_disk[doc_id] != base.sources[doc_id]
    )


def _held(generation: Path) -> tuple[set[str], set[str]]:
    """Ids of the documents in the record store and among the index's document rows."""
    store = open_records(generation, cache_size=0)
    try:
        held = set(store.ids())
    finally:
        store.close()
    index = open_dir(str(generation), readonly=True)
    try:
        with index.searcher() as searcher:
            hits = searcher.search(Term("type", "document"), limit=None)
            rows = {str(hit["document_id"]) for hit in hits}
    finally:
        index.close()
    return held, rows


def _repair(store: DocumentStore, index_root: Path, report: CheckReport) -> Manifest | None:
    """Re-index what the report names, in one generation (the build lock is held)."""
    changes, report.invalid = reload_changes(store, [*report.missing, *report.stale])
    changes.update({doc_id: Change(None) for doc_id in report.extra})
    if not changes:
        return None
    return update_index(index_root, changes)
