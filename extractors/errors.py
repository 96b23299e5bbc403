"""Errors that stop a document from being read, each with a stable code.

They carry no PDF objects or data frames, so they pickle across processes.
"""

from __future__ import annotations


class ExtractionError(Exception):
    """A document that cannot be extracted.  `code` is stable; `message` is one line for a person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message
