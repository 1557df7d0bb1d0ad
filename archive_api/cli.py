"""``archive-api``: parse one file to JSON, build or check the search index, add or remove
documents (``ingest``, ``remove``: see ``cli_writes``).

Errors are reported as one line on stderr with exit status 1; ``--debug`` shows the
traceback instead.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from archive_api import cli_database, cli_writes
from archive_api.config import Settings
from archive_api.models import Document
from archive_api.text.turkish import slugify

PROG = "archive-api"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0  # the reader of our output went away (`archive-api parse x | head`)
    except Exception as exc:
        if args.debug:
            raise
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Parse archival documents and build their search index."
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser(
        "parse",
        help="print the structured model of one text file as JSON",
        description="Parse FILE (with FILE's .json beside it as metadata, if present) "
        "and print the document model as JSON.",
    )
    parse.add_argument("file", type=Path, metavar="FILE")
    parse.set_defaults(run=_run_parse)

    index = commands.add_parser(
        "index",
        help="build the search index from the documents directory",
        description="Build a new index generation and switch readers to it.",
    )
    index.add_argument(
        "--if-stale",
        action="store_true",
        help="do nothing when the index matches the documents and the code",
    )
    index.add_argument(
        "--check",
        action="store_true",
        help="compare the index with the documents (missing, stale, extra), repair it, and "
        "exit 1 if anything was found",
    )
    index.add_argument("--documents", type=Path, metavar="DIR", help="documents directory")
    index.add_argument("--index", type=Path, metavar="DIR", help="index directory")
    index.set_defaults(run=_run_index)
    cli_writes.add_commands(commands)
    cli_database.add_commands(commands)
    return parser


def _run_parse(args: argparse.Namespace) -> int:
    from archive_api.parsing import parse_document
    from archive_api.store import is_valid_id, read_metadata_file, read_text_file

    path: Path = args.file
    text = read_text_file(path)
    meta_path = path.with_suffix(".json")
    metadata = read_metadata_file(meta_path) if meta_path.is_file() else None
    doc_id = path.stem if is_valid_id(path.stem) else (slugify(path.stem, 12) or "document")
    document = parse_document(doc_id, text, metadata)
    json.dump(document_json(document), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def document_json(document: Document) -> dict[str, Any]:
    """The model as plain data, with the ids and title that are properties, not fields."""
    data = dataclasses.asdict(document)
    data["title"] = document.title
    for note, note_data in zip(document.footnotes, data["footnotes"], strict=True):
        note_data["id"] = note.id
    return data


def _run_index(args: argparse.Namespace) -> int:
    from archive_api.search.indexer import build_if_stale, build_index
    from archive_api.store import DocumentStore

    settings = Settings.from_env()
    documents_dir: Path = args.documents or settings.documents_dir
    index_dir: Path = args.index or settings.index_dir
    store = DocumentStore(documents_dir)
    for name in store.skipped():
        print(f"{PROG}: skipped {name}: not a valid document id", file=sys.stderr)
    if args.check:
        return cli_writes.run_check(store, index_dir)
    if store.root.is_dir():
        from archive_api.check import check_and_repair, recover_writes

        if args.if_stale:  # repair by document where it can: a rebuild may take long
            check_and_repair(store, index_dir, rebuild=False)
        else:
            recover_writes(store, index_dir)  # finish writes a crash interrupted, then build
    if args.if_stale:
        manifest, built = build_if_stale(store, index_dir)
    else:
        manifest, built = build_index(store, index_dir), True
    counts = ", ".join(f"{kind} {n}" for kind, n in manifest.counts.items()) or "empty"
    if built:
        print(
            f"built {manifest.generation} in {manifest.build_seconds:.2f} s: "
            f"{manifest.documents} documents, {manifest.records} records ({counts})"
        )
    else:
        print(f"index is fresh: {manifest.generation}, {manifest.records} records ({counts})")
    return 0
