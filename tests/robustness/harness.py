"""What the robustness suites share: a private archive on disk, the CLI, a real gunicorn.

Everything runs on 127.0.0.1 in temporary directories; servers are stopped by the PID this
module started, and every wait is bounded.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.servers import CLI, GunicornServer, free_port, serve

REPO = Path(__file__).resolve().parents[2]
SEED = "turk-sovyet-iliskileri-1920"
ATATURK = REPO / "corpora" / "ataturk"
# Short texts of three kinds: a letter, a telegram-length note and a speech.
ATATURK_IDS = ("atam-c1-1906-001", "atam-c1-1911-001", "atam-c1-1911-002")
TOKEN = "robustness-token-3f9c"
PROBLEM_JSON = "application/problem+json"

# What a body must never show: Python tracebacks and absolute paths of the server.
_LEAKS = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|site-packages"
    r"|(?:^|[\s\"'(=])/(?:home|tmp|usr|var|etc|root|opt|srv)/",
)


@dataclass(frozen=True)
class ArchiveDirs:
    """A private archive: its documents and its index, under one temporary root."""

    root: Path
    documents: Path
    index: Path

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a server or CLI run over this archive."""
        return {
            **os.environ,
            "ARCHIVE_DOCUMENTS_DIR": str(self.documents),
            "ARCHIVE_INDEX_DIR": str(self.index),
            "ARCHIVE_RELOAD_INTERVAL": "0.1",
            **extra,
        }


def make_archive(root: Path, ataturk_ids: tuple[str, ...] = ATATURK_IDS) -> ArchiveDirs:
    """Copy the seed and a few Atatürk texts under ``root`` and build their index."""
    from archive_api.search.indexer import build_index
    from archive_api.store import DocumentStore

    documents = root / "documents"
    documents.mkdir(parents=True)
    for suffix in (".txt", ".json"):
        shutil.copy(REPO / "documents" / f"{SEED}{suffix}", documents)
        for doc_id in ataturk_ids:
            shutil.copy(ATATURK / f"{doc_id}{suffix}", documents)
    build_index(DocumentStore(documents), root / "index")
    return ArchiveDirs(root=root, documents=documents, index=root / "index")


def ataturk_document(doc_id: str) -> tuple[str, dict[str, Any]]:
    """Text and metadata of one Atatürk text of the second corpus."""
    text = (ATATURK / f"{doc_id}.txt").read_text(encoding="utf-8")
    metadata = json.loads((ATATURK / f"{doc_id}.json").read_text(encoding="utf-8"))
    return text, metadata


def run_cli(
    args: list[str], env: Mapping[str, str], timeout: float = 120.0
) -> subprocess.CompletedProcess[str]:
    """``archive-api ARGS`` in a fresh interpreter (the installed entry point, unmodified)."""
    return subprocess.run(
        [sys.executable, "-c", CLI, *args],
        env=dict(env),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# Figures measured by the suites, printed at the end of the run (see conftest.py).
FIGURES: dict[str, str] = {}


def record_figure(name: str, text: str) -> None:
    FIGURES[name] = text


def leaks(text: str) -> list[str]:
    """Tracebacks or server paths found in a response body (empty when clean)."""
    found = [match.group(0) for match in _LEAKS.finditer(text)]
    return found + ([str(REPO)] if str(REPO) in text else [])


Server = GunicornServer  # base, port, process, log and log_text()


@contextmanager
def gunicorn(dirs: ArchiveDirs, workers: int = 2, **env: str) -> Iterator[Server]:
    """A gunicorn over ``dirs`` on a free 127.0.0.1 port, stopped (by PID) on exit.

    It runs in a process group of its own: see ``kill_group``.
    """
    port = free_port()
    log = dirs.root / f"gunicorn-{port}.log"
    with serve(
        dirs.env(**env), log, port=port, workers=workers, new_session=True, interval=0.1
    ) as server:
        yield server


def kill_group(process: subprocess.Popen[Any]) -> None:
    """SIGKILL a server we started and the workers it forked (its own process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
