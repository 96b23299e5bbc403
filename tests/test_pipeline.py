"""The Prefect flow end to end: every file loaded or quarantined, and a second run changes nothing."""

from __future__ import annotations

import shutil

import pytest

from conftest import SAMPLE_PDF

pytestmark = pytest.mark.slow


def _dump(con) -> dict:
    tables = ["reports", "grades", "areas_for_improvement", "footnotes", "headline_metrics",
              "validation_results", "quarantine", "extraction_warnings", "source_files"]
    return {t: sorted(map(repr, con.execute(f"SELECT * FROM raw.{t}").fetchall())) for t in tables}


def test_run_loads_quarantines_and_is_idempotent(prefect_harness, tmp_path):
    from flows.orchestration import peel_run
    from warehouse.load import connect

    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SAMPLE_PDF, source / "met-2017.pdf")
    shutil.copy(SAMPLE_PDF, source / "met-2017-copy.pdf")  # the same file under another name
    (source / "empty.pdf").write_bytes(b"")
    (source / "notes.pdf").write_text("meeting notes, not a PDF")
    warehouse = tmp_path / "peel.duckdb"

    summary = peel_run(source=str(source), warehouse=str(warehouse))
    by_name = {o.file_name: o for o in summary.outcomes}
    assert by_name["met-2017-copy.pdf"].status == "loaded"  # first in sorted order
    assert (by_name["met-2017.pdf"].status, by_name["met-2017.pdf"].reason_code) == ("skipped", "duplicate")
    assert (by_name["empty.pdf"].status, by_name["empty.pdf"].reason_code) == ("quarantined", "empty_file")
    assert (by_name["notes.pdf"].status, by_name["notes.pdf"].reason_code) == ("quarantined", "not_a_pdf")

    con = connect(warehouse)
    first = _dump(con)
    counts = {t: con.execute(f"SELECT count(*) FROM raw.{t}").fetchone()[0]
              for t in ("reports", "grades", "areas_for_improvement", "footnotes", "headline_metrics", "quarantine")}
    assert counts == {"reports": 1, "grades": 5, "areas_for_improvement": 12, "footnotes": 27,
                      "headline_metrics": 11, "quarantine": 2}
    files = con.execute("SELECT file_name, status, reason_code, duplicate_of FROM raw.source_files ORDER BY 1").fetchall()
    assert files == [
        ("empty.pdf", "quarantined", "empty_file", None),
        ("met-2017-copy.pdf", "loaded", None, None),
        ("met-2017.pdf", "duplicate", "duplicate", "met-2017-copy.pdf"),
        ("notes.pdf", "quarantined", "not_a_pdf", None),
    ]
    # Every fact row carries its provenance.
    for table in ("grades", "areas_for_improvement", "footnotes", "headline_metrics"):
        missing = con.execute(
            f"SELECT count(*) FROM raw.{table} WHERE report_sha256 IS NULL OR page IS NULL OR len(bbox) <> 4 "
            "OR extractor_version IS NULL").fetchone()[0]
        assert missing == 0, table
    con.close()

    again = peel_run(source=str(source), warehouse=str(warehouse))
    assert again.loaded == 0 and again.quarantined == 0 and again.skipped == 4
    con = connect(warehouse)
    assert _dump(con) == first
    con.close()


