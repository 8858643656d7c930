"""Run the `filiere` command in-process, as a user would type it, and capture what it prints."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filiere.cli.app import main


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


class CliRunner:
    def __init__(self, workspace: Path, db_url: str | None):
        self.workspace = workspace
        self.db_url = db_url

    def __call__(self, *args: str, check: bool = True, input: str | None = None) -> Result:
        """Run `filiere ARGS`; `input`, when given, is what the command reads on standard input."""
        argv = ["--workspace", str(self.workspace)]
        if self.db_url:
            argv += ["--db", self.db_url]
        argv += [str(a) for a in args]
        out, err = io.StringIO(), io.StringIO()
        code = 0
        stdin = io.StringIO(input) if input is not None else sys.stdin
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _stdin(stdin):
            try:
                main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        result = Result(code, out.getvalue(), err.getvalue())
        if check and code != 0:
            raise AssertionError(f"filiere {' '.join(argv)} exited {code}\n{result.stdout}\n{result.stderr}")
        return result


@contextlib.contextmanager
def _stdin(stream):
    saved, sys.stdin = sys.stdin, stream
    try:
        yield
    finally:
        sys.stdin = saved
