"""Adding, replacing and removing documents: validate, write the files, update the index.

Request-free: the HTTP layer and the command line call the same functions. A write goes
through these steps, each only when the one before succeeded:

1. ``prepare`` checks everything about the input before anything is written: strict UTF-8,
   size, metadata types (the rules of ``<id>.json``), the id's characters, and a full parse
   of the text into its records. Bad input raises ``InvalidDocument`` (or
   ``DocumentTooLarge``) and nothing changes.
2. Under the index build lock (one writer at a time, shared with ``archive-api index``):
   interrupted earlier writes are finished (``journal.recover``), ids are settled (a
   derived id is made unique; an existing id is ``DocumentExists`` unless replacing), and
   the files are written atomically (``journal``).
3. Still under the lock, the index gets a new generation holding the change, made current
   in one step (``search.incremental``); when the current generation was built by other
   code, the whole index is rebuilt instead.
4. Only then do ``save``/``remove`` return: the change is in ``documents/`` and in the
   generation named by ``index/CURRENT``. Serving workers switch to it at their next look at
   ``CURRENT`` (every ``ARCHIVE_RELOAD_INTERVAL`` seconds); until then they serve the
   previous generation, whole.

A process killed at any step leaves, once ``journal.recover`` has run (every write,
``archive-api index`` and the server's start run it first), either the old or the new
document on disk, never a mix; and an index that ``check.check_and_repair`` brings in line
with the files. Only a change that was answered is sure to be there.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from archive_api import config, journal
from archive_api.errors import ArchiveError, IndexUnavailable, NotFound, ParseError
from archive_api.models import Document, Metadata
from archive_api.parsing import parse_document, parse_metadata
from archive_api.search.generations import Manifest, build_lock
from archive_api.search.incremental import Change, update_index
from archive_api.search.indexer import build_index
from archive_api.search.records import checked_rows
from archive_api.store import DocumentStore, decode_text, file_digest, is_valid_id
from archive_api.text.turkish import slugify

log = logging.getLogger(__name__)

DEFAULT_MAX_DOCUMENT_BYTES = config.DEFAULT_MAX_DOCUMENT_BYTES
ID_RULE = (
    "1 to 128 characters: lower-case letters a-z, digits, '.', '_' and '-', starting with a "
    "letter or digit, without '..'"
)
_SLUG_MAX = 96  # room for a "-2" suffix within the 128 characters of an id
_FALLBACK_ID = "document"

T = TypeVar("T")


class InvalidDocument(ArchiveError):
    """The submitted text, metadata or id cannot become a document; ``field`` says which."""

    def __init__(self, message: str, field: str) -> None:
        self.message = message
        self.field = field
        super().__init__(f"{field}: {message}")


class DocumentTooLarge(ArchiveError):
    """The text is longer than the configured maximum."""


class DocumentExists(ArchiveError):
    """A document with this id exists and the write may not replace it."""


@dataclass(frozen=True)
class Submission:
    """A document checked and parsed, not yet written."""

    doc_id: str | None  # as given; None: derived from the title when written
    text: str
    metadata: dict[str, Any] | None  # the JSON object of ``<id>.json``, as given
    document: Document  # parsed under ``doc_id`` or a provisional one

    @property
    def text_bytes(self) -> bytes:
        return self.text.encode("utf-8")

    @property
    def metadata_bytes(self) -> bytes | None:
        if self.metadata is None:
            return None
        return (json.dumps(self.metadata, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def source(self, doc_id: str) -> str:
        """The digest the store will give these files once written under ``doc_id``."""
        digest = file_digest(f"{doc_id}.txt", self.text_bytes)
        meta = self.metadata_bytes
        return digest + (file_digest(f"{doc_id}.json", meta) if meta is not None else "")


@dataclass(frozen=True)
class Saved:
    """One document written and searchable in ``generation``."""

    doc_id: str
    created: bool  # False: an existing document was replaced
    document: Document
    generation: str


def prepare(
    text: bytes | str,
    metadata: object = None,
    doc_id: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> Submission:
    """Check and parse one document; raises ``InvalidDocument`` or ``DocumentTooLarge``.

    ``text`` is the file's bytes (decoded as strict UTF-8) or already decoded text;
    ``metadata`` is the decoded JSON object of ``<id>.json`` or None; ``doc_id`` None means
    "derive it from the title".
    """
    if doc_id is not None and not is_valid_id(doc_id):
        raise InvalidDocument(f"{_shown(doc_id)} is not a valid id: {ID_RULE}", "id")
    data = _encoded(text)
    if len(data) > max_bytes:
        raise DocumentTooLarge(
            f"the text is {len(data)} bytes of UTF-8; this archive accepts at most {max_bytes}"
        )
    if not data.decode("utf-8", "replace").removeprefix("\ufeff").strip():
        raise InvalidDocument("the text is empty", "text")
    try:
        decoded = decode_text(data, None)
    except ParseError as exc:
        raise InvalidDocument(exc.message, "text") from None
    meta = _metadata(metadata)
    document = _parse(doc_id or derive_id(meta, decoded), decoded, meta)
    return Submission(doc_id, decoded, meta[0] if meta else None, document)


def derive_id(metadata: tuple[dict[str, Any], Metadata] | None, text: str) -> str:
    """An id from the title (or, without one, the first line): ``ilk-turk-sovyet-temaslari``."""
    title = metadata[1].title if metadata else None
    if not title:
        title = next((line for line in text.splitlines() if line.strip()), "")
    slug = slugify(title)[:_SLUG_MAX].strip("-")
    return slug if is_valid_id(slug) else _FALLBACK_ID


def save(
    store: DocumentStore,
    index_root: Path,
    submissions: Sequence[Submission],
    *,
    replace: bool = True,
) -> list[Saved]:
    """Write ``submissions`` and index them in one new generation (see the module's steps).

    ``replace=False`` refuses an id that exists (``DocumentExists``); derived ids never
    clash, they are made unique (``title``, ``title-2``, ...).
    """

    def write() -> tuple[list[tuple[str, bool, Submission]], dict[str, Change]]:
        plan = plan_ids(store, submissions, replace)
        changes = {}
        for doc_id, _created, sub in plan:
            journal.write_document(store.root, doc_id, sub.text_bytes, sub.metadata_bytes)
            changes[doc_id] = Change(with_id(sub.document, doc_id), sub.source(doc_id))
        return plan, changes

    plan, manifest = _locked_write(store, index_root, write)
    return [
        Saved(doc_id, created, with_id(sub.document, doc_id), manifest.generation)
        for doc_id, created, sub in plan
    ]


def remove(store: DocumentStore, index_root: Path, doc_ids: Sequence[str]) -> Manifest:
    """Delete documents from ``documents/`` and the index; ``NotFound`` (and no change)
    when any of them does not exist."""

    def write() -> tuple[None, dict[str, Change]]:
        for doc_id in doc_ids:
            if not store.exists(doc_id):
                raise NotFound(f"no document {_shown(doc_id)}")
        for doc_id in dict.fromkeys(doc_ids):
            journal.delete_document(store.root, doc_id)
        return None, {doc_id: Change(None) for doc_id in doc_ids}

    return _locked_write(store, index_root, write)[1]


def _locked_write(
    store: DocumentStore,
    index_root: Path,
    write: Callable[[], tuple[T, dict[str, Change]]],
) -> tuple[T, Manifest]:
    """Run ``write`` under the build lock, after recovery, then index what changed."""
    if not store.root.is_dir():
        raise IndexUnavailable(f"documents directory not found: {store.root}")
    with build_lock(index_root):
        changes, _invalid = reload_changes(store, journal.recover(store.root).completed)
        result, written = write()
        changes.update(written)
        manifest = update_index(index_root, changes)
    if manifest is None:  # no index yet, or one from other code: rebuild it all
        manifest = build_index(store, index_root)
    return result, manifest


def reload_changes(
    store: DocumentStore, doc_ids: Sequence[str]
) -> tuple[dict[str, Change], dict[str, str]]:
    """Changes that bring the index in line with these documents as they are on disk now,
    and the documents that cannot be indexed, with the reason.

    A document that is gone becomes a removal; one that does not parse is left out, so the
    index keeps what it had for it.
    """
    changes: dict[str, Change] = {}
    invalid: dict[str, str] = {}
    for doc_id in doc_ids:
        source = store.source(doc_id)  # taken first: a change while loading reads stale
        if source is None:
            changes[doc_id] = Change(None)
            continue
        try:
            document = store.load(doc_id)
            checked_rows(document)
        except (ParseError, NotFound) as exc:
            log.error("document %s cannot be indexed: %s", doc_id, exc)
            invalid[doc_id] = exc.message if isinstance(exc, ParseError) else str(exc)
            continue
        except Exception:  # a parser bug: the other documents are still repaired
            log.exception("document %s cannot be indexed", doc_id)
            invalid[doc_id] = "the text could not be parsed into a document"
            continue
        changes[doc_id] = Change(document, source)
    return changes, invalid


class Holds(Protocol):
    """Where documents are kept (a folder, a database), as far as choosing ids goes."""

    def exists(self, doc_id: str) -> bool: ...


def plan_ids(
    store: Holds, submissions: Sequence[Submission], replace: bool
) -> list[tuple[str, bool, Submission]]:
    """The id each submission is written under, and whether it is new; nothing written yet."""
    plan: list[tuple[str, bool, Submission]] = []
    taken: set[str] = set()
    for sub in submissions:
        if sub.doc_id is None:
            doc_id = _unique(store, sub.document.id, taken)
        else:
            doc_id = sub.doc_id
            if doc_id in taken:
                raise InvalidDocument(f"{doc_id!r} is given twice", "id")
            if not replace and store.exists(doc_id):
                raise DocumentExists(f"document {doc_id!r} exists")
        taken.add(doc_id)
        plan.append((doc_id, not store.exists(doc_id), sub))
    return plan


def _unique(store: Holds, base: str, taken: set[str]) -> str:
    candidate, number = base, 1
    while candidate in taken or store.exists(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def with_id(document: Document, doc_id: str) -> Document:
    return document if document.id == doc_id else dataclasses.replace(document, id=doc_id)


def _encoded(text: bytes | str) -> bytes:
    if isinstance(text, bytes):
        return text
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidDocument(
            f"not valid Unicode: lone surrogate U+{ord(text[exc.start]):04X} at character "
            f"{exc.start}",
            "text",
        ) from None


def _metadata(raw: object) -> tuple[dict[str, Any], Metadata] | None:
    """The metadata object and its parsed form; None when there is none."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InvalidDocument(f"must be a JSON object, not {type(raw).__name__}", "metadata")
    try:
        parsed = parse_metadata(raw, None)
        json.dumps(raw, ensure_ascii=False).encode("utf-8")
    except ParseError as exc:
        raise InvalidDocument(exc.message, "metadata") from None
    except UnicodeEncodeError:
        raise InvalidDocument("not valid Unicode (a lone surrogate)", "metadata") from None
    return raw, parsed


def _parse(doc_id: str, text: str, meta: tuple[dict[str, Any], Metadata] | None) -> Document:
    try:
        document = parse_document(doc_id, text, meta[1] if meta else None)
        checked_rows(document)
    except ParseError as exc:
        raise InvalidDocument(exc.message, "text") from None
    except Exception:  # a parser bug must not turn input into a server error
        log.exception("the parser failed on a submitted text")
        raise InvalidDocument("the text could not be parsed into a document", "text") from None
    return document


def _shown(doc_id: str) -> str:
    """An id quoted for a message, cut short when it is long."""
    return repr(doc_id if len(doc_id) <= 60 else f"{doc_id[:57]}...")
