"""Load: readers search and read while a writer adds and removes documents through the API.

A real gunicorn (2 sync workers) on 127.0.0.1 serves a private archive: the seed and three
Atatürk texts. For ``LOAD_SECONDS`` (20 by default), ``LOAD_THREADS`` reader threads send
searches and record reads, and one writer thread adds Atatürk texts under new ids and
removes them again. A read fails unless it is a 2xx, or a 404 for a document whose removal
had begun before the answer came. After each acknowledged write the next request, to either
worker, must already see it ("searchable": true); at the end every added document is found
and every removed one is gone.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from .harness import (
    ATATURK,
    ATATURK_IDS,
    SEED,
    TOKEN,
    Server,
    ataturk_document,
    gunicorn,
    make_archive,
    record_figure,
)

LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS", "20"))
LOAD_THREADS = int(os.environ.get("LOAD_THREADS", "4"))
MAX_REQUESTS_PER_THREAD = 20_000
TIMEOUT = 30.0
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# Every 20th Atatürk text not already in the archive: short and long ones, a few kinds.
CANDIDATES = [
    path.stem
    for path in sorted(ATATURK.glob("*.txt"))
    if path.stem not in ATATURK_IDS and path.with_suffix(".json").is_file()
][::20]
READS = [
    "/api/v1/search?q=Karabekir",
    "/api/v1/search?q=%C3%A7i%C3%A7erin&type=letter",
    "/api/v1/search?q=Mustafa%20Kemal&per_page=50",
    "/api/v1/search?q=millet",
    f"/api/v1/documents/{SEED}",
    f"/api/v1/documents/{SEED}/letters/letter-2",
    f"/api/v1/documents/{SEED}/footnotes/28",
    f"/api/v1/documents/{ATATURK_IDS[1]}",
    "/api/v1/documents?per_page=100",
    "/api/v1/letters?sender=tchitcherine",
]


@dataclass
class Archive:
    """What the writer has done, as the readers may rely on it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    present: set[str] = field(default_factory=set)  # acknowledged, no removal begun
    removing: set[str] = field(default_factory=set)  # removal begun or done
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    writes: int = 0
    failures: list[str] = field(default_factory=list)

    def fail(self, text: str) -> None:
        with self.lock:
            self.failures.append(text)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    dirs = make_archive(Path(tmp_path_factory.mktemp("load")))
    with gunicorn(dirs, ARCHIVE_API_TOKEN=TOKEN, ARCHIVE_SEARCH_RATE_LIMIT="0") as server:
        yield server


def _reader(base: str, deadline: float, number: int, archive: Archive, tally: Tally) -> None:
    session = requests.Session()
    count = 0
    while time.monotonic() < deadline and count < MAX_REQUESTS_PER_THREAD:
        count += 1
        with archive.lock:
            live = sorted(archive.present)
        if live and count % 3 == 0:
            doc_id = live[(count + number) % len(live)]
            url = f"/api/v1/documents/{doc_id}"
        else:
            doc_id, url = None, READS[(count + number) % len(READS)]
        try:
            response = session.get(base + url, timeout=TIMEOUT)
        except requests.RequestException as exc:
            tally.fail(f"GET {url}: {exc}")
            continue
        with tally.lock:
            tally.requests += 1
        if 200 <= response.status_code < 300:
            continue
        with archive.lock:
            being_removed = doc_id in archive.removing
        if response.status_code == 404 and being_removed:
            continue
        tally.fail(f"GET {url}: {response.status_code} {response.text[:200]}")


def _writer(base: str, deadline: float, archive: Archive, tally: Tally) -> None:
    session = requests.Session()
    for number, source in enumerate(CANDIDATES * 10):
        if time.monotonic() >= deadline:
            break
        doc_id = f"load-{number}-{source}"
        if _add(session, base, doc_id, source, tally):
            with archive.lock:
                archive.present.add(doc_id)
                archive.added.append(doc_id)
        with archive.lock:
            old = sorted(archive.present)[0] if number % 2 == 1 and archive.present else None
            if old is not None:
                archive.present.discard(old)
                archive.removing.add(old)
        if old is not None and _remove(session, base, old, tally):
            with archive.lock:
                archive.removed.append(old)


