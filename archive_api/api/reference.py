"""``/openapi.yaml`` and ``/docs``: the contract, and a readable page rendered from it.

The page is built on the server from the same spec document, so it cannot describe an API
other than the one served; it needs no script and loads nothing from elsewhere.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, current_app, render_template
from markupsafe import Markup, escape

from archive_api.api.errors import problem_kinds
from archive_api.api.spec import spec_dict, spec_yaml

METHODS = ("get", "head", "post", "put", "patch", "delete", "options")
MAX_DEPTH = 6
_BACKTICKS = re.compile(r"`([^`]+)`")


def inline_code(text: str) -> Markup:
    """Descriptions mark code with backticks, as in Markdown; show it as code."""
    return Markup(_BACKTICKS.sub(r"<code>\1</code>", str(escape(text))))


@dataclass
class FieldRow:
    name: str  # dotted path, ``[]`` for list items
    type: str
    required: bool
    description: str
    depth: int


@dataclass
class ResponseView:
    status: str
    description: str
    content_type: str | None
    schema_name: str | None
    fields: list[FieldRow] = field(default_factory=list)
    example: str | None = None


@dataclass
class ParameterView:
    name: str
    location: str
    required: bool
    type: str
    description: str
    example: str | None


@dataclass
class OperationView:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[ParameterView]
    responses: list[ResponseView]


@dataclass
class TagView:
    name: str
    description: str
    operations: list[OperationView] = field(default_factory=list)


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Follow a local ``$ref``; returns the target and the component's name."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return node, None
    target: Any = spec
    for part in ref[2:].split("/"):
        target = target[part]
    return target, ref.rsplit("/", 1)[-1]


def describe_type(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    """A short human type: ``string | null``, ``array of Letter``, ``integer (1..100)``."""
    if "$ref" in schema:
        return _resolve(spec, schema)[1] or "object"
    if "anyOf" in schema:
        return " | ".join(describe_type(spec, s) for s in schema["anyOf"])
    kinds = schema.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    words = []
    for kind in kinds:
        if kind == "array":
            words.append(f"array of {describe_type(spec, schema.get('items', {}))}")
        else:
            words.append(str(kind))
    text = " | ".join(words)
    if "enum" in schema:
        text += " (" + ", ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"]) + ")"
    if "minimum" in schema or "maximum" in schema:
        text += f" ({schema.get('minimum', '')}..{schema.get('maximum', '')})"
    if "format" in schema:
        text += f", {schema['format']}"
    if "default" in schema:
        text += f", default {json.dumps(schema['default'])}"
    return text


def schema_rows(
    spec: dict[str, Any],
    schema: dict[str, Any],
    prefix: str = "",
    depth: int = 0,
    seen: frozenset[str] = frozenset(),
) -> list[FieldRow]:
    """Every field of an object schema, nested objects and list items flattened."""
    target, name = _resolve(spec, schema)
    if name is not None:
        if name in seen or depth > MAX_DEPTH:
            return []
        seen = seen | {name}
    rows: list[FieldRow] = []
    required = set(target.get("required", []))
    for key, prop in target.get("properties", {}).items():
        path = f"{prefix}{key}"
        rows.append(
            FieldRow(
                path,
                describe_type(spec, prop),
                key in required,
                str(prop.get("description", "")),
                depth,
            )
        )
        for inner in _object_parts(spec, prop):
            rows += schema_rows(spec, inner[0], f"{path}{inner[1]}.", depth + 1, seen)
    return rows


def _object_parts(spec: dict[str, Any], prop: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """The object schemas nested in a property, with the suffix for their field paths."""
    parts: list[tuple[dict[str, Any], str]] = []
    for option in prop.get("anyOf", [prop]):
        if "$ref" in option:
            parts.append((option, ""))
        elif option.get("type") == "array" and "$ref" in option.get("items", {}):
            parts.append((option["items"], "[]"))
    return parts


def _example(content: dict[str, Any]) -> str | None:
    if "example" not in content:
        return None
    return json.dumps(content["example"], ensure_ascii=False, indent=2)


def _parameter_view(spec: dict[str, Any], raw: dict[str, Any]) -> ParameterView:
    param, _ = _resolve(spec, raw)
    example = param.get("example")
    return ParameterView(
        name=param["name"],
        location=param["in"],
        required=bool(param.get("required")),
        type=describe_type(spec, param.get("schema", {})),
        description=str(param.get("description", "")),
        example=None if example is None else str(example),
    )


def _response_view(spec: dict[str, Any], status: str, raw: dict[str, Any]) -> ResponseView:
    response, _ = _resolve(spec, raw)
    contents: dict[str, Any] = response.get("content", {})
    content_type = next(iter(contents), None)
    content: dict[str, Any] = contents[content_type] if content_type else {}
    schema: dict[str, Any] = content.get("schema", {})
    return ResponseView(
        status=status,
        description=str(response.get("description", "")),
        # Every media type offered (exports), the first one's schema shown.
        content_type=", ".join(contents) or None,
        schema_name=_resolve(spec, schema)[1] if schema else None,
        # Error bodies are all the same problem document, described once on the page.
        fields=schema_rows(spec, schema) if schema and status.startswith("2") else [],
        example=_example(content),
    )


def _anchor(method: str, path: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-")
    return f"{method}-{slug}"


def operation_views(spec: dict[str, Any]) -> list[TagView]:
    """The operations of the spec grouped by tag, in the order the tags are declared."""
    tags = {t["name"]: TagView(t["name"], t.get("description", "")) for t in spec.get("tags", [])}
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            tag = (op.get("tags") or ["other"])[0]
            tags.setdefault(tag, TagView(tag, "")).operations.append(
                OperationView(
                    anchor=_anchor(method, path),
                    method=method.upper(),
                    path=path,
                    summary=str(op.get("summary", "")),
                    description=str(op.get("description", "")),
                    parameters=[
                        _parameter_view(spec, p) for p in [*shared, *op.get("parameters", [])]
                    ],
                    responses=[
                        _response_view(spec, status, raw)
                        for status, raw in sorted(op.get("responses", {}).items())
                    ],
                )
            )
    return [t for t in tags.values() if t.operations]


def make_blueprint() -> Blueprint:
    blp = Blueprint("reference", __name__)
    blp.add_app_template_filter(inline_code, "inline_code")

    @blp.get("/openapi.yaml")
    def openapi_yaml() -> Response:
        return current_app.response_class(spec_yaml(current_app), mimetype="application/yaml")

    @blp.get("/docs")
    def docs() -> str:
        spec = spec_dict(current_app)
        problem_schema = schema_rows(spec, {"$ref": "#/components/schemas/Problem"})
        return render_template(
            "docs.html",
            info=spec["info"],
            openapi_version=spec["openapi"],
            tags=operation_views(spec),
            problems=problem_kinds(),
            problem_fields=problem_schema,
        )

    return blp