def test_a_report_failing_an_error_check_is_quarantined_not_loaded(prefect_harness, tmp_path, monkeypatch):
    """A misread figure (a percentage over 100) keeps the whole report out of the fact tables."""
    from dataclasses import replace

    import flows.pipeline as pipeline
    from flows.orchestration import peel_run
    from warehouse.load import connect

    real = pipeline.extract_report

    def misread(path):
        ex = real(path)
        k = next(i for i, m in enumerate(ex.headline_metrics) if m.metric == "Charged/summonsed")
        ex.headline_metrics[k] = replace(ex.headline_metrics[k], force_value=170)
        return ex

    monkeypatch.setattr(pipeline, "extract_report", misread)
    # Reading is cached on (sha256, extractor version): give this copy bytes of its own so the
    # misreading neither reuses nor overwrites the cached reading of the sample.
    source = tmp_path / "in"
    source.mkdir()
    (source / "met.pdf").write_bytes(SAMPLE_PDF.read_bytes() + b"\n% misread copy\n")
    warehouse = tmp_path / "peel.duckdb"
    summary = peel_run(source=str(source), warehouse=str(warehouse))
    assert [(o.status, o.reason_code) for o in summary.outcomes] == [("quarantined", "validation_failed")]
    con = connect(warehouse)
    assert con.execute("SELECT count(*) FROM raw.reports").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM raw.headline_metrics").fetchone()[0] == 0
    reason = con.execute("SELECT reason_code, message FROM raw.quarantine").fetchone()
    assert reason[0] == "validation_failed" and "force_value_in_unit_range" in reason[1]
    failed = con.execute(
        "SELECT check_name, page FROM raw.validation_results WHERE NOT success ORDER BY check_name").fetchall()
    assert ("force_value_in_unit_range", 3) in failed


def test_reading_is_cached_on_sha256_and_extractor_version(prefect_harness, tmp_path, monkeypatch):
    """A run over a new warehouse does not parse a file this extractor version has already read."""
    import flows.pipeline as pipeline
    from flows.orchestration import peel_run

    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SAMPLE_PDF, source / "met.pdf")
    calls = []
    real = pipeline.extract_report
    monkeypatch.setattr(pipeline, "extract_report", lambda path: calls.append(path) or real(path))
    peel_run(source=str(source), warehouse=str(tmp_path / "first.duckdb"))
    peel_run(source=str(source), warehouse=str(tmp_path / "second.duckdb"))
    assert len(calls) <= 1  # parsed at most once (zero if an earlier test already cached it)
    from warehouse.load import connect

    assert connect(tmp_path / "second.duckdb").execute("SELECT count(*) FROM raw.grades").fetchone()[0] == 5


def test_data_docs_are_built_beside_the_warehouse(prefect_harness, tmp_path):
    from flows.orchestration import peel_run

    source = tmp_path / "in"
    source.mkdir()
    (source / "met.pdf").write_bytes(SAMPLE_PDF.read_bytes() + b"\n% docs copy\n")
    peel_run(source=str(source), warehouse=str(tmp_path / "wh" / "peel.duckdb"))
    index = tmp_path / "wh" / "data_docs" / "index.html"
    assert index.exists()
    pages = list((tmp_path / "wh" / "data_docs" / "validations").rglob("*.html"))
    assert pages and any("met.pdf" in str(p) for p in pages)


def test_replay_moves_a_fixed_report_out_of_quarantine(prefect_harness, tmp_path, monkeypatch):
    from dataclasses import replace

    import flows.pipeline as pipeline
    from flows.orchestration import peel_run
    from warehouse.load import connect

    source = tmp_path / "in"
    source.mkdir()
    (source / "met.pdf").write_bytes(SAMPLE_PDF.read_bytes() + b"\n% replay copy\n")
    warehouse = tmp_path / "peel.duckdb"
    real = pipeline.extract_report

    def misread(path):  # a bug in the code: one figure read wrong
        ex = real(path)
        ex.headline_metrics[0] = replace(ex.headline_metrics[0], unit="per household")
        return ex

    monkeypatch.setattr(pipeline, "extract_report", misread)
    first = peel_run(source=str(source), warehouse=str(warehouse))
    assert [o.reason_code for o in first.outcomes] == ["validation_failed"]
    monkeypatch.setattr(pipeline, "extract_report", real)  # the fix
    again = peel_run(source=str(source), warehouse=str(warehouse))
    assert [o.reason_code for o in again.outcomes] == ["already_quarantined"]  # a plain run leaves it alone
    replayed = peel_run(source=str(source), warehouse=str(warehouse), replay=True)
    assert [o.status for o in replayed.outcomes] == ["loaded"]
    con = connect(warehouse)
    assert con.execute("SELECT count(*) FROM raw.quarantine").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM raw.headline_metrics").fetchone()[0] == 11
    assert con.execute("SELECT status FROM raw.source_files").fetchall() == [("loaded",)]
