"""The OpenAPI document as committed in ``openapi.yaml``, byte for byte.

The YAML is produced from the code's spec with sorted keys and a fixed layout, so the file
at the repository root, ``GET /openapi.yaml`` and a fresh generation are identical and a
test can tell when code and contract drift apart. ``python -m archive_api.api.spec
openapi.yaml`` (``make openapi``) re-captures the examples from the documents directory and
rewrites the file; run it after changing a route, a schema or the parser.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from flask import Flask

from archive_api.api.examples import (
    attach_examples,
    capture_examples,
    load_examples,
    write_examples,
)

SPEC_EXTENSION_KEY = "archive_api.spec"


def spec_dict(app: Flask) -> dict[str, Any]:
    """The app's OpenAPI document, examples included, as plain JSON-compatible data."""
    cached: dict[str, Any] | None = app.extensions.get(SPEC_EXTENSION_KEY)
    if cached is None:
        api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
        # A JSON round trip turns apispec's mappings into plain dicts and lists.
        cached = json.loads(json.dumps(api.spec.to_dict()))
        attach_examples(cached, load_examples())
        app.extensions[SPEC_EXTENSION_KEY] = cached
    return cached


def spec_yaml(app: Flask) -> str:
    """The OpenAPI document as deterministic YAML (sorted keys, UTF-8 text kept readable)."""
    return yaml.safe_dump(
        spec_dict(app),
        sort_keys=True,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def refresh_examples() -> None:
    """Capture the examples from a throw-away index of the configured documents."""
    from archive_api import create_app
    from archive_api.config import Settings
    from archive_api.search.indexer import build_index
    from archive_api.store import DocumentStore

    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as index_dir:
        build_index(DocumentStore(settings.documents_dir), Path(index_dir))
        app = create_app({"ARCHIVE_INDEX_DIR": index_dir})
        write_examples(capture_examples(app))


def write_spec(path: Path) -> None:
    from archive_api import create_app

    path.write_text(spec_yaml(create_app()), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m archive_api.api.spec OUTPUT.yaml", file=sys.stderr)
        return 2
    refresh_examples()
    write_spec(Path(args[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
