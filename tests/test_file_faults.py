"""Whatever goes wrong with one file is that file's quarantine, with a registered reason code; the batch goes on."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace

import pytest

from conftest import SAMPLE_PDF

pytestmark = pytest.mark.slow


def _copy(path, tag: str) -> None:
    """The sample report with bytes of its own (its own sha256: neither a duplicate nor a cached read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(SAMPLE_PDF.read_bytes() + f"\n% {tag}\n".encode())


def _three(tmp_path, tag: str):
    source = tmp_path / "in"
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        _copy(source / name, f"{tag} {name}")
    return source


def _query(warehouse, sql: str):
    from warehouse.load import connect

    con = connect(warehouse, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _fails_for_b(real, exc: BaseException, name_of):
    def faulty(*args, **kwargs):
        if name_of(*args, **kwargs) == "b.pdf":
            raise exc
        return real(*args, **kwargs)

    return faulty


# Each stage made to raise for b.pdf alone: (stage's function in flows.pipeline, which its task wraps;
# how to tell b's call; exception; reason code).
STAGES = {
    "read": ("extract_report", lambda path: os.path.basename(path), RecursionError("maximum recursion depth exceeded"),
             "too_complex"),
    "validate": ("validate_report", lambda ex: ex.report.file_name, ValueError("a check could not be built\nsecond line"),
                 "internal_error"),
    "load": ("write_report", lambda warehouse, ex, results: ex.report.file_name, MemoryError(), "too_large"),
    "record": ("record_file", lambda warehouse, o: o.file_name if o.status == "loaded" else None,
               KeyError("file_name"), "internal_error"),
}


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_fault_in_any_stage_quarantines_only_that_file(prefect_harness, tmp_path, monkeypatch, stage):
    import flows.pipeline as pipeline
    from flows.orchestration import peel_run
    from schemas.reasons import QUARANTINE

    step, name_of, exc, code = STAGES[stage]
    monkeypatch.setattr(pipeline, step, _fails_for_b(getattr(pipeline, step), exc, name_of))
    source = _three(tmp_path, f"fault in {stage}")
    warehouse = tmp_path / "w.duckdb"

    summary = peel_run(source=str(source), warehouse=str(warehouse))

    fate = {o.file_name: (o.status, o.reason_code) for o in summary.outcomes}
    assert fate == {"a.pdf": ("loaded", None), "b.pdf": ("quarantined", code), "c.pdf": ("loaded", None)}
    assert code in QUARANTINE
    b = next(o for o in summary.outcomes if o.file_name == "b.pdf")
    assert "\n" not in b.message and b.message.startswith("b.pdf: ")
    if code == "internal_error":
        assert type(exc).__name__ in b.message
    assert _query(warehouse, "SELECT file_name, reason_code FROM raw.quarantine") == [("b.pdf", code)]
    assert _query(warehouse, "SELECT file_name FROM raw.reports ORDER BY 1") == [("a.pdf",), ("c.pdf",)]
    assert sorted(_query(warehouse, "SELECT file_name, status FROM raw.source_files")) == [
        ("a.pdf", "loaded"), ("b.pdf", "quarantined"), ("c.pdf", "loaded")]


def test_a_fault_of_the_warehouse_ends_the_run_with_one_line(prefect_harness, tmp_path, monkeypatch):
    import duckdb

    import flows.pipeline as pipeline
    import warehouse.load as load

    source = _three(tmp_path, "disk full")
    real_connect = load.connect

    def full(path, read_only=False):  # every write fails, as on a full disk
        if read_only:
            return real_connect(path, read_only=True)
        raise duckdb.IOException("Could not write file \"w.duckdb\": No space left on device\nmore detail")

    real_connect(tmp_path / "w.duckdb").close()
    monkeypatch.setattr(load, "connect", full)
    with pytest.raises(pipeline.RunFailed) as failed:
        pipeline.run_flow(str(source), str(tmp_path / "w.duckdb"), workers=1)
    assert str(failed.value) == 'IOException: Could not write file "w.duckdb": No space left on device'


def test_a_copy_with_fewer_facts_never_replaces_the_loaded_report(prefect_harness, tmp_path, monkeypatch):
    import flows.pipeline as pipeline
    from flows.orchestration import peel_run

    source = tmp_path / "in"
    _copy(source / "met.pdf", "the good copy")
    warehouse = tmp_path / "w.duckdb"
    assert peel_run(source=str(source), warehouse=str(warehouse)).loaded == 1

    real = pipeline.extract_report

    def damaged(path):  # a re-downloaded copy whose last two footnotes and one AFI were lost
        ex = real(path)
        if path.endswith("met-again.pdf"):
            ex.footnotes = ex.footnotes[:-2]
            ex.areas_for_improvement = ex.areas_for_improvement[:-1]
        return ex

    monkeypatch.setattr(pipeline, "extract_report", damaged)
    _copy(source / "met-again.pdf", "a damaged copy")
    summary = peel_run(source=str(source), warehouse=str(warehouse))
    again = next(o for o in summary.outcomes if o.file_name == "met-again.pdf")
    assert (again.status, again.reason_code) == ("quarantined", "inferior_copy")
    assert again.message == "met-again.pdf: AFIs 11 < 12, footnotes 25 < 27 in met.pdf; the loaded version is kept"
    assert _query(warehouse, "SELECT file_name FROM raw.reports") == [("met.pdf",)]
    assert _query(warehouse, "SELECT count(*) FROM raw.footnotes") == [(27,)]

    # A copy with as many facts of every kind is a new version and takes its place.
    monkeypatch.setattr(pipeline, "extract_report", real)
    _copy(source / "met-corrected.pdf", "a corrected copy")
    summary = peel_run(source=str(source), warehouse=str(warehouse))
    assert {o.file_name: o.status for o in summary.outcomes}["met-corrected.pdf"] == "loaded"
    assert _query(warehouse, "SELECT file_name FROM raw.reports ORDER BY 1") == [("met-corrected.pdf",), ("met.pdf",)]


def test_fewer_facts_names_each_kind_with_both_counts():
    from flows.pipeline import fewer_facts

    loaded = {"grades": 5, "areas_for_improvement": 12, "footnotes": 27, "headline_metrics": 11,
              "causes_of_concern": 2, "recommendations": 3}
    assert fewer_facts(dict(loaded), loaded) == []
    assert fewer_facts({**loaded, "grades": 6, "recommendations": 2}, loaded) == ["recommendations 2 < 3"]
    assert fewer_facts({**loaded, "headline_metrics": 0, "causes_of_concern": 1}, loaded) == [
        "headline figures 0 < 11", "causes of concern 1 < 2"]


def test_names_that_are_not_utf8_or_hold_a_newline_are_recorded_escaped(prefect_harness, tmp_path):
    from flows import progress
    from flows.orchestration import peel_run

    source = tmp_path / "in"
    source.mkdir()
    bad = os.path.join(os.fsencode(source), b"bad-\xff\xfe.pdf")
    with open(bad, "wb") as fh:
        fh.write(SAMPLE_PDF.read_bytes() + b"\n% not utf-8\n")
    _copy(source / "two\nlines.pdf", "a newline in the name")
    warehouse = tmp_path / "w.duckdb"

    summary = peel_run(source=str(source), warehouse=str(warehouse))

    fate = {o.file_name: (o.status, o.reason_code) for o in summary.outcomes}
    assert fate == {"bad-\\xff\\xfe.pdf": ("quarantined", "unreadable_name"), "two\\nlines.pdf": ("loaded", None)}
    assert _query(warehouse, "SELECT file_name, reason_code FROM raw.quarantine") == [("bad-\\xff\\xfe.pdf", "unreadable_name")]
    assert sorted(_query(warehouse, "SELECT file_name, status FROM raw.source_files")) == [
        ("bad-\\xff\\xfe.pdf", "quarantined"), ("two\\nlines.pdf", "loaded")]
    lines = progress.summary_lines(summary, warehouse)
    assert len(lines) == 3  # two files and the totals: no name forged a line
    assert lines[1] == "loaded       two\\nlines.pdf"


def test_links_dangling_links_and_loops_are_recorded_not_followed(prefect_harness, tmp_path):
    from flows.orchestration import peel_run

    source = tmp_path / "in"
    _copy(source / "real.pdf", "linked to")
    _copy(source / "sub" / "deeper.pdf", "in a subfolder")
    outside = tmp_path / "elsewhere"
    _copy(outside / "secret.pdf", "outside the source")
    (source / "outside.pdf").symlink_to(outside / "secret.pdf")
    (source / "outside-folder").symlink_to(outside, target_is_directory=True)
    (source / "dangling.pdf").symlink_to(source / "gone.pdf")
    (source / "loop.pdf").symlink_to(source / "loop.pdf")
    (source / "alias.pdf").symlink_to(source / "real.pdf")
    warehouse = tmp_path / "wh" / "w.duckdb"

    summary = peel_run(source=str(source), warehouse=str(warehouse))

    fate = {o.file_name: (o.status, o.reason_code) for o in summary.outcomes}
    assert fate == {
        "alias.pdf": ("skipped", "duplicate"),
        "dangling.pdf": ("quarantined", "vanished"),
        "loop.pdf": ("quarantined", "symlink_loop"),
        "outside-folder": ("skipped", "outside_source"),
        "outside.pdf": ("skipped", "outside_source"),
        "real.pdf": ("loaded", None),
        "sub/deeper.pdf": ("loaded", None),
    }
    rows = _query(warehouse, "SELECT file_name, status, reason_code, duplicate_of FROM raw.source_files ORDER BY 1")
    assert rows == [
        ("alias.pdf", "duplicate", "duplicate", "real.pdf"),
        ("dangling.pdf", "quarantined", "vanished", None),
        ("loop.pdf", "quarantined", "symlink_loop", None),
        ("outside-folder", "skipped", "outside_source", None),
        ("outside.pdf", "skipped", "outside_source", None),
        ("real.pdf", "loaded", None, None),
        ("sub/deeper.pdf", "loaded", None, None),
    ]
    # Nothing of the file outside was read.
    assert _query(warehouse, "SELECT count(*) FROM raw.reports WHERE file_name = 'secret.pdf'") == [(0,)]
    # Data Docs are written, the report in the subfolder among them.
    docs = warehouse.parent / "data_docs"
    assert (docs / "index.html").exists()
    assert any("deeper.pdf" in str(p) for p in (docs / "validations").rglob("*.html"))

    again = peel_run(source=str(source), warehouse=str(warehouse))
    assert again.quarantined == 0  # the dangling link and the loop are already quarantined
    assert _query(warehouse, "SELECT file_name, status, reason_code, duplicate_of FROM raw.source_files ORDER BY 1") == rows


def test_a_later_copy_is_recorded_as_duplicate_of_the_name_loaded_first(prefect_harness, tmp_path):
    from flows.orchestration import peel_run
    from flows.pipeline import discover_reports, triage

    source = tmp_path / "in"
    _copy(source / "b-first.pdf", "loaded first")
    warehouse = tmp_path / "w.duckdb"
    assert peel_run(source=str(source), warehouse=str(warehouse)).loaded == 1
    shutil.copy(source / "b-first.pdf", source / "a-later.pdf")  # sorts first, arrives later

    # The quiet path `peel run` takes when nothing is new records it too.
    todo, done, _ = triage(discover_reports(str(source)), str(source), str(warehouse))
    assert todo == []
    assert {o.file_name: o.reason_code for o in done} == {"a-later.pdf": "duplicate", "b-first.pdf": "already_loaded"}
    expected = [("a-later.pdf", "duplicate", "b-first.pdf"), ("b-first.pdf", "loaded", None)]
    assert _query(warehouse, "SELECT file_name, status, duplicate_of FROM raw.source_files ORDER BY 1") == expected
    peel_run(source=str(source), warehouse=str(warehouse))
    assert _query(warehouse, "SELECT file_name, status, duplicate_of FROM raw.source_files ORDER BY 1") == expected


def test_data_docs_that_cannot_be_written_do_not_block_the_load(prefect_harness, tmp_path, monkeypatch):
    import flows.validate
    from flows.orchestration import peel_run

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(flows.validate, "build_data_docs", disk_full)
    source = tmp_path / "in"
    _copy(source / "met.pdf", "docs cannot be written")
    summary = peel_run(source=str(source), warehouse=str(tmp_path / "w.duckdb"))
    assert [(o.file_name, o.status) for o in summary.outcomes] == [("met.pdf", "loaded")]
    assert _query(tmp_path / "w.duckdb", "SELECT count(*) FROM raw.footnotes") == [(27,)]


def test_a_read_over_its_bounds_is_too_large_and_the_batch_goes_on(prefect_harness, tmp_path, monkeypatch):
    import time

    import flows.pipeline as pipeline

    source = _three(tmp_path, "bounded")
    # c.pdf is read before the run, so its read in the bounded child is quick even on a busy machine.
    ready = pipeline.extract_report(str(source / "c.pdf"))

    def greedy(path):
        if path.endswith("a.pdf"):
            time.sleep(60)
        if path.endswith("b.pdf"):
            hoard = [bytearray(64 * 2**20) for _ in range(16)]  # 1 GB, 64 MB at a time
            return len(hoard)
        return ready

    monkeypatch.setattr(pipeline, "extract_report", greedy)
    monkeypatch.setattr(pipeline, "validate_report", lambda extraction: [])
    started = time.monotonic()
    summary = pipeline.run_flow(str(source), str(tmp_path / "w.duckdb"), workers=1,
                                max_seconds_per_file=1, max_mb_per_file=300)
    assert time.monotonic() - started < 50  # the sleeping read was stopped, not waited for
    fate = {o.file_name: (o.status, o.reason_code, o.message) for o in summary.outcomes}
    assert fate == {
        "a.pdf": ("quarantined", "too_large", "a.pdf: reading took longer than 1 s (PEEL_MAX_SECONDS_PER_FILE); stopped"),
        "b.pdf": ("quarantined", "too_large", "b.pdf: reading needed more than 300 MB (PEEL_MAX_MB_PER_FILE)"),
        "c.pdf": ("loaded", None, None),
    }


def test_bounds_come_from_parameters_then_environment_then_defaults(monkeypatch):
    from flows.reader import Bounds, env_to_bounds

    monkeypatch.delenv("PEEL_MAX_SECONDS_PER_FILE", raising=False)
    monkeypatch.delenv("PEEL_MAX_MB_PER_FILE", raising=False)
    assert env_to_bounds() == Bounds(600, 2048)
    monkeypatch.setenv("PEEL_MAX_SECONDS_PER_FILE", "30")
    monkeypatch.setenv("PEEL_MAX_MB_PER_FILE", "500")
    assert env_to_bounds() == Bounds(30, 500)
    assert env_to_bounds(5, 100) == Bounds(5, 100)
    with pytest.raises(ValueError):
        env_to_bounds(0, 100)


def test_a_run_with_quarantines_says_so_in_its_state(prefect_harness, tmp_path):
    from flows.pipeline import QUARANTINE_STATE, run_flow

    source = tmp_path / "in"
    _copy(source / "met.pdf", "state")
    (source / "notes.pdf").write_text("meeting notes, not a PDF")
    (source / "empty.pdf").write_bytes(b"")

    summary = run_flow(str(source), str(tmp_path / "w.duckdb"), workers=1)
    assert summary.state == ("COMPLETED", QUARANTINE_STATE,
                             "loaded 1, skipped 0, quarantined 2 (empty_file 1, not_a_pdf 1)")

    (source / "empty.pdf").unlink()
    (source / "notes.pdf").unlink()
    clean = run_flow(str(source), str(tmp_path / "clean.duckdb"), workers=1)
    assert clean.state[:2] == ("COMPLETED", "Completed")

    (source / "notes.pdf").write_text("meeting notes, not a PDF")
    failed = run_flow(str(source), str(tmp_path / "strict.duckdb"), workers=1, fail_on_quarantine=True)
    assert failed.state == ("FAILED", "Failed", "loaded 1, skipped 0, quarantined 1 (not_a_pdf 1)")
    assert failed.quarantined == 1


def test_the_validation_artifact_counts_quarantined_files_and_their_reasons(tmp_path):
    from flows.pipeline import FileOutcome, RunSummary, validation_markdown

    summary = RunSummary([
        FileOutcome("good.pdf", "1", "loaded"),
        FileOutcome("bad.pdf", "2", "quarantined", "corrupt_pdf", "bad.pdf: the PDF is damaged"),
        FileOutcome("big.pdf", "3", "quarantined", "too_large", "big.pdf: reading took longer than 600 s"),
    ])
    text = validation_markdown(summary, [], str(tmp_path / "w.duckdb"))
    assert "**2 file(s) quarantined this run**: corrupt_pdf 1, too_large 1" in text
    assert "| bad.pdf | corrupt_pdf | bad.pdf: the PDF is damaged |" in text
    assert "Every check passed" not in text
    clean = validation_markdown(RunSummary([FileOutcome("good.pdf", "1", "loaded")]), [], str(tmp_path / "w.duckdb"))
    assert "Every check passed for every loaded report." in clean


def test_every_reason_the_pipeline_gives_is_registered_and_in_the_readme():
    import re

    from conftest import ROOT
    from schemas.reasons import QUARANTINE, REASONS

    code_files = [ROOT / "flows" / "pipeline.py", ROOT / "flows" / "orchestration.py", ROOT / "schemas" / "outcomes.py",
                  ROOT / "schemas" / "reasons.py",
                  *sorted((ROOT / "extractors").glob("*.py"))]
    raised = set()
    for path in code_files:
        text = path.read_text(encoding="utf-8")
        raised |= set(re.findall(r'ExtractionError\(\s*"([a-z_]+)"', text))
        raised |= set(re.findall(r'FileOutcome\([^)]*?"(?:quarantined|skipped)", "([a-z_]+)"', text))
        raised |= set(re.findall(r'return "([a-z_]+)", ', text))
    raised -= {"no_such_page"}  # `peel debug-page` only: a page number out of range, never a file's fate
    assert raised and raised <= set(REASONS), raised - set(REASONS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("Reason codes for files"):]
    paragraph = paragraph[: paragraph.index("\n\n")]
    assert set(re.findall(r"`([a-z_]+)`", paragraph)) >= set(QUARANTINE)
