"""Parse a large CSV in a second process while this process writes to the database.

On a 2-core laptop a 10-million-row CDR is half parsing (csv, dates, phone numbers) and half SQLite
inserts; running both at once halves the wall time. Small files are parsed in-process: starting a
process costs more than it saves. The producer is a generator of (tag, payload) items, the same in
both modes, so the writing side does not know which mode ran.
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
from collections.abc import Callable, Iterator
from typing import Any

from filiere.errors import EvidenceError
from filiere.i18n import _

Item = tuple[str, Any]
WORKER_THRESHOLD = 16 * 1024 * 1024  # bytes; below this the file is parsed in-process


def produce_items(producer: Callable[..., Iterator[Item]], args: tuple, in_worker: bool) -> Iterator[Item]:
    """Yield the producer's items, from a worker process when `in_worker`; its errors are re-raised here.

    Items cross a pipe as pickled bytes, sent by the producer itself (no feeder thread: a second thread
    fighting the worker's parsing loop for the GIL costs more than it saves). The worker blocks once one
    batch waits unread, so it runs one batch ahead of the writer and memory stays bounded.
    """
    if not in_worker:
        yield from producer(*args)
        return
    context = multiprocessing.get_context("spawn")  # no fork: the parent holds database connections
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(sender, producer, args), daemon=True)
    process.start()
    sender.close()
    try:
        while True:
            try:
                tag, payload = pickle.loads(receiver.recv_bytes())
            except EOFError:
                raise EvidenceError(args[0], _("the parsing process stopped unexpectedly")) from None
            if tag == "end":
                return
            if tag == "error":
                path, message, line = payload
                raise EvidenceError(path, message, line)
            yield tag, payload
    finally:
        receiver.close()
        if process.is_alive():
            process.terminate()
        process.join(timeout=10)


def _run(sender: Any, producer: Callable[..., Iterator[Item]], args: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops us

    def send(item: Item) -> None:
        sender.send_bytes(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))

    try:
        for item in producer(*args):
            send(item)
        send(("end", None))
    except EvidenceError as exc:
        send(("error", (exc.path, exc.message, exc.line)))
    except (BrokenPipeError, OSError):
        pass  # the parent stopped reading (error or Ctrl-C there); nothing left to do
    except Exception as exc:  # reported by the parent as this file's error; the file is rolled back
        send(("error", (str(args[0]), repr(exc), None)))
