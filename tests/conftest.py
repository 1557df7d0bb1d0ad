"""Shared fixtures: the seed document, a private copy of the documents, a built index, a
throw-away PostgreSQL cluster and a database holding the same documents.

Without PostgreSQL's server programs the tests that need the cluster are skipped, unless
``ARCHIVE_REQUIRE_POSTGRES`` is set (CI sets it): then they fail, so that a missing install
cannot pass for a green run.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from archive_api.search.generations import Manifest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
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


@pytest.fixture(scope="session")
def cluster() -> Iterator[Any]:
    """A PostgreSQL cluster for the session (``benchmarks/pg_cluster.py``)."""
    from pg_cluster import available, throwaway_cluster

    if not available():
        if os.environ.get("ARCHIVE_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL's server programs are not installed")
        pytest.skip("PostgreSQL's server programs are not installed")
    with throwaway_cluster() as running:
        yield running


TEMPLATE_DATABASE = "archive_template"
_copies = itertools.count()


@pytest.fixture(scope="session")
def database_template(cluster: Any, built_index: BuiltIndex) -> str:
    """The name of a database holding the documents of ``built_index``, which nothing
    connects to: databases are made as copies of it (``CREATE DATABASE … TEMPLATE``)."""
    import psycopg

    from archive_api.pg.writer import connect, load_store, prepare
    from archive_api.store import DocumentStore

    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{TEMPLATE_DATABASE}"')
    with connect(cluster.url(TEMPLATE_DATABASE)) as connection:
        prepare(connection)
        load_store(connection, DocumentStore(built_index.documents_dir))
        connection.commit()
    return TEMPLATE_DATABASE


def copy_database(cluster: Any, template: str, name: str) -> str:
    """Make ``name`` a copy of ``template``; its URL."""
    import psycopg

    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return str(cluster.url(name))


@pytest.fixture(scope="session")
def built_database(cluster: Any, database_template: str) -> str:
    """The URL of a database holding the documents of ``built_index``; do not modify it."""
    return copy_database(cluster, database_template, "archive_built")


@pytest.fixture
def database_copy(cluster: Any, database_template: str) -> Iterator[str]:
    """The URL of a private copy of ``built_database`` that a test may change."""
    import psycopg

    name = f"archive_copy_{os.getpid()}_{next(_copies)}"
    yield copy_database(cluster, database_template, name)
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
