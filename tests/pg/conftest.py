"""A throw-away PostgreSQL cluster for the session, and a fresh database for each test.

Without PostgreSQL's server programs these tests are skipped, unless
``ARCHIVE_REQUIRE_POSTGRES`` is set (CI sets it): then they fail, so that a missing
install cannot pass for a green run.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from pg_cluster import Cluster, available, throwaway_cluster

_names = itertools.count()


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    if not available():
        if os.environ.get("ARCHIVE_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL's server programs are not installed")
        pytest.skip("PostgreSQL's server programs are not installed")
    with throwaway_cluster() as running:
        yield running


@pytest.fixture
def database_url(cluster: Cluster) -> Iterator[str]:
    """The URL of a new, empty database, dropped after the test."""
    name = f"archive_test_{os.getpid()}_{next(_names)}"
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield cluster.url(name)
    finally:
        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def connection(database_url: str) -> Iterator[psycopg.Connection[Any]]:
    from archive_api.pg.writer import connect, prepare

    with connect(database_url) as opened:
        prepare(opened)
        yield opened
