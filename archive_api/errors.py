"""Domain errors. The HTTP layer maps each to one status code in one table."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base of every error this package raises on purpose."""


class ParseError(ArchiveError):
    """A text or its metadata cannot be turned into a Document.

    ``source`` names the file (or other origin) so the message is actionable.
    """

    def __init__(self, message: str, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class NotFound(ArchiveError):
    """A document or record that does not exist."""


class IndexUnavailable(ArchiveError):
    """The search index is missing, half-built or unreadable."""
