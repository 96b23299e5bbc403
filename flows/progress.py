"""Progress of a run, reported as each file is settled.

The flow calls `file_settled` for every file; the CLI installs a reporter
(a progress bar on a terminal, a line per file otherwise) before it runs the
flow in its own process.  Runs started by a Prefect server have no reporter:
their progress is in the flow's logs and artifacts.

`summary_lines` is how a finished run is told, by `peel run` and `peel backfill`
alike: a line per file (a quarantined one with its reason and message), then the
totals.  File names are escaped where each outcome is made (schemas/reasons.py,
`printable`), so no name can forge a line.
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


def outcome_to_line(outcome) -> str:
    """'quarantined  bad.pdf – bad.pdf: the PDF is damaged … [corrupt_pdf]', 'skipped  a.pdf (duplicate)'."""
    if outcome.status == "quarantined":
        detail = f" – {outcome.message} [{outcome.reason_code}]" if outcome.message else f" [{outcome.reason_code}]"
    else:
        detail = f" ({outcome.reason_code})" if outcome.reason_code else ""
    return f"{outcome.status:<12} {outcome.file_name}{detail}"


def summary_lines(summary, warehouse, only_quarantined: bool = False) -> list[str]:
    """The closing summary of a run: every file (or, for a long backfill, only the quarantined ones), then totals."""
    lines = [outcome_to_line(o) for o in summary.outcomes if not only_quarantined or o.status == "quarantined"]
    still = sum(1 for o in summary.outcomes if o.reason_code == "already_quarantined")
    lines.append(
        f"loaded {summary.loaded}, skipped {summary.skipped}"
        + (f" ({still} still quarantined)" if still else "")
        + f", quarantined {summary.quarantined} -> {warehouse}"
    )
    return lines
