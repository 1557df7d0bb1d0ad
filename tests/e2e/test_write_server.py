"""gunicorn with writing on: the index repaired before workers start, writes over HTTP,
and a Server header that names no version. 127.0.0.1 only; stopped by its PID."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from archive_api.search.indexer import build_index
from archive_api.store import DocumentStore
from tests.support.servers import serve

REPO = Path(__file__).resolve().parents[2]
ATATURK = REPO / "corpora" / "ataturk"
LETTER = "atam-c1-1918-002"
TOKEN = "e2e-anahtar"


@dataclass
class Server:
    base: str
    documents: Path
    process: subprocess.Popen[bytes]
    log: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("write-server")
    documents = root / "documents"
    shutil.copytree(REPO / "documents", documents)
    build_index(DocumentStore(documents), root / "index")
    # Added by hand after the build, while no server ran: the start must index it.
    for suffix in (".txt", ".json"):
        shutil.copy(ATATURK / f"{LETTER}{suffix}", documents)
    env = {
        **os.environ,
        "ARCHIVE_DOCUMENTS_DIR": str(documents),
        "ARCHIVE_INDEX_DIR": str(root / "index"),
        "ARCHIVE_RELOAD_INTERVAL": "0.2",
        "ARCHIVE_API_TOKEN": TOKEN,
    }
    with serve(env, root / "gunicorn.log") as running:  # two workers
        yield Server(running.base, documents, running.process, running.log)


def test_the_index_is_repaired_before_workers_serve(server: Server) -> None:
    response = requests.get(f"{server.base}/api/v1/documents/{LETTER}", timeout=10)
    assert response.status_code == 200
    assert response.json()["date"] == "1918-11-10"
    log = server.log.read_text(errors="replace")
    assert f"index check at start: missing: {LETTER}" in log


def test_the_server_header_names_no_version(server: Server) -> None:
    response = requests.get(f"{server.base}/api/v1/documents", timeout=10)
    assert response.headers["Server"] == "archive-api"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_writes_over_http(server: Server) -> None:
    text = (ATATURK / f"{LETTER}.txt").read_bytes()
    url = f"{server.base}/api/v1/documents/kopya"
    refused = requests.put(url, files={"file": ("kopya.txt", text)}, timeout=60)
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Bearer")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    created = requests.put(url, files={"file": ("kopya.txt", text)}, headers=auth, timeout=60)
    assert created.status_code == 201, created.text
    assert created.json()["searchable"] is True
    # Whichever worker answers next serves it.
    for _ in range(6):
        assert requests.get(url, timeout=10).status_code == 200
    assert requests.delete(url, headers=auth, timeout=60).status_code == 204
    for _ in range(6):
        assert requests.get(url, timeout=10).status_code == 404
    assert not (server.documents / "kopya.txt").exists()
