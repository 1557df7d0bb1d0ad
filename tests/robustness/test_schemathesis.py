"""Property-based contract test: generated requests for every operation of ``openapi.yaml``.

Schemathesis reads the committed contract (not the app's live copy, so a drift between the
two cannot hide a bug) and sends its cases to the app in process: schema-valid requests, which
must be answered as documented, and schema-violating ones, which must be refused with a
documented 4xx. Every response is checked: no 5xx, a documented status, content type,
headers and body schema; writes are also sent without the token, which must be refused.
Generation is seeded and derandomized, so a run is reproducible.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.core.result import Ok

from archive_api import create_app

from .harness import REPO, TOKEN, ArchiveDirs, make_archive, record_figure

SEED_NUMBER = 20_260_105
MAX_EXAMPLES = 40
MIN_CASES = 300
WRITES = {"POST", "PUT", "DELETE"}

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED_NUMBER,
        "generation": {"deterministic": True, "max-examples": MAX_EXAMPLES},
        "auth": {"openapi": {"bearerAuth": {"bearer": TOKEN}}},
        "analysis": {"constants": {"enabled": False}},
        "phases": {
            "fuzzing": {
                "extra-data-sources": {"responses": False},
                "error-feedback": {"enabled": False},
            }
        },
    }
)


class Router:
    """One WSGI app for schemathesis: writes go to an archive of their own, so that every
    generated read meets the untouched seed; each app is set by a fixture."""

    def __init__(self) -> None:
        self.read: Flask | None = None
        self.write: Flask | None = None

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        app = self.write if environ["REQUEST_METHOD"] in WRITES else self.read
        assert app is not None, "the apps are set by the module's fixture"
        answer: Iterable[bytes] = app(environ, start_response)
        return answer


ROUTER = Router()
schema = schemathesis.openapi.from_path(REPO / "openapi.yaml", config=CONFIG)
schema.app = ROUTER

# Rules the server enforces that openapi.yaml does not state, so a schema-valid request may
# break them and be refused: a calendar day that does not exist (the date pattern admits
# 1920-02-30 and 0000); parameters that need one another (search's "words or at least one
# filter", DTS's `start` with `end` and not with `ref`), which no OpenAPI keyword can tie
# together; name filters without a letter or digit. Each entry: status, parameter ("*": any;
# None: a problem without a list of errors), words of the detail.
# Such a refusal is tolerated and counted in the figures; any other refusal of valid data fails.
CONTRACT_GAPS: list[tuple[int, str | None, str]] = [
    (400, "date_from", "is not a date"),
    (400, "date_to", "is not a date"),
    (400, "date_from", "is after date_to"),
    (400, "date_to", "must not be before date_from"),
    (400, "q", "give words to search for, or at least one filter"),
    (400, "sender", "has no letters or digits"),
    (400, "recipient", "has no letters or digits"),
    (400, "place", "has no letters or digits"),
    (400, "kind", "is empty"),
    (400, "*", "is required with "),
    (400, "*", "cannot be combined with ref"),
    (400, "down", "is required when neither ref nor start and end are given"),
    (400, "down", "needs ref"),
    # Query values must be text a person could type: a NUL is a valid JSON-schema character.
    (400, "*", "must not contain a NUL character"),
    # A text must parse into a document: no schema can say which strings do.
    (422, "text", ""),
    (422, "id", "the body names"),
    # Stateable, not yet stated: the id pattern on the `doc_id` of PUT.
    (422, "id", "is not a valid id"),
    (422, "metadata", "must be an ISO date"),
]

SENT: Counter[tuple[str, int]] = Counter()  # cases by operation and status
GAPS_HIT: Counter[str] = Counter()
MODES: Counter[str] = Counter()  # cases by generation mode: positive, negative


def _app(dirs: ArchiveDirs, token: str | None) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "ARCHIVE_DOCUMENTS_DIR": str(dirs.documents),
            "ARCHIVE_INDEX_DIR": str(dirs.index),
            "ARCHIVE_API_TOKEN": token,
            "ARCHIVE_RELOAD_INTERVAL": 0.0,
            "ARCHIVE_SEARCH_RATE_LIMIT": 0,
        }
    )


@pytest.fixture(scope="module", autouse=True)
def apps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Router]:
    ROUTER.read = _app(make_archive(tmp_path_factory.mktemp("schemathesis-read")), None)
    ROUTER.write = _app(make_archive(tmp_path_factory.mktemp("schemathesis-write")), TOKEN)
    yield ROUTER
    ROUTER.read = ROUTER.write = None


def _contract_gaps(response: Any) -> list[str]:
    """The ``CONTRACT_GAPS`` a refusal is about, or [] when it is about anything else."""
    if response.status_code not in {status for status, _, _ in CONTRACT_GAPS}:
        return []
    body = response.json()
    blamed = [(e["name"], e["detail"]) for e in body.get("errors") or []]
    blamed = blamed or [(None, body.get("detail", ""))]
    gaps = []
    for name, detail in blamed:
        rule = next(
            (
                rule
                for rule in CONTRACT_GAPS
                if rule[0] == response.status_code
                and rule[1] in (name, "*" if name else None)
                and rule[2] in detail
            ),
            None,
        )
        if rule is None:
            return []
        gaps.append(f"{response.status_code} {name or 'body'}")
    return gaps


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_contract(case: schemathesis.Case[Any]) -> None:
    response = case.call()
    SENT[(case.operation.label, response.status_code)] += 1
    mode = case.meta.generation.mode.value if case.meta is not None else "explicit"
    MODES[mode] += 1
    excluded = []
    gaps = _contract_gaps(response) if mode == "positive" else []
    if gaps:
        GAPS_HIT.update(gaps)
        excluded.append(schemathesis.checks.positive_data_acceptance)
    case.validate_response(response, excluded_checks=excluded)


def test_enough_cases_for_every_operation() -> None:
    """Runs after ``test_contract`` (file order): every operation had cases, enough in all."""
    operations = set()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
        operations.add(result.ok().label)
    per_operation = Counter(label for label, _ in SENT.elements())
    assert set(per_operation) == operations, operations - set(per_operation)
    total = sum(SENT.values())
    assert total >= MIN_CASES, total
    assert not [key for key in SENT if key[1] >= 500], SENT
    by_status = Counter[int]()
    for (_, status), count in SENT.items():
        by_status[status] += count
    record_figure(
        "schemathesis",
        f"{total} cases over {len(operations)} operations ("
        + ", ".join(f"{mode} {n}" for mode, n in sorted(MODES.items()))
        + "), statuses "
        + ", ".join(f"{s}: {n}" for s, n in sorted(by_status.items()))
        + "; valid requests refused by rules the contract does not state: "
        + (", ".join(f"{name} {n}" for name, n in sorted(GAPS_HIT.items())) or "none"),
    )


def test_writes_survive_a_repeated_random_state(tmp_path: Path) -> None:
    """Found by this run: Hypothesis reseeds the global ``random`` before each example, Whoosh
    named new segments with it, and the second write hit an existing name (a 500)."""
    app = _app(make_archive(tmp_path), TOKEN)
    statuses = []
    with app.test_client() as client:
        for number in range(3):
            random.seed(0)  # what Hypothesis does before each example
            response = client.post(
                "/api/v1/documents",
                json={"text": f"Ankara'dan {number}. mektup."},
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            statuses.append(response.status_code)
    assert statuses == [201, 201, 201]
