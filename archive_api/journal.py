"""Crash-safe changes to the documents directory: a document's files change together or not.

A change is written in three durable steps, each followed by an fsync of the folder:

1. the new ``<id>.txt`` and ``<id>.json`` go to hidden temporary files beside their
   targets (``.<id>.txt.tmp-<hex>``), flushed to disk;
2. an intent file ``.<id>.intent`` names them; it appears by an atomic rename, and from
   this moment the change is decided;
3. the temporary files are renamed over their targets (or the targets deleted, for a
   removal), then the intent file is deleted.

A process killed before step 2 leaves only temporary files: the change never happened and
``recover`` deletes them. Killed after step 2, ``recover`` finishes the renames the intent
names, so the document is wholly new, never half old and half new. Temporary and intent
files start with a dot and do not end in ``.txt``: the store never lists them.

Only one writer may change the folder at a time, and ``recover`` deletes temporary files
it does not know: callers hold the index build lock around both.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_api.store import is_valid_id

INTENT_SUFFIX = ".intent"
_TEMP = re.compile(r"\.(?P<id>[a-z0-9][a-z0-9._-]*)\.(?:txt|json|intent)\.tmp-[0-9a-f]{8}")
_INTENT = re.compile(r"\.(?P<id>[a-z0-9][a-z0-9._-]*)\.intent")


@dataclass
class Recovery:
    """What ``recover`` found: changes it completed and leftovers it deleted."""

    completed: list[str] = field(default_factory=list)  # document ids
    removed: list[str] = field(default_factory=list)  # file names

    def __bool__(self) -> bool:
        return bool(self.completed or self.removed)


def write_document(root: Path, doc_id: str, text: bytes, metadata: bytes | None) -> None:
    """Make ``<id>.txt`` hold ``text`` and ``<id>.json`` hold ``metadata`` (absent if None)."""
    _check_id(doc_id)
    intent: dict[str, Any] = {"id": doc_id, "text": None, "metadata": None}
    intent["text"] = _write_temp(root, f"{doc_id}.txt", text).name
    if metadata is not None:
        intent["metadata"] = _write_temp(root, f"{doc_id}.json", metadata).name
    _commit(root, doc_id, intent)


def delete_document(root: Path, doc_id: str) -> None:
    """Remove ``<id>.txt`` and ``<id>.json``."""
    _check_id(doc_id)
    _commit(root, doc_id, {"id": doc_id, "delete": True})


def recover(root: Path) -> Recovery:
    """Finish every decided change and delete what undecided ones left behind."""
    recovery = Recovery()
    if not root.is_dir():
        return recovery
    for name in _dot_files(root):
        path = root / name
        match = _INTENT.fullmatch(name)
        if match is None or not path.is_file():
            continue
        try:
            intent = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            intent = None
        try:
            if not isinstance(intent, dict) or intent.get("id") != match["id"]:
                raise ValueError("not an intent of this document")
            _apply(root, intent)
            recovery.completed.append(match["id"])
        except ValueError:
            recovery.removed.append(path.name)  # not written by this module: ignore it
        path.unlink(missing_ok=True)
        _fsync_dir(root)
    for name in _dot_files(root):
        path = root / name
        if _TEMP.fullmatch(name) and path.is_file():
            path.unlink(missing_ok=True)
            recovery.removed.append(path.name)
    if recovery.removed:
        _fsync_dir(root)
    return recovery


def _dot_files(root: Path) -> list[str]:
    """The folder's hidden names, sorted: intents and temporary files are among them, the
    documents are not. Sorting only these keeps a write at an archive of hundreds of
    thousands of files from sorting them all."""
    with os.scandir(root) as entries:
        return sorted(entry.name for entry in entries if entry.name.startswith("."))


def _commit(root: Path, doc_id: str, intent: dict[str, Any]) -> None:
    data = json.dumps(intent).encode("utf-8")
    temp = _write_temp(root, f"{doc_id}{INTENT_SUFFIX}", data)
    final = root / f".{doc_id}{INTENT_SUFFIX}"
    os.replace(temp, final)
    _fsync_dir(root)  # the change is decided from here on
    _apply(root, intent)
    final.unlink()
    _fsync_dir(root)


def _apply(root: Path, intent: dict[str, Any]) -> None:
    """Carry out an intent; safe to repeat after a crash half-way through."""
    doc_id = str(intent["id"])
    _check_id(doc_id)
    text, meta = root / f"{doc_id}.txt", root / f"{doc_id}.json"
    if intent.get("delete"):
        text.unlink(missing_ok=True)  # the document is gone from here on
        meta.unlink(missing_ok=True)
    else:
        # Both names are checked before either file is touched.
        text_temp = _temp_named(root, doc_id, intent.get("text"))
        meta_temp = _temp_named(root, doc_id, intent.get("metadata"))
        if text_temp is None:
            raise ValueError(f"intent of {doc_id!r} names no text")
        if meta_temp is None:
            meta.unlink(missing_ok=True)
        elif meta_temp.exists():
            os.replace(meta_temp, meta)
        if text_temp.exists():
            os.replace(text_temp, text)
    _fsync_dir(root)


def _temp_named(root: Path, doc_id: str, name: object) -> Path | None:
    """The temporary file an intent names, if it is one of this document's."""
    if not isinstance(name, str):
        return None
    match = _TEMP.fullmatch(name)
    if match is None or match["id"] != doc_id:
        raise ValueError(f"intent of {doc_id!r} names a foreign file {name!r}")
    return root / name


def _write_temp(root: Path, target_name: str, data: bytes) -> Path:
    path = root / f".{target_name}.tmp-{secrets.token_hex(4)}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _check_id(doc_id: str) -> None:
    if not is_valid_id(doc_id):
        raise ValueError(f"not a document id: {doc_id!r}")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
