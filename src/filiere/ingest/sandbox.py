"""Run a document parser in a child process bounded in memory, CPU time and wall-clock time.

pypdf and python-docx are pure Python reading hostile bytes: a crafted PDF can make them loop or allocate
until the machine swaps. The parse therefore runs in a forked child that limits its own address space
(RLIMIT_AS) and CPU time (RLIMIT_CPU) before it touches the bytes, and the parent kills it once the
wall-clock limit has passed. Every way it can end badly becomes an EvidenceError naming the file.

Why fork: a forked child starts in ~5 ms with the parsers already imported (the caller imports them
first); a fresh interpreter ("spawn") costs ~0.5 s per document, and a fork server re-imports the
caller's main module (the whole CLI or web app) in every child. The child never returns into the
caller's code: it parses, sends one message and leaves with os._exit, so the database connections it
inherited are never used or closed by it. The memory limit is counted on top of what the child
inherits, so a caller that has already loaded a large model does not eat the parse's allowance.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import math
import multiprocessing
import os
import resource
import signal
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filiere.errors import EvidenceError, FiliereError
from filiere.i18n import _, current_language, using_language

DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MEMORY_MB = 1024
TIMEOUT_ENV = "FILIERE_PARSE_TIMEOUT_S"
MEMORY_ENV = "FILIERE_PARSE_MEMORY_MB"
_PR_SET_PDEATHSIG = 1
EXIT_NO_MEMORY = 86  # the child's exit status when even the "out of memory" message could not be sent


@dataclass(frozen=True)
class Limits:
    """How long (seconds of wall-clock time) and how much (MiB of address space) one parse may take."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, overridden by FILIERE_PARSE_TIMEOUT_S and FILIERE_PARSE_MEMORY_MB when set."""
        return cls(
            timeout_s=_env_number(TIMEOUT_ENV, DEFAULT_TIMEOUT_S, float),
            memory_mb=_env_number(MEMORY_ENV, DEFAULT_MEMORY_MB, int),
        )


def _env_number(name: str, default: float, kind: type) -> Any:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise FiliereError(
            _("{name}={value!r} is not a positive number; unset it or give e.g. {default}").format(
                name=name, value=raw, default=default
            )
        )
    return value


def run_limited(
    path: str | Path, function: Callable[..., Any], args: tuple, limits: Limits | None = None
) -> Any:
    """Return `function(*args)` computed in a limited child; its EvidenceError is re-raised here.

    `function` must be a module-level function (it is sent to the child by reference).
    """
    limits = limits or Limits.from_env()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(sender, function, args, limits, current_language(), os.getpid()),
        daemon=True,
        name="filiere-parse",
    )
    child.start()
    sender.close()
    message = None
    timed_out = False
    try:
        if receiver.poll(limits.timeout_s):
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                message = None  # the child died without a word: see its exit status below
        else:
            timed_out = True
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=30)
    if message is None:
        raise EvidenceError(path, _failure_message(timed_out, child.exitcode, limits))
    tag, payload = message
    if tag == "ok":
        return payload
    if tag == "error":
        error_path, error_message, line = payload
        raise EvidenceError(error_path, error_message, line)
    if tag == "memory":
        raise EvidenceError(path, _too_much_memory(limits))
    raise EvidenceError(
        path,
        _(
            "unexpected error while reading this file ({error}); nothing of it "
            "was stored — please report this"
        ).format(error=payload),
    )


def _failure_message(timed_out: bool, exitcode: int | None, limits: Limits) -> str:
    if timed_out or exitcode == -signal.SIGXCPU:
        return _(
            "reading the document took longer than the limit of {seconds} s (a damaged or hostile file?); "
            "nothing of it was stored. If it is a genuine large document, split it, or raise the limit "
            "with {env}=SECONDS"
        ).format(seconds=f"{limits.timeout_s:g}", env=TIMEOUT_ENV)
    return _too_much_memory(limits)


def _too_much_memory(limits: Limits) -> str:
    # A child that dies without a message was killed (out-of-memory killer) or aborted when an
    # allocation failed where Python could not raise MemoryError: both mean it ran out of memory.
    return _(
        "reading the document needed more memory than the limit of {mb} MiB (a damaged or hostile file?); "
        "nothing of it was stored. If it is a genuine large document, split it, or raise the limit with "
        "{env}=MIB"
    ).format(mb=limits.memory_mb, env=MEMORY_ENV)


def _child(
    sender: Any, function: Callable[..., Any], args: tuple, limits: Limits, language: str, parent: int
) -> None:
    """In the child: limit ourselves, parse, send back one (tag, payload) message, leave with os._exit.

    The child never writes to the streams it inherited: another thread of the parent (a progress bar)
    may have held their lock at the fork, which would then never be released here. Parser warnings go
    nowhere, as they would have cluttered the command's output anyway.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills us
    _die_with_parent(parent)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115  (closed by os._exit)
    memory = _address_space() + limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = math.ceil(limits.timeout_s) + 1  # the wall-clock limit normally fires first
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    if _send(sender, _outcome(function, args, language)):
        os._exit(0)
    # The result was too large to send within the limit; it is garbage by now: retry with a small one.
    gc.collect()
    os._exit(0 if _send(sender, ("memory", None)) else EXIT_NO_MEMORY)


def _outcome(function: Callable[..., Any], args: tuple, language: str) -> tuple[str, Any]:
    try:
        with using_language(language):
            return ("ok", function(*args))
    except EvidenceError as exc:
        return ("error", (exc.path, exc.message, exc.line))
    except MemoryError:
        pass
    except Exception as exc:
        return ("crash", repr(exc)[:300])
    # The parser's objects refer to each other (pages to their reader): only the collector frees them,
    # and sending even a short message needs a little memory.
    gc.collect()
    return ("memory", None)


def _send(sender: Any, message: tuple[str, Any]) -> bool:
    try:
        sender.send(message)
    except MemoryError:
        return False
    except (BrokenPipeError, OSError):
        pass  # the parent gave up on us
    return True


def _die_with_parent(parent: int) -> None:
    """Linux: have the kernel kill us if the parent dies (kill -9 of an ingest), instead of parsing on."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the CPU limit still ends an orphan
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _address_space() -> int:
    """Bytes of address space this process has now (what a fork inherits); 0 where /proc is missing."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0
