"""Shared fixtures: the seed document, a private copy of the documents, a built index."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive_api.search.generations import Manifest

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = REPO / "documents"
SEED_ID = "turk-sovyet-iliskileri-1920"


@dataclass(frozen=True)
class BuiltIndex:
    """An index built once per session from a copy of ``documents/``; do not modify it."""

    documents_dir: Path
    index_dir: Path
    manifest: Manifest


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (DOCUMENTS / f"{SEED_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture
def documents_dir(tmp_path: Path) -> Path:
    """A copy of ``documents/`` that a test may change."""
    target = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, target)
    return target


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> BuiltIndex:
    from archive_api.search.indexer import build_index
    from archive_api.store import DocumentStore

    root = tmp_path_factory.mktemp("built-index")
    documents = root / "documents"
    shutil.copytree(DOCUMENTS, documents)
    manifest = build_index(DocumentStore(documents), root / "index")
    return BuiltIndex(documents_dir=documents, index_dir=root / "index", manifest=manifest)
