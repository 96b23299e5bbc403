"""A run in batches: the workers read the next batch while this one is checked and written, and
the GX Data Docs are built once, at the run's end."""

from __future__ import annotations

import logging

import flows.pipeline as pipeline
from extractors.errors import ExtractionError
from flows.pipeline import FileOutcome, Steps, run_batches


def _run(tmp_path, monkeypatch, docs_reports: int | None = None):
    source = tmp_path / "reports"
    source.mkdir()
    for name in "abcde":
        (source / f"{name}.pdf").write_bytes(f"%PDF-1.4 not a report {name}\n".encode())
    events: list[tuple] = []

    def read(batch, bounds, refresh):
        names = tuple(c.name for c in batch)
        events.append(("read", names))

        def reads():
            events.append(("collect", names))
            return [(ExtractionError("corrupt_pdf", f"{n}: unreadable"), []) for n in names]

        return reads

    def settle(candidate, extraction, results, warehouse):
        events.append(("settle", candidate.name))
        return FileOutcome(candidate.name, candidate.sha256, "quarantined", extraction.code, extraction.message)

    built: list[int] = []
    monkeypatch.setattr(pipeline, "compare_across_reports",
                        lambda read, warehouse: [(c, e, r, {}) for c, e, r in read])
    monkeypatch.setattr(pipeline, "settle_or_quarantine", settle)
    monkeypatch.setattr(pipeline, "write_data_docs",
                        lambda documented, warehouse, log: built.append([name for name, _, _ in documented]))
    monkeypatch.setattr(pipeline, "write_validation_report", lambda warehouse, log: None)
    if docs_reports is not None:
        monkeypatch.setattr(pipeline, "DOCS_REPORTS", docs_reports)
    summary = run_batches(str(source), str(tmp_path / "w.duckdb"), Steps(logging.getLogger("test"), read),
                          batch_size=2)
    return events, built, summary


def test_the_next_batch_is_read_while_this_one_is_checked_and_written(tmp_path, monkeypatch):
    events, _, summary = _run(tmp_path, monkeypatch)
    # Each batch is queued before the one before it is collected (and checked) and written.
    assert events == [
        ("read", ("a.pdf", "b.pdf")), ("read", ("c.pdf", "d.pdf")), ("collect", ("a.pdf", "b.pdf")),
        ("settle", "a.pdf"), ("settle", "b.pdf"),
        ("read", ("e.pdf",)), ("collect", ("c.pdf", "d.pdf")), ("settle", "c.pdf"), ("settle", "d.pdf"),
        ("collect", ("e.pdf",)), ("settle", "e.pdf"),
    ]
    assert summary.quarantined == 5


def test_the_docs_are_built_once_at_the_end_of_the_run(tmp_path, monkeypatch):
    _, built, _ = _run(tmp_path, monkeypatch)
    assert built == [["a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf"]]


def test_the_docs_of_a_long_run_show_its_last_reports(tmp_path, monkeypatch):
    """GX keeps only the pages of the last build of a docs site: one build, of the run's last reports."""
    _, built, _ = _run(tmp_path, monkeypatch, docs_reports=2)
    assert built == [["d.pdf", "e.pdf"]]
