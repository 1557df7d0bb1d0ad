"""Text in, dataclasses out: ``parse_document`` and ``parse_metadata``.

Pure functions over strings (see README.md in this folder): the document store reads the
files and hands their contents here.
"""

from __future__ import annotations

from archive_api.parsing.document import parse_document
from archive_api.parsing.metadata import parse_metadata

__all__ = ["parse_document", "parse_metadata"]
