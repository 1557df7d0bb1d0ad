"""A Python client generated from the committed ``openapi.yaml``, used against the server.

The generator (``openapi-python-client``) runs offline with warnings as errors: anything
in the contract it rejects or cannot type is a contract bug this test reports. The client's
modules are found by the path they call, not by the names the generator derives, so
renaming an operation does not break the test; changing a path or a field does.
"""

from __future__ import annotations

import enum
import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .helpers import REPO, SEED, SEED_TITLE, Server

PACKAGE = "generated_archive_client"
# No formatter run afterwards; export formats the generator has no type for are bytes.
GENERATOR_CONFIG = """\
post_hooks: []
content_type_overrides:
  application/tei+xml: application/octet-stream
  application/zip: application/octet-stream
"""


@pytest.fixture(scope="module")
def generated(server: Server) -> Iterator[ModuleType]:
    target = server.root / "client"
    target.mkdir()
    config = target / "generator.yaml"
    config.write_text(GENERATOR_CONFIG, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(REPO / "openapi.yaml"),
            "--output-path",
            str(target / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(config),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, (
        f"the generator rejects openapi.yaml:\n{result.stdout}\n{result.stderr}"
    )
    sys.path.insert(0, str(target))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(target))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def client(generated: ModuleType, server: Server) -> Any:
    return generated.Client(base_url=server.base, raise_on_unexpected_status=True)


def operation(package: ModuleType, path: str) -> ModuleType:
    """The generated module of ``GET path``."""
    root = Path(package.__file__ or "").parent / "api"
    found = [
        module
        for module in sorted(root.rglob("*.py"))
        if f'"url": "{path}"' in (source := module.read_text(encoding="utf-8"))
        and '"method": "get"' in source
    ]
    assert len(found) == 1, f"{len(found)} generated operations call {path}"
    relative = found[0].relative_to(root.parent).with_suffix("")
    return importlib.import_module(".".join((PACKAGE, *relative.parts)))


def enum_member(module: ModuleType, value: str) -> enum.Enum:
    """The member with ``value`` of the one enum a generated operation module uses."""
    members = [
        member
        for item in vars(module).values()
        if isinstance(item, type) and issubclass(item, enum.Enum)
        for member in item
        if member.value == value
    ]
    assert len(members) == 1, (module.__name__, value, members)
    return members[0]


def test_generator_accepts_the_contract(generated: ModuleType) -> None:
    api = Path(generated.__file__ or "").parent / "api"
    operations = sorted(p.stem for p in api.rglob("*.py") if p.stem != "__init__")
    assert len(operations) >= 19, operations  # every GET of the contract became a function
    assert hasattr(generated, "Client")


def test_list_documents(generated: ModuleType, client: Any) -> None:
    documents = operation(generated, "/api/v1/documents").sync(client=client)
    assert documents.total == 1
    (doc,) = documents.items
    assert doc.id == SEED
    assert doc.title == SEED_TITLE
    assert (doc.counts.pages, doc.counts.letters, doc.counts.footnotes) == (17, 4, 41)
    assert [entry.id for entry in doc.toc][:2] == ["giris", "I"]
    assert doc.metadata.language == "tr"


def test_letters_of_the_seed(generated: ModuleType, client: Any) -> None:
    letters = operation(generated, "/api/v1/documents/{doc_id}/letters").sync(
        doc_id=SEED, client=client
    )
    assert [x.id for x in letters.items] == ["letter-1", "letter-2", "letter-3", "letter-4"]
    assert [x.annex for x in letters.items] == [1, 2, 3, 4]
    first, second = letters.items[0], letters.items[1]
    assert (first.date, first.date_original) == ("1920-05-09", "9.5.1336 (1920)")
    assert str(first.calendar) == "rumi"
    assert first.sender.name == "Mustafa Kemal"
    assert second.sender.name == "Tchitcherine"
    assert second.reference == "U/851"
    assert second.url.startswith(f"{client._base_url}/api/v1/documents/{SEED}/letters/")
    one = operation(generated, "/api/v1/documents/{doc_id}/letters/{letter_id}").sync(
        doc_id=SEED, letter_id="letter-4", client=client
    )
    assert one.kind == "Şifre" and one.recipient.name == "Kâzım Karabekir"


def test_search(generated: ModuleType, client: Any) -> None:
    search = operation(generated, "/api/v1/search")
    letter = enum_member(search, "letter")
    found = search.sync(client=client, q="Çiçerin", type_=[letter])
    assert found.total == 1
    assert [(hit.type_, hit.id) for hit in found.items] == [("letter", "letter-2")]
    assert "<mark>Tchitcherine</mark>" in found.items[0].snippet
    counts = found.facets.type_.to_dict()
    assert counts["letter"] == 1 and counts["paragraph"] == 11
    # Pages of hits, followed with the same function.
    first = search.sync(client=client, q="Çiçerin", per_page=5)
    second = search.sync(client=client, q="Çiçerin", per_page=5, page=2)
    assert first.total == second.total >= 10
    assert first.links.next_ is not None and "page=2" in first.links.next_
    assert {h.id for h in first.items}.isdisjoint(h.id for h in second.items)


def test_errors_arrive_as_problems(generated: ModuleType, client: Any) -> None:
    footnote = operation(generated, "/api/v1/documents/{doc_id}/footnotes/{label}")
    response = footnote.sync_detailed(doc_id=SEED, label="99", client=client)
    assert response.status_code == 404
    assert response.parsed.status == 404
    assert response.parsed.type_ == "/docs#problem-not-found"
    note = footnote.sync(doc_id=SEED, label="28", client=client)
    assert note.text.startswith("Atatürk'ün Milli Dış")
