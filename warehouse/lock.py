"""Wait for the warehouse file to be free before a run starts writing to it.

DuckDB lets one process write a database file, and a process holding it open
read-only (a notebook, `duckdb -readonly`) blocks writers too.  A run that
starts anyway fails on its first write; a run that waits picks up as soon as
the notebook closes its connection.  DuckDB's lock error names the process
("Conflicting lock is held in /usr/bin/python3 (PID 1234)"), which is what a
person needs to find and close it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

POLL_SECONDS = 0.5
_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")


@dataclass(frozen=True)
class Holder:
    pid: int | None
    program: str | None

    def describe(self) -> str:
        if self.pid is None:
            return "another process"
        return f"process {self.pid} ({self.program})" if self.program else f"process {self.pid}"


class WarehouseBusy(Exception):
    """The warehouse stayed locked for the whole wait."""

    def __init__(self, path: Path, holder: Holder, waited: float) -> None:
        super().__init__(f"{path}: still held by {holder.describe()} after {waited:.0f} s")
        self.path, self.holder, self.waited = path, holder, waited


def lock_message_to_holder(message: str) -> Holder | None:
    """The process DuckDB names in a lock error; None when the error is not about a lock."""
    if "lock" not in message.lower():
        return None
    m = _HOLDER.search(message)
    return Holder(int(m.group("pid")), m.group("program")) if m else Holder(None, None)


def try_writer(path: Path) -> Holder | None:
    """Open the warehouse for writing and close it at once: None when free, else who holds it."""
    import duckdb

    try:
        duckdb.connect(str(path)).close()
    except duckdb.IOException as exc:
        holder = lock_message_to_holder(str(exc))
        if holder is None:
            raise
        return holder
    return None


def wait_for_warehouse(
    path: Path, timeout: float, on_wait: Callable[[Holder], None] = lambda holder: None,
    poll: float = POLL_SECONDS,
) -> None:
    """Return once nothing else holds `path`; call `on_wait` once when it first has to wait.

    A warehouse that does not exist yet is free: the run creates it.
    """
    if not Path(path).exists():
        return
    start = time.monotonic()
    told = False
    while True:
        holder = try_writer(path)
        if holder is None:
            return
        if not told:
            on_wait(holder)
            told = True
        waited = time.monotonic() - start
        if waited >= timeout:
            raise WarehouseBusy(Path(path), holder, waited)
        time.sleep(min(poll, max(timeout - waited, 0.01)))
