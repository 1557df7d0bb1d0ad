"""``archive-api database``: bring a PostgreSQL database in line with ``documents/``.

The database holds the same records and analysed forms as the embedded index (see
``archive_api.pg``); this command fills it and keeps it in line, document by document, in
one transaction; ``--prune`` also removes the documents the folder does not hold (without
it, documents added through the API stay). ``--check`` only reports (``missing``,
``stale``, ``extra``) and exits 1 when anything differs, like ``index --check``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from archive_api.config import Settings
from archive_api.store import DocumentStore


def add_commands(commands: Any) -> None:
    database = commands.add_parser(
        "database",
        help="bring a PostgreSQL database in line with the documents directory",
        description="Write the documents that are missing from the database or changed "
        "since, in one transaction; with --prune, also remove those the documents "
        "directory does not hold.",
    )
    database.add_argument(
        "--url",
        metavar="URL",
        help="postgresql://… (default: ARCHIVE_DATABASE_URL)",
    )
    database.add_argument(
        "--check", action="store_true", help="only compare; exit 1 if anything differs"
    )
    database.add_argument(
        "--prune",
        action="store_true",
        help="also remove documents that are not in the documents directory",
    )
    database.add_argument("--documents", type=Path, metavar="DIR", help="documents directory")
    database.set_defaults(run=run_database)


def run_database(args: argparse.Namespace) -> int:
    from archive_api.pg.sync import compare, sync
    from archive_api.pg.writer import connect, prepare

    settings = Settings.from_env()
    url = args.url or settings.database_url
    if not url:
        raise ValueError("no database: give --url or set ARCHIVE_DATABASE_URL")
    store = DocumentStore(args.documents or settings.documents_dir)
    store.ids()  # a missing documents directory fails here, before the database is touched
    with connect(url) as connection:
        prepare(connection)
        report = (
            compare(store, connection) if args.check else sync(store, connection, prune=args.prune)
        )
    for line in report.lines():
        print(line)
    if args.check:
        return 0 if report.in_line else 1
    changed = len(report.missing) + len(report.stale)
    removed = len(report.extra) if args.prune else 0
    print(
        f"database holds the {len(store.ids())} documents of the folder "
        f"({changed} written, {removed} removed)"
    )
    return 0
