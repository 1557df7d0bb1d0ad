"""The real server: gunicorn workers answer over HTTP and switch to a rebuilt index mid-traffic.

Everything runs on 127.0.0.1 with private directories; the traffic loop is bounded in
requests and time, and gunicorn is stopped by its PID.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from archive_api.search.generations import current_name
from tests.support.servers import index_with_cli, serve

REPO = Path(__file__).resolve().parents[2]
SEED = "turk-sovyet-iliskileri-1920"
COPY = "turk-sovyet-kopya"
MAX_TRAFFIC_SECONDS = 120.0
MAX_TRAFFIC_REQUESTS = 5000


@dataclass
class Server:
    base: str
    documents: Path
    index: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path


@dataclass
class Traffic:
    ok: int = 0
    failures: list[str] = field(default_factory=list)
    generations: set[str] = field(default_factory=set)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("e2e")
    documents, index = root / "documents", root / "index"
    shutil.copytree(REPO / "documents", documents)
    env = {
        **os.environ,
        "ARCHIVE_DOCUMENTS_DIR": str(documents),
        "ARCHIVE_INDEX_DIR": str(index),
        "ARCHIVE_RELOAD_INTERVAL": "0.2",
        "ARCHIVE_SEARCH_RATE_LIMIT": "0",  # the traffic below is one client searching fast
    }
    index_with_cli(env)
    with serve(env, root / "gunicorn.log") as running:  # two workers
        yield Server(running.base, documents, index, env, running.process, running.log)


def test_serves_the_seed_over_http(server: Server) -> None:
    response = requests.get(f"{server.base}/api/v1/documents/{SEED}/letters", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert not any(ch.isdigit() for ch in response.headers.get("Server", ""))
    letters = response.json()["items"]
    assert [x["annex"] for x in letters] == [1, 2, 3, 4]
    assert all(x["url"].startswith(f"{server.base}/api/v1/") for x in letters)
    annex = requests.get(letters[1]["annex_url"], timeout=10).json()
    assert annex["letter_id"] == "letter-2"
    note = requests.get(letters[1]["footnote_url"], timeout=10).json()
    assert note["label"] == "28"


def test_errors_over_http(server: Server) -> None:
    missing = requests.get(f"{server.base}/api/v1/documents/{SEED}/footnotes/99", timeout=10)
    assert missing.status_code == 404
    assert missing.headers["Content-Type"] == "application/problem+json"
    wrong = requests.delete(f"{server.base}/api/v1/documents", timeout=10)
    assert wrong.status_code == 405
    assert requests.get(f"{server.base}/openapi.yaml", timeout=10).text == (
        REPO / "openapi.yaml"
    ).read_text(encoding="utf-8")


def _keep_querying(base: str, stop: threading.Event, traffic: Traffic) -> None:
    urls = [
        f"{base}/api/v1/documents",
        f"{base}/api/v1/documents/{SEED}/letters/letter-2",
        f"{base}/api/v1/search?q=Karabekir",
        f"{base}/api/v1/letters?sender=tchitcherine",
        f"{base}/api/v1/health",
    ]
    started = time.monotonic()
    session = requests.Session()
    count = 0
    while not stop.is_set() and count < MAX_TRAFFIC_REQUESTS:
        if time.monotonic() - started > MAX_TRAFFIC_SECONDS:
            break
        url = urls[count % len(urls)]
        count += 1
        try:
            response = session.get(url, timeout=10)
        except requests.RequestException as exc:
            traffic.failures.append(f"{url}: {exc}")
            continue
        if response.status_code != 200:
            traffic.failures.append(f"{url}: {response.status_code} {response.text[:200]}")
            continue
        traffic.ok += 1
        if url.endswith("/health"):
            traffic.generations.add(response.json()["generation"])


def _add_document(documents: Path) -> None:
    """A second document: the seed's text under another id and title."""
    shutil.copy(documents / f"{SEED}.txt", documents / f"{COPY}.txt")
    meta = json.loads((documents / f"{SEED}.json").read_text(encoding="utf-8"))
    meta["title"] = "İkinci nüsha"
    (documents / f"{COPY}.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")


def test_rebuild_while_serving(server: Server) -> None:
    before = current_name(server.index)
    traffic = Traffic()
    stop = threading.Event()
    reader = threading.Thread(target=_keep_querying, args=(server.base, stop, traffic))
    reader.start()
    try:
        time.sleep(1.0)
        _add_document(server.documents)
        index_with_cli(server.env)
        after = current_name(server.index)
        assert after is not None and after != before
        # Every worker ends up on the new generation, without a restart.
        deadline = time.monotonic() + 30
        streak = 0
        while streak < 10 and time.monotonic() < deadline:
            health = requests.get(f"{server.base}/api/v1/health", timeout=10).json()
            streak = streak + 1 if health["generation"] == after else 0
            time.sleep(0.05)
        assert streak == 10, "workers did not switch to the new generation"
        index_with_cli(server.env)  # and once more, while the same traffic goes on
        time.sleep(1.0)
    finally:
        stop.set()
        reader.join(timeout=MAX_TRAFFIC_SECONDS)
    assert traffic.failures == []
    assert traffic.ok >= 20
    assert {before, after} <= traffic.generations
    documents = requests.get(f"{server.base}/api/v1/documents", timeout=10).json()
    assert documents["total"] == 2
    assert {d["id"] for d in documents["items"]} == {SEED, COPY}
    assert server.process.poll() is None
