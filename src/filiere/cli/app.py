"""Entry point of the `filiere` command: sets the language before any help text is built."""

from __future__ import annotations

import sys


def _language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; user errors print a message without traceback and exit with code 1."""
    from filiere.i18n import set_language

    argv = sys.argv[1:] if argv is None else argv
    set_language(_language_from_argv(argv))
    from filiere.cli.root import run

    run(argv)


if __name__ == "__main__":
    main()
