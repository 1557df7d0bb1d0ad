"""The pieces of the kill test: what a write changes, the moments to kill it at, the verdict.

A write is watched from outside, through the files it leaves: nothing in the service has to
pause or signal. Each moment is something a write does on disk, in the order it does it
(temporary file, intent, files in place, new index generation, its records, its manifest,
the switch of ``CURRENT``); the process is killed as soon as the moment is seen. A moment
that is over before the poll sees it is passed over, and the kill lands later.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive_api.search.generations import (
    RECORDS,
    RECORDS_DELTA,
    current_name,
    generation_names,
)

from .harness import ATATURK, ATATURK_IDS, ArchiveDirs, ataturk_document

POLL_SECONDS = 0.0002
KILL_DEADLINE = 60.0


@dataclass(frozen=True)
class Version:
    """One state of a document on disk: its text and metadata."""

    text: bytes
    metadata: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.metadata["title"])


@dataclass(frozen=True)
class Scenario:
    """A write of one document: from ``before`` to ``after`` (None: absent)."""

    name: str
    doc_id: str
    before: Version | None
    after: Version | None
    marker: str | None = None  # a word only ``after`` has, to search for


ADDED_ID = "atam-c1-1912-001"
REPLACED_ID = ATATURK_IDS[1]
REMOVED_ID = ATATURK_IDS[2]
MARKER = "Zeytinburnu"


def _version(doc_id: str) -> Version:
    text, metadata = ataturk_document(doc_id)
    return Version(text.encode("utf-8"), metadata)


def scenarios() -> dict[str, Scenario]:
    """Adding a new text, replacing one (text and title), removing one."""
    old = _version(REPLACED_ID)
    new = Version(
        old.text + f"\n\n{MARKER} mektubu da aynı gün yazıldı.\n".encode(),
        {**old.metadata, "title": f"{old.title} (ikinci nüsha)"},
    )
    return {
        "add": Scenario("add", ADDED_ID, None, _version(ADDED_ID)),
        "replace": Scenario("replace", REPLACED_ID, old, new, MARKER),
        "remove": Scenario("remove", REMOVED_ID, _version(REMOVED_ID), None),
    }


def on_disk(documents: Path, doc_id: str) -> tuple[bytes | None, Any]:
    """The document's text and parsed metadata as the files hold them (None: no file)."""
    text_path, meta_path = documents / f"{doc_id}.txt", documents / f"{doc_id}.json"
    text = text_path.read_bytes() if text_path.is_file() else None
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else None
    return text, meta


def as_disk(version: Version | None) -> tuple[bytes | None, Any]:
    return (None, None) if version is None else (version.text, version.metadata)


def source_file(folder: Path, version: Version, doc_id: str) -> Path:
    """``<doc_id>.txt`` and its ``.json`` in ``folder``, for ``archive-api ingest``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{doc_id}.txt").write_bytes(version.text)
    meta = json.dumps(version.metadata, ensure_ascii=False)
    (folder / f"{doc_id}.json").write_text(meta, encoding="utf-8")
    return folder / f"{doc_id}.txt"


def fresh_copy(template: ArchiveDirs, root: Path) -> ArchiveDirs:
    """A copy of a built archive, for one round."""
    shutil.copytree(template.documents, root / "documents")
    shutil.copytree(template.index, root / "index")
    return ArchiveDirs(root=root, documents=root / "documents", index=root / "index")


class Watch:
    """The moments of one write of ``scenario`` to ``dirs``, seen from outside."""

    def __init__(self, dirs: ArchiveDirs, scenario: Scenario) -> None:
        self.dirs = dirs
        self.scenario = scenario
        self.generations_before = set(generation_names(dirs.index))
        self.current_before = current_name(dirs.index)

    def _dotfiles(self) -> list[str]:
        prefix = f".{self.scenario.doc_id}."
        return [name for name in os.listdir(self.dirs.documents) if name.startswith(prefix)]

    def _new_generation(self) -> Path | None:
        new = set(generation_names(self.dirs.index)) - self.generations_before
        return self.dirs.index / min(new) if new else None

    def _in_new_generation(self, name: str) -> bool:
        folder = self._new_generation()
        return folder is not None and (folder / name).exists()

    def _records_written(self) -> bool:
        """The new generation's records are being written: its delta exists, or its base is
        a file of its own rather than the current generation's, linked."""
        folder = self._new_generation()
        if folder is None:
            return False
        try:
            if (folder / RECORDS_DELTA).exists():
                return True
            shared = self.dirs.index / self.current_before / RECORDS
            return not (folder / RECORDS).samefile(shared)
        except FileNotFoundError:
            return False

    def _files_in_place(self) -> bool:
        text_path = self.dirs.documents / f"{self.scenario.doc_id}.txt"
        if self.scenario.after is None:
            return not text_path.exists()
        try:
            return text_path.read_bytes() == self.scenario.after.text
        except FileNotFoundError:
            return False

    def _switched(self) -> bool:
        try:
            return current_name(self.dirs.index) != self.current_before
        except Exception:  # CURRENT between its temporary file and the rename
            return False

    def predicate(self, moment: str) -> Callable[[], bool]:
        return {
            "temp-file": lambda: any(".tmp-" in name for name in self._dotfiles()),
            "intent": lambda: f".{self.scenario.doc_id}.intent" in self._dotfiles(),
            "files-in-place": self._files_in_place,
            "new-generation": lambda: self._new_generation() is not None,
            "records-written": self._records_written,
            "manifest-written": lambda: self._in_new_generation("manifest.json"),
            "switched": self._switched,
        }[moment]


MOMENTS = (
    "temp-file",
    "intent",
    "files-in-place",
    "new-generation",
    "records-written",
    "manifest-written",
    "switched",
)


def kill_when(
    ready: Callable[[], bool], finished: Callable[[], bool], kill: Callable[[], None]
) -> bool:
    """Kill as soon as ``ready()``; True when killed, False when the write finished first."""
    deadline = time.monotonic() + KILL_DEADLINE
    while time.monotonic() < deadline:
        if ready():
            kill()
            return True
        if finished():
            return False
        time.sleep(POLL_SECONDS)
    kill()
    raise AssertionError("the write neither reached the moment nor finished")


def kill_after(seconds: float, finished: Callable[[], bool], kill: Callable[[], None]) -> bool:
    """Kill after ``seconds``; True when killed, False when the write finished first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if finished():
            return False
        time.sleep(POLL_SECONDS)
    kill()
    return True


def sigkill(process: subprocess.Popen[Any]) -> None:
    """SIGKILL one process we started, by its PID, and reap it."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def leftovers(documents: Path) -> list[str]:
    """Hidden files of unfinished writes still in the documents folder."""
    return sorted(name for name in os.listdir(documents) if name.startswith("."))


def untouched_ids() -> list[str]:
    """Documents of the archive that no scenario changes."""
    return [doc_id for doc_id in ATATURK_IDS if doc_id not in (REPLACED_ID, REMOVED_ID)]


assert (ATATURK / f"{ADDED_ID}.txt").is_file()
