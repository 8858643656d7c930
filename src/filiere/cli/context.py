"""The workspace the current command works on, opened once from the global options."""

from __future__ import annotations

from dataclasses import dataclass, field

from filiere.workspace import Workspace


@dataclass
class Options:
    workspace: str | None = None
    db: str | None = None
    _opened: Workspace | None = field(default=None, repr=False)

    def open(self) -> Workspace:
        if self._opened is None:
            self._opened = Workspace.open(self.workspace, self.db)
        return self._opened

    def close(self) -> None:
        if self._opened is not None:
            self._opened.close()
            self._opened = None


OPTIONS = Options()
