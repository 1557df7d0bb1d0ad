"""Fixtures for the parser tests: the seed article read from ``documents/``, parsed once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive_api.models import Metadata
from archive_api.parsing.structure import Structure, parse_structure

DOCUMENTS = Path(__file__).resolve().parents[2] / "documents"
SEED_ID = "turk-sovyet-iliskileri-1920"


@pytest.fixture(scope="session")
def seed_raw() -> str:
    """The seed article exactly as stored (UTF-8, LF)."""
    return (DOCUMENTS / f"{SEED_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_metadata_raw() -> object:
    """The seed's metadata file, decoded but not validated."""
    loaded: object = json.loads((DOCUMENTS / f"{SEED_ID}.json").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="session")
def seed_metadata(seed_metadata_raw: object) -> Metadata:
    from archive_api.parsing.metadata import parse_metadata

    return parse_metadata(seed_metadata_raw, f"{SEED_ID}.json")


@pytest.fixture(scope="session")
def seed_structure(seed_raw: str) -> Structure:
    """Layout, sections, paragraphs and footnotes of the seed (no dates, letters, works)."""
    return parse_structure(seed_raw, SEED_ID)
