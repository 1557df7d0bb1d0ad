"""A fresh database for each test, in the session's throw-away cluster (``cluster`` of
tests/conftest.py)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from pg_cluster import Cluster

_names = itertools.count()


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
