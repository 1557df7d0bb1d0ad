"""CITATION.cff: valid CFF 1.2.0 for the software, its version the package's."""

from __future__ import annotations

import tomllib
from typing import Any

import yaml

from .helpers import REPO

# CFF 1.2.0: the keys a file must have, and every key it may have at the top level.
REQUIRED = {"cff-version", "message", "title", "authors"}
ALLOWED = REQUIRED | {
    "abstract", "commit", "contact", "date-released", "doi", "identifiers", "keywords",
    "license", "license-url", "preferred-citation", "references", "repository",
    "repository-artifact", "repository-code", "type", "url", "version",
}  # fmt: skip
ENTITY_KEYS = {
    "name", "address", "alias", "city", "country", "date-end", "date-start", "email", "fax",
    "location", "orcid", "post-code", "region", "tel", "website",
}  # fmt: skip


def _cff() -> Any:
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def test_keys_and_version() -> None:
    cff = _cff()
    assert REQUIRED <= set(cff) <= ALLOWED
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] in {"software", "dataset"}
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(cff["version"]) == project["version"]
    assert cff["license"] == "MIT" == project["license"]["text"]
    assert all(isinstance(k, str) and k for k in cff["keywords"])


def test_authors_are_the_project_as_an_entity() -> None:
    authors = _cff()["authors"]
    assert authors == [{"name": "The archive_api project"}]
    assert all(set(author) <= ENTITY_KEYS for author in authors)
