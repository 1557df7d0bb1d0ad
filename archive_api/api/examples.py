"""Response examples in the contract are real responses, captured from the seed document.

Each example names the request that produced it; ``make openapi`` replays those requests
against a fresh index of the documents directory and stores the answers in
``examples.json`` beside this module, and the spec carries them. A test replays them again,
so an example can never drift from what the service really answers.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from flask import Flask

EXAMPLES_FILE = "examples.json"
JSON_TYPES = frozenset({"application/json", "application/ld+json", "application/problem+json"})
EXAMPLE_BASE_URL = "http://localhost:8000"
SEED = "turk-sovyet-iliskileri-1920"
_DOC = f"/api/v1/documents/{SEED}"

# spec target -> the request whose answer illustrates it. A target is "<METHOD> <path>" for
# an operation's success response, or "components/<NAME>" for a shared error response.
# /health has none: its answer names the index generation, which every build changes.
EXAMPLE_REQUESTS: dict[str, str] = {
    "GET /api/v1/documents": "/api/v1/documents?per_page=1",
    "GET /api/v1/documents/{doc_id}": _DOC,
    "GET /api/v1/documents/{doc_id}/pages": f"{_DOC}/pages?page=17&per_page=1",
    "GET /api/v1/documents/{doc_id}/pages/{number}": f"{_DOC}/pages/17",
    "GET /api/v1/documents/{doc_id}/sections": f"{_DOC}/sections?page=6&per_page=1",
    "GET /api/v1/documents/{doc_id}/sections/{section_id}": f"{_DOC}/sections/I.B.b",
    "GET /api/v1/documents/{doc_id}/paragraphs": f"{_DOC}/paragraphs?per_page=1",
    "GET /api/v1/documents/{doc_id}/paragraphs/{paragraph_id}": f"{_DOC}/paragraphs/p1",
    "GET /api/v1/documents/{doc_id}/footnotes": f"{_DOC}/footnotes?page=13&per_page=1",
    "GET /api/v1/documents/{doc_id}/footnotes/{label}": f"{_DOC}/footnotes/25",
    "GET /api/v1/documents/{doc_id}/works": f"{_DOC}/works?per_page=1",
    "GET /api/v1/documents/{doc_id}/works/{work_id}": "@first-work",
    "GET /api/v1/documents/{doc_id}/letters": f"{_DOC}/letters?per_page=1&place=ankara",
    "GET /api/v1/documents/{doc_id}/letters/{letter_id}": f"{_DOC}/letters/letter-4",
    "GET /api/v1/documents/{doc_id}/annexes": f"{_DOC}/annexes?per_page=1",
    "GET /api/v1/documents/{doc_id}/annexes/{number}": f"{_DOC}/annexes/2",
    "GET /api/v1/letters": "/api/v1/letters?sender=tchitcherine",
    "GET /api/v1/search": "/api/v1/search?q=Tchitcherine&type=letter&per_page=1",
    "components/BAD_REQUEST": "/api/v1/documents?per_page=0",
    "components/NOT_FOUND": f"{_DOC}/footnotes/41",
}


def resolve_request(app: Flask, source: str) -> str:
    """The concrete path of a request; ``@name`` sources depend on the data."""
    if source == "@first-work":
        with app.test_client() as client:
            works = client.get(f"{_DOC}/works?per_page=1", base_url=EXAMPLE_BASE_URL).get_json()
        url: str = works["items"][0]["url"]
        return url.removeprefix(EXAMPLE_BASE_URL)
    return source


def capture_examples(app: Flask) -> dict[str, dict[str, Any]]:
    """Replay every example request on ``app`` and return what it answered."""
    captured: dict[str, dict[str, Any]] = {}
    with app.test_client() as client:
        for target, source in EXAMPLE_REQUESTS.items():
            path = resolve_request(app, source)
            response = client.get(path, base_url=EXAMPLE_BASE_URL)
            captured[target] = {
                "request": path,
                "status": response.status_code,
                "body": response.get_json(),
            }
    return captured


def write_examples(examples: dict[str, dict[str, Any]], path: Path | None = None) -> None:
    target = path or Path(__file__).with_name(EXAMPLES_FILE)
    text = json.dumps(examples, ensure_ascii=False, indent=1, sort_keys=True)
    target.write_text(text + "\n", encoding="utf-8")


def load_examples() -> dict[str, dict[str, Any]]:
    """The stored examples; none before the first ``make openapi``."""
    resource = resources.files("archive_api.api").joinpath(EXAMPLES_FILE)
    if not resource.is_file():
        return {}
    data: dict[str, dict[str, Any]] = json.loads(resource.read_text(encoding="utf-8"))
    return data


def attach_examples(spec: dict[str, Any], examples: dict[str, dict[str, Any]]) -> None:
    """Put each example under the response it illustrates (in place)."""
    for target, example in sorted(examples.items()):
        if target.startswith("components/"):
            response = spec["components"]["responses"].get(target.removeprefix("components/"))
        else:
            method, path = target.split(" ", 1)
            operation = spec["paths"].get(path, {}).get(method.lower(), {})
            response = operation.get("responses", {}).get(str(example["status"]))
        if not response:
            continue
        for media_type, content in response.get("content", {}).items():
            if media_type in JSON_TYPES:  # exports in other formats have no JSON example
                content["example"] = example["body"]
