"""Progress of a run, reported as each file is settled.

The flow calls `file_settled` for every file; the CLI installs a reporter
(a progress bar on a terminal, a line per file otherwise) before it runs the
flow in its own process.  Runs started by a Prefect server have no reporter:
their progress is in the flow's logs and artifacts.
"""

from __future__ import annotations

from typing import Callable

_reporter: Callable[[object], None] | None = None
_total: Callable[[int], None] | None = None


def install(on_file: Callable[[object], None], on_total: Callable[[int], None]) -> None:
    global _reporter, _total
    _reporter, _total = on_file, on_total


def uninstall() -> None:
    global _reporter, _total
    _reporter = _total = None


def total_known(n: int) -> None:
    if _total is not None:
        _total(n)


def file_settled(outcome) -> None:
    if _reporter is not None:
        _reporter(outcome)
