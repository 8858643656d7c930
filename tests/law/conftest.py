"""The `law` command group on the test app, whether or not root.py registers it yet."""

from __future__ import annotations

from filiere.cli import law as law_cmd
from filiere.cli import root

if not any(group.name == "law" for group in root.app.registered_groups):
    root.app.add_typer(law_cmd.app, name="law")
