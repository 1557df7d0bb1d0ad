"""The seed document, read once for the text tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_api.text.tokens import words

SEED = Path(__file__).resolve().parents[2] / "documents" / "turk-sovyet-iliskileri-1920.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_vocabulary(seed_text: str) -> list[str]:
    """Every distinct alphabetic word of the seed, normalised as the analyzers see it."""
    return sorted({word for word in words(seed_text) if word.isalpha()})
