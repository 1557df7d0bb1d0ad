"""The writing commands of ``archive-api``: ``ingest``, ``remove`` and ``index --check``.

They do what the HTTP writes do (``archive_api.ingest``), with the file system as the only
authority: whoever may run them may change ``documents/`` anyway, so no token is asked.
Every input is checked before anything is written; an error names the file and the field,
exits 1 and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from archive_api.config import Settings
from archive_api.errors import ArchiveError, ParseError
from archive_api.store import DocumentStore, is_valid_id, read_text_file
from archive_api.text.turkish import slugify

PROG = "archive-api"


def add_commands(commands: Any) -> None:
    """Add ``ingest`` and ``remove`` to the command parser (``argparse`` sub-parsers)."""
    ingest = commands.add_parser(
        "ingest",
        help="add or replace documents and index them",
        description="Add each FILE.txt (with FILE.json beside it as metadata, if present) to "
        "the documents directory and the index, in one new index generation. The id is the "
        "file name without .txt when it is a valid id, else one made from the title. An "
        "existing document with that id is replaced, unless --no-replace is given. Nothing "
        "is written unless every file is valid.",
    )
    ingest.add_argument("files", type=Path, nargs="+", metavar="FILE")
    ingest.add_argument(
        "--no-replace", action="store_true", help="fail instead of replacing a document"
    )
    _add_dirs(ingest)
    ingest.set_defaults(run=run_ingest)

    remove = commands.add_parser(
        "remove",
        help="remove documents from the documents directory and the index",
        description="Delete ID.txt and ID.json and the document's records from the index. "
        "Nothing is removed if any ID does not exist.",
    )
    remove.add_argument("ids", nargs="+", metavar="ID")
    _add_dirs(remove)
    remove.set_defaults(run=run_remove)


def _add_dirs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--documents", type=Path, metavar="DIR", help="documents directory")
    parser.add_argument("--index", type=Path, metavar="DIR", help="index directory")


def _dirs(args: argparse.Namespace) -> tuple[Settings, DocumentStore, Path]:
    settings = Settings.from_env()
    documents: Path = args.documents or settings.documents_dir
    index: Path = args.index or settings.index_dir
    return settings, DocumentStore(documents), index


def run_ingest(args: argparse.Namespace) -> int:
    from archive_api.ingest import prepare, save

    settings, store, index = _dirs(args)
    if settings.backend == "whoosh":
        store.ids()  # a missing documents directory is reported before any file is read
    submissions = []
    for path in args.files:
        try:
            text, metadata = _read_pair(path, settings.max_document_bytes)
            submissions.append(
                prepare(text, metadata, _file_id(path), max_bytes=settings.max_document_bytes)
            )
        except ParseError as exc:
            if exc.source:
                raise
            raise ParseError(exc.message, str(path)) from None
        except ArchiveError as exc:
            raise ParseError(str(exc), str(path)) from None
    if settings.backend == "whoosh":
        saved = save(store, index, submissions, replace=not args.no_replace)
    else:  # the database holds the archive (ARCHIVE_BACKEND): the write goes there
        from archive_api import backend

        saved = backend.save(settings, submissions, replace=not args.no_replace)
    for item in saved:
        print(f"{'added' if item.created else 'replaced'} {item.doc_id}")
    if saved:
        print(f"searchable in {saved[0].generation}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from archive_api.ingest import remove

    settings, store, index = _dirs(args)
    if settings.backend != "whoosh":
        from archive_api import backend

        generation = backend.remove(settings, args.ids)
        for doc_id in dict.fromkeys(args.ids):
            print(f"removed {doc_id}")
        print(f"database: {generation}")
        return 0
    manifest = remove(store, index, args.ids)
    for doc_id in dict.fromkeys(args.ids):
        print(f"removed {doc_id}")
    print(f"index: {manifest.generation}, {manifest.documents} documents")
    return 0


def run_check(store: DocumentStore, index: Path) -> int:
    """``index --check``: print what differs and repair it; 1 when anything was found."""
    from archive_api.check import check_and_repair

    report = check_and_repair(store, index)
    for line in report.lines():
        print(line)
    if report.repaired is not None:
        manifest = report.repaired
        print(
            f"repaired: {manifest.generation}, {manifest.documents} documents, "
            f"{manifest.records} records"
        )
    elif not report.found_anything:
        print(f"index matches the documents: {report.generation}")
    if report.invalid:
        print(f"{PROG}: {len(report.invalid)} document(s) cannot be indexed", file=sys.stderr)
    return 1 if report.found_anything else 0


def _read_pair(path: Path, max_bytes: int) -> tuple[bytes, Any]:
    """The bytes of FILE.txt and the decoded FILE.json beside it (None when absent)."""
    from archive_api.ingest import DocumentTooLarge

    if path.suffix != ".txt":
        raise ParseError("expected a .txt file (its metadata goes in a .json beside it)")
    try:
        size = path.stat().st_size
        if size > max_bytes:  # refused before reading it
            raise DocumentTooLarge(f"the text is {size} bytes; at most {max_bytes} are accepted")
        text = path.read_bytes()
    except FileNotFoundError:
        raise ParseError("no such file") from None
    except OSError as exc:
        raise ParseError(f"cannot be read: {exc.strerror or exc}") from None
    meta_path = path.with_suffix(".json")
    if not meta_path.is_file():
        return text, None
    try:
        metadata = json.loads(read_text_file(meta_path))
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", str(meta_path)
        ) from None
    return text, metadata


def _file_id(path: Path) -> str | None:
    """The file's name as id when it is one (or its slug is); None: made from the title."""
    if is_valid_id(path.stem):
        return path.stem
    slug = slugify(path.stem, 12)
    return slug if is_valid_id(slug) else None
