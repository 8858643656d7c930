"""Errors a user can cause: the CLI prints them without a traceback (exit code 1)."""

from __future__ import annotations

from pathlib import Path


class FiliereError(Exception):
    """Base class for every error whose message is meant for the user."""


class WorkspaceError(FiliereError):
    """The workspace folder, database URL or settings are unusable."""


class CaseNotFound(FiliereError):
    """A case slug names no case of this workspace."""


class EvidenceError(FiliereError):
    """A file could not be read as evidence; names the file and, when known, the line."""

    def __init__(self, path: str | Path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class IntegrityError(FiliereError):
    """A stored original or an audit row no longer matches its recorded hash."""
