"""The documents directory: ``<id>.txt`` (the OCR'd text) and an optional ``<id>.json``.

All file I/O for documents lives here so the parser stays pure. Ids are checked against
one pattern before any path is built, so no id can name a file outside the root. Files of a
write in progress (hidden, ending ``.tmp-<hex>`` or ``.intent``: see ``journal``) never end in
``.txt`` and are never listed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from archive_api.errors import NotFound, ParseError
from archive_api.models import Document, Metadata
from archive_api.parsing import parse_document, parse_metadata

_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,127}")
_UTF8_BOM = "\ufeff"


def is_valid_id(doc_id: str) -> bool:
    """True for a lower-case file-name-safe id such as ``turk-sovyet-iliskileri-1920``."""
    return _ID.fullmatch(doc_id) is not None and ".." not in doc_id


def read_text_file(path: Path) -> str:
    """Strict UTF-8 text of ``path``; binary, undecodable or empty content is a ParseError."""
    return decode_text(_read_bytes(path), str(path))


def decode_text(data: bytes, source: str | None) -> str:
    """The rule every document text follows, on disk or on its way there: strict UTF-8,
    no NUL bytes, not blank; a leading byte order mark is dropped."""
    if b"\x00" in data:
        raise ParseError("binary content (NUL bytes), expected UTF-8 text", source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}", source
        ) from None
    text = text.removeprefix(_UTF8_BOM)
    if not text.strip():
        raise ParseError("empty file", source)
    return text


def file_digest(name: str, data: bytes) -> str:
    """One line of a source fingerprint: the file's name, size and content hash."""
    return f"{name}\0{len(data)}\0{hashlib.sha256(data).hexdigest()}\n"


def sources_fingerprint(sources: Mapping[str, str]) -> str:
    """The fingerprint of documents whose digests (``DocumentStore.source``) are given.

    Documents are taken in the order of their text files' names, as ``fingerprint`` lists
    them, so a fingerprint kept from earlier digests equals a fresh one of the same files.
    """
    digest = hashlib.sha256()
    for doc_id in sorted(sources, key=lambda i: f"{i}.txt"):
        digest.update(sources[doc_id].encode())
    return digest.hexdigest()


def read_metadata_file(path: Path) -> Metadata:
    """The metadata in ``path``: a JSON object; anything else is a ParseError naming the file."""
    raw: Any
    try:
        raw = json.loads(read_text_file(path))
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", str(path)
        ) from None
    if not isinstance(raw, dict):
        raise ParseError(f"metadata must be a JSON object, not {type(raw).__name__}", str(path))
    return parse_metadata(raw, str(path))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"no such file: {path}") from None
    except IsADirectoryError:
        raise ParseError("is a directory, expected a text file", str(path)) from None
    except OSError as exc:
        raise ParseError(f"cannot be read: {exc.strerror or exc}", str(path)) from None


class DocumentStore:
    """Read access to the documents directory; every read goes to disk (no cache)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def ids(self) -> list[str]:
        """Ids of the documents present, sorted; files with names that are not ids are skipped."""
        return [path.stem for path in self._text_files() if is_valid_id(path.stem)]

    def skipped(self) -> list[str]:
        """Names of ``.txt`` files that were skipped because their name is not a valid id."""
        return [path.name for path in self._text_files() if not is_valid_id(path.stem)]

    def text_path(self, doc_id: str) -> Path:
        return self._path(doc_id, ".txt")

    def metadata_path(self, doc_id: str) -> Path:
        return self._path(doc_id, ".json")

    def read(self, doc_id: str) -> tuple[str, Metadata | None]:
        """The text and (when ``<id>.json`` exists) the metadata of one document."""
        text = read_text_file(self.text_path(doc_id))
        meta_path = self.metadata_path(doc_id)
        metadata = read_metadata_file(meta_path) if meta_path.exists() else None
        return text, metadata

    def load(self, doc_id: str) -> Document:
        """Read and parse one document."""
        text, metadata = self.read(doc_id)
        try:
            return parse_document(doc_id, text, metadata)
        except ParseError as exc:
            if exc.source:
                raise
            raise ParseError(exc.message, str(self.text_path(doc_id))) from exc

    def load_all(self) -> list[Document]:
        return [self.load(doc_id) for doc_id in self.ids()]

    def fingerprint(self) -> str:
        """A hash of every source file's name, size and content: equal means nothing changed."""
        return sources_fingerprint(self.sources())

    def exists(self, doc_id: str) -> bool:
        """True when ``<id>.txt`` is present (an invalid id never exists)."""
        return is_valid_id(doc_id) and self.text_path(doc_id).is_file()

    def source(self, doc_id: str) -> str | None:
        """The digest of one document's files (text, then metadata when present); None
        when its text is gone. Two equal digests mean the same bytes on disk."""
        lines = []
        for path in (self.text_path(doc_id), self.metadata_path(doc_id)):
            try:
                lines.append(file_digest(path.name, path.read_bytes()))
            except FileNotFoundError:
                if path.suffix == ".txt":
                    return None
        return "".join(lines)

    def sources(self) -> dict[str, str]:
        """The digest of every document present, by id."""
        found = {doc_id: self.source(doc_id) for doc_id in self.ids()}
        return {doc_id: digest for doc_id, digest in found.items() if digest is not None}

    def _text_files(self) -> list[Path]:
        if not self.root.is_dir():
            raise NotFound(f"documents directory not found: {self.root}")
        return sorted(p for p in self.root.iterdir() if p.suffix == ".txt" and p.is_file())

    def _path(self, doc_id: str, suffix: str) -> Path:
        if not is_valid_id(doc_id):
            raise NotFound(f"no document {doc_id!r}")
        return self.root / f"{doc_id}{suffix}"