def _add(session: requests.Session, base: str, doc_id: str, source: str, tally: Tally) -> bool:
    text, metadata = ataturk_document(source)
    body = {"id": doc_id, "text": text, "metadata": metadata}
    response = _write(session, "POST", f"{base}/api/v1/documents", tally, json=body)
    if response is None or response.status_code != 201:
        tally.fail(f"POST {doc_id}: {_status(response)}")
        return False
    saved = response.json()
    if not (saved["searchable"] and saved["id"] == doc_id and saved["title"]):
        tally.fail(f"POST {doc_id}: answered {saved}")
    # Acknowledged: the very next requests, whichever worker takes them, see it.
    for _ in range(2):
        found = session.get(f"{base}/api/v1/search?document={doc_id}", timeout=TIMEOUT)
        if found.status_code != 200 or found.json()["total"] == 0:
            tally.fail(f"{doc_id} not searchable right after 201: {_status(found)}")
    return True


def _remove(session: requests.Session, base: str, doc_id: str, tally: Tally) -> bool:
    response = _write(session, "DELETE", f"{base}/api/v1/documents/{doc_id}", tally)
    if response is None or response.status_code != 204:
        tally.fail(f"DELETE {doc_id}: {_status(response)}")
        return False
    for _ in range(2):
        gone = session.get(f"{base}/api/v1/documents/{doc_id}", timeout=TIMEOUT)
        if gone.status_code != 404:
            tally.fail(f"{doc_id} still served right after 204: {gone.status_code}")
    return True


def _write(
    session: requests.Session, method: str, url: str, tally: Tally, **kwargs: Any
) -> requests.Response | None:
    try:
        response = session.request(method, url, headers=AUTH, timeout=TIMEOUT, **kwargs)
    except requests.RequestException as exc:
        tally.fail(f"{method} {url}: {exc}")
        return None
    with tally.lock:
        tally.writes += 1
    return response


def _status(response: requests.Response | None) -> str:
    return "no answer" if response is None else f"{response.status_code} {response.text[:200]}"


def test_reads_hold_while_documents_change(server: Server) -> None:
    archive, tally = Archive(), Tally()
    started = time.monotonic()
    deadline = started + LOAD_SECONDS
    threads = [
        threading.Thread(target=_reader, args=(server.base, deadline, n, archive, tally))
        for n in range(LOAD_THREADS)
    ]
    threads.append(threading.Thread(target=_writer, args=(server.base, deadline, archive, tally)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=LOAD_SECONDS + 120)
    duration = time.monotonic() - started
    assert not any(thread.is_alive() for thread in threads)
    record_figure(
        "load",
        f"{tally.requests} reads + {tally.writes} writes ({len(archive.added)} added, "
        f"{len(archive.removed)} removed) in {duration:.1f} s, {LOAD_THREADS} reader threads "
        f"+ 1 writer against 2 workers, {tally.requests / duration:.0f} reads/s, "
        f"errors {len(tally.failures)}",
    )
    assert tally.failures == [], tally.failures[:20]
    assert tally.requests >= 100 * LOAD_SECONDS / 20
    assert len(archive.added) >= 4 and len(archive.removed) >= 2
    _check_final_state(server, archive)
    assert server.process.poll() is None
    assert "Traceback" not in server.log_text()


def _check_final_state(server: Server, archive: Archive) -> None:
    """Every added document still present is found; every removed one is gone."""
    base = server.base
    for doc_id in sorted(archive.present):
        record = requests.get(f"{base}/api/v1/documents/{doc_id}", timeout=TIMEOUT)
        assert record.status_code == 200, (doc_id, record.status_code)
        hits = requests.get(f"{base}/api/v1/search?document={doc_id}", timeout=TIMEOUT).json()
        assert hits["total"] > 0, doc_id
    for doc_id in archive.removed:
        assert requests.get(f"{base}/api/v1/documents/{doc_id}", timeout=TIMEOUT).status_code == 404
        hits = requests.get(f"{base}/api/v1/search?document={doc_id}", timeout=TIMEOUT).json()
        assert hits["total"] == 0, doc_id
    listing = requests.get(f"{base}/api/v1/documents?per_page=100", timeout=TIMEOUT).json()
    expected = {SEED, *ATATURK_IDS, *archive.present}
    assert {d["id"] for d in listing["items"]} == expected
