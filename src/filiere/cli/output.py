"""Printing for people (rich tables) and machines (--json), and the CLI's error convention."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console

console = Console()
err_console = Console(stderr=True)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def emit(data: Any, as_json: bool, render: Callable[[Any], None]) -> None:
    """Print `data` as JSON on stdout when asked, else with the command's rich renderer."""
    if as_json:
        sys.stdout.write(to_json(data) + "\n")
    else:
        render(data)


def fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]✗[/] {message}", highlight=False, soft_wrap=True)
    raise SystemExit(code)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return str(size)
