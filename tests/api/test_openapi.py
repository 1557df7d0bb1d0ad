"""openapi.yaml is the generated contract: up to date, valid, and true to real responses."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from archive_api.api.examples import EXAMPLE_BASE_URL, EXAMPLE_REQUESTS, load_examples
from archive_api.api.spec import spec_dict, spec_yaml

from .helpers import DOC

COMMITTED = Path(__file__).resolve().parents[2] / "openapi.yaml"

# At least one real request per GET operation, including error answers.
REQUESTS = [
    "/api/v1/documents",
    "/api/v1/documents?per_page=0",
    DOC,
    "/api/v1/documents/none",
    f"{DOC}/pages?per_page=100",
    f"{DOC}/pages/9",
    f"{DOC}/pages/99",
    f"{DOC}/sections?per_page=100",
    f"{DOC}/sections/I.B.a",
    f"{DOC}/sections/giris",
    f"{DOC}/paragraphs?per_page=100&page=2",
    f"{DOC}/paragraphs/p1",
    f"{DOC}/footnotes?per_page=100",
    f"{DOC}/footnotes/*",
    f"{DOC}/footnotes/31",
    f"{DOC}/footnotes/abc",
    f"{DOC}/works?per_page=100",
    f"{DOC}/works/kinross-ataturk-bir-milletin",
    f"{DOC}/works/unknown",
    f"{DOC}/letters",
    f"{DOC}/letters/letter-3",
    f"{DOC}/letters?date_from=xx",
    f"{DOC}/annexes",
    f"{DOC}/annexes/4",
    "/api/v1/letters?place=ankara",
    "/api/v1/search?q=Karabekir&per_page=50",
    "/api/v1/search?type=letter",
    "/api/v1/search",
    "/api/v1/health",
    "/api/v1/dump",
    "/api/dts",
    "/api/dts/collection",
    "/api/dts/navigation?resource=turk-sovyet-iliskileri-1920&ref=I.B&down=1",
    "/api/dts/navigation?resource=turk-sovyet-iliskileri-1920&ref=I.Z",
    "/api/dts/document?ref=I.B",  # the TEI answer is checked in tests/dts
]


@pytest.fixture(scope="module")
def spec(app: Flask) -> dict[str, Any]:
    return spec_dict(app)


def _template_of(spec: dict[str, Any], url: str) -> str:
    path = url.split("?", 1)[0]
    for template in spec["paths"]:
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            return str(template)
    raise AssertionError(f"no path of the spec serves {url}")


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    # Local "#/components/..." references resolve against this root.
    return Draft202012Validator({**schema, "components": spec["components"]})


def _response_schema(
    spec: dict[str, Any], template: str, status: int, mimetype: str = "application/json"
) -> dict[str, Any]:
    """The documented schema of the body ``template`` answers with ``status`` as ``mimetype``
    (an operation may offer several media types: JSON, JSON-LD for DTS, exports)."""
    responses = spec["paths"][template]["get"]["responses"]
    response = responses.get(str(status)) or responses["default"]
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    expected = mimetype if status < 400 else "application/problem+json"
    assert expected in response["content"], (template, status, list(response["content"]))
    schema: dict[str, Any] = response["content"][expected]["schema"]
    return schema


def test_committed_file_is_generated_from_the_code(app: Flask) -> None:
    assert COMMITTED.read_text(encoding="utf-8") == spec_yaml(app), (
        "openapi.yaml is out of date: run `make openapi`"
    )


def test_served_contract_is_the_committed_file(client: FlaskClient) -> None:
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert response.get_data() == COMMITTED.read_bytes()


def test_contract_is_valid_openapi() -> None:
    document = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"description": "This server.", "url": "/"}]


def test_every_operation_is_exercised(spec: dict[str, Any]) -> None:
    covered = {_template_of(spec, url) for url in REQUESTS}
    assert covered == set(spec["paths"])
    # Reads are exercised here, the writes on documents in test_writes.py.
    writes = {"/api/v1/documents": {"post"}, "/api/v1/documents/{doc_id}": {"put", "delete"}}
    for path, item in spec["paths"].items():
        assert set(item) - {"parameters"} == {"get", *writes.get(path, ())}, path


@pytest.mark.parametrize("url", REQUESTS)
def test_real_responses_match_the_contract(
    client: FlaskClient, spec: dict[str, Any], url: str
) -> None:
    response = client.get(url)
    template = _template_of(spec, url)
    documented = set(spec["paths"][template]["get"]["responses"])
    assert str(response.status_code) in documented, (url, response.status_code, documented)
    schema = _response_schema(spec, template, response.status_code, response.mimetype)
    if not response.is_json:
        return  # an export (zip, XML...): its media type is documented, its body is not JSON
    errors = list(_validator(spec, schema).iter_errors(response.get_json()))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def _examples_in(spec: dict[str, Any]) -> list[tuple[dict[str, Any], Any]]:
    found = []
    responses = [r for item in spec["paths"].values() for r in item["get"]["responses"].values()]
    responses += list(spec["components"]["responses"].values())
    for response in responses:
        for content in response.get("content", {}).values():
            if "example" in content:
                found.append((content["schema"], content["example"]))
    return found


def test_every_example_has_the_documented_shape(spec: dict[str, Any]) -> None:
    examples = _examples_in(spec)
    assert len(examples) == len(EXAMPLE_REQUESTS)
    for schema, example in examples:
        errors = list(_validator(spec, schema).iter_errors(example))
        assert not errors, [e.message for e in errors[:5]]


@pytest.mark.parametrize("target", sorted(EXAMPLE_REQUESTS))
def test_every_example_is_a_real_response(client: FlaskClient, target: str) -> None:
    example = load_examples()[target]
    response = client.get(example["request"], base_url=EXAMPLE_BASE_URL)
    assert response.status_code == example["status"]
    body = response.get_json()
    if client.application.config["ARCHIVE_BACKEND"] == "postgres" and "items" in body:
        # The examples are the embedded backend's answers; PostgreSQL ranks by its own
        # scores, so its hits may stand in another order with other scores.
        body, expected = dict(body), dict(example["body"])
        body.pop("items"), expected.pop("items")
        assert body == expected
        return
    assert body == example["body"], "stale example: run `make openapi`"
