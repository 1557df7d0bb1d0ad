"""The two ways a DTS request can fail: bad parameters (400) and unknown things (404)."""

from __future__ import annotations

from archive_api.errors import ArchiveError, NotFound


class InvalidParameter(ArchiveError):
    """A query parameter, or a combination of them, that the specification rejects."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.message = message
        super().__init__(f"{parameter}: {message}")


class UnknownIdentifier(NotFound):
    """A collection, resource, citation tree or citable unit that does not exist."""
