"""Parse a large CSV in a second process while this process writes to the database.

On a 2-core laptop a 10-million-row CDR is half parsing (csv, dates, phone numbers) and half SQLite
inserts; running both at once halves the wall time. Small files are parsed in-process: starting a
process costs more than it saves. The producer is a generator of (tag, payload) items, the same in
both modes, so the writing side does not know which mode ran.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator
from queue import Empty
from typing import Any

from filiere.errors import EvidenceError
from filiere.i18n import _

Item = tuple[str, Any]
WORKER_THRESHOLD = 16 * 1024 * 1024  # bytes; below this the file is parsed in-process
QUEUE_DEPTH = 6  # batches in flight: bounds memory (6 x 20,000 rows)


def produce_items(producer: Callable[..., Iterator[Item]], args: tuple, in_worker: bool) -> Iterator[Item]:
    """Yield the producer's items, from a worker process when `in_worker`; its errors are re-raised here."""
    if not in_worker:
        yield from producer(*args)
        return
    context = multiprocessing.get_context("spawn")  # no fork: the parent holds database connections
    queue = context.Queue(maxsize=QUEUE_DEPTH)
    process = context.Process(target=_run, args=(queue, producer, args), daemon=True)
    process.start()
    try:
        while True:
            try:
                tag, payload = queue.get(timeout=1.0)
            except Empty:
                if not process.is_alive():
                    raise EvidenceError(args[0], _("the parsing process stopped unexpectedly")) from None
                continue
            if tag == "end":
                return
            if tag == "error":
                path, message, line = payload
                raise EvidenceError(path, message, line)
            yield tag, payload
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=10)
        queue.close()


def _run(queue: Any, producer: Callable[..., Iterator[Item]], args: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops us
    try:
        for item in producer(*args):
            queue.put(item)
        queue.put(("end", None))
    except EvidenceError as exc:
        queue.put(("error", (exc.path, exc.message, exc.line)))
    except Exception as exc:  # reported by the parent as this file's error; the file is rolled back
        queue.put(("error", (str(args[0]), repr(exc), None)))
