"""The database brought in line with documents/: missing, changed and extra documents."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import psycopg

from archive_api.pg.sync import compare, sync
from archive_api.pg.writer import held_sources
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[2]
ATATURK = sorted((REPO / "corpora" / "ataturk").glob("*.txt"))[:3]


def _documents(tmp_path: Path) -> DocumentStore:
    folder = tmp_path / "documents"
    shutil.copytree(REPO / "documents", folder)
    for path in ATATURK:
        shutil.copy(path, folder / path.name)
    return DocumentStore(folder)


def test_sync_writes_what_is_missing_changed_or_extra(
    connection: psycopg.Connection[Any], tmp_path: Path
) -> None:
    store = _documents(tmp_path)
    first = sync(store, connection, prune=True)
    assert first.applied and sorted(first.missing) == store.ids()
    assert held_sources(connection) == store.sources()
    assert compare(store, connection).in_line
    assert not sync(store, connection, prune=True).applied  # nothing to do twice

    changed, removed = ATATURK[0].stem, ATATURK[1].stem
    text = store.text_path(changed)
    text.write_text(
        text.read_text(encoding="utf-8") + "\n\nEk paragraf: Ankara.\n", encoding="utf-8"
    )
    store.text_path(removed).unlink()
    report = compare(store, connection)
    assert (report.missing, report.stale, report.extra) == ([], [changed], [removed])
    assert report.lines() == [f"stale: {changed}", f"extra: {removed}"]
    assert sync(store, connection, prune=True).applied
    assert held_sources(connection) == store.sources()
    found = connection.execute(
        "SELECT count(*) FROM records WHERE document_id = %s AND body LIKE %s",
        (changed, "%Ek paragraf%"),
    ).fetchone()
    assert found is not None and found[0] >= 1


def test_the_command_checks_and_syncs(database_url: str, tmp_path: Path) -> None:
    from archive_api.cli import main

    store = _documents(tmp_path)
    folder = ["--url", database_url, "--documents", str(store.root)]
    assert main(["database", "--check", *folder]) == 1  # an empty database differs
    assert main(["database", *folder]) == 0
    assert main(["database", "--check", *folder]) == 0
    with psycopg.connect(database_url) as opened:
        assert held_sources(opened) == store.sources()


def test_the_command_needs_a_database(tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    from archive_api.cli import main

    monkeypatch.delenv("ARCHIVE_DATABASE_URL", raising=False)
    assert main(["database", "--documents", str(_documents(tmp_path).root)]) == 1
    assert "ARCHIVE_DATABASE_URL" in capsys.readouterr().err


def test_two_nodes_syncing_at_once_leave_one_consistent_archive(
    database_url: str, tmp_path: Path
) -> None:
    import threading

    from archive_api.pg.writer import connect, prepare

    store = _documents(tmp_path)
    applied: list[bool] = []
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def node() -> None:
        try:
            with connect(database_url) as opened:
                prepare(opened)
                start.wait()
                applied.append(sync(store, opened, prune=True).applied)
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=node) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    assert sorted(applied) == [False, True]  # the second found the work done
    with connect(database_url) as opened:
        assert held_sources(opened) == store.sources()
        row = opened.execute("SELECT count(*), count(DISTINCT id) FROM records").fetchone()
        assert row is not None and row[0] == row[1]
