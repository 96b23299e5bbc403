"""The validation report: one self-contained HTML page built from the warehouse, read in a real browser offline."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace

import pytest

from conftest import SAMPLE_PDF, extract
from warehouse.load import connect, load_report, quarantine_report, record_source_file
from warehouse.validation_report import main, warehouse_to_validation_report

pytestmark = pytest.mark.slow

HOSTILE_NAME = "<script>alert('x')</script>.pdf"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """Three files: a report loaded with a warning, one quarantined by an error check, one that is not a PDF."""
    from flows.validate import within_report_results

    sample = extract(SAMPLE_PDF)
    path = tmp_path_factory.mktemp("report") / "w.duckdb"
    con = connect(path)

    # Loaded, flagged: the first infographic figure could not be read (a warning), under a hostile file name.
    unread = replace(sample, report=replace(sample.report, sha256="d" * 64, file_name=HOSTILE_NAME))
    unread.headline_metrics = [replace(sample.headline_metrics[0], force_value=None), *sample.headline_metrics[1:]]
    load_report(con, unread, within_report_results(unread))
    record_source_file(con, file_name=HOSTILE_NAME, sha256="d" * 64, status="loaded", reason_code=None,
                       duplicate_of=None, extractor_version=sample.extractor_version,
                       generation="peel-2017", year=2017, pillar="effectiveness")

    # Quarantined: a grade misread as "InadequateGood" fails error-level checks on page 6.
    misread = replace(sample, report=replace(sample.report, sha256="e" * 64, file_name="met-misread.pdf"))
    misread.grades = [replace(sample.grades[0], grade="InadequateGood"), *sample.grades[1:]]
    results = within_report_results(misread)
    assert any(r.check == "grade_in_vocabulary" and r.failed for r in results)
    quarantine_report(con, file_name="met-misread.pdf", sha256="e" * 64, reason_code="validation_failed",
                      message="met-misread.pdf: grade_in_vocabulary failed", stage="validate",
                      extractor_version=sample.extractor_version, results=results)
    record_source_file(con, file_name="met-misread.pdf", sha256="e" * 64, status="quarantined",
                       reason_code="validation_failed", duplicate_of=None, extractor_version=sample.extractor_version,
                       generation="peel-2017", year=2017, pillar="effectiveness")

    quarantine_report(con, file_name="notes.pdf", sha256="f" * 64, reason_code="not_a_pdf",
                      message="notes.pdf is not a PDF file", stage="extract", extractor_version=sample.extractor_version)
    con.close()
    return path


@pytest.fixture(scope="module")
def page(warehouse, tmp_path_factory):
    con = connect(warehouse, read_only=True)
    out = warehouse_to_validation_report(con, tmp_path_factory.mktemp("html") / "validation.html")
    con.close()
    return out


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.S)


def test_a_failing_check_shows_report_page_expected_and_found(page):
    html = page.read_text(encoding="utf-8")
    (row,) = [r for r in _rows(html) if "<code>grade_in_vocabulary</code>" in r]
    assert "error" in row and "met-misread.pdf" in row and "(quarantined)" in row
    assert "<td>6</td>" in row and "InadequateGood" in row
    # The failing row names its question itself, so even a quarantined report's failure says which.
    assert "Preventing crime and tackling anti-social behaviour" in row
    (mismatch,) = [r for r in _rows(html) if "<code>grade_matches_section</code>" in r]
    assert "<td>Good</td><td>InadequateGood</td>" in mismatch  # expected (under its section), found
    (unread,) = [r for r in _rows(html) if "<code>metric_force_value_present</code>" in r]
    assert "warning" in unread and "Incidents per 1,000 population" in unread and "<td>3</td>" in unread
    assert "Metropolitan Police Service · effectiveness · 2017" in unread and "not read" in unread


def test_counts_and_quarantined_files_are_shown(page):
    html = page.read_text(encoding="utf-8")
    assert "<li><b>2</b>reports validated</li>" in html and "<li><b>2</b>files quarantined</li>" in html
    (row,) = [r for r in _rows(html) if "notes.pdf" in r]
    assert "not_a_pdf" in row and "notes.pdf is not a PDF file" in row


def test_every_value_is_escaped_and_nothing_is_fetched(page):
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;.pdf" in html
    assert "<script" not in html.lower()
    assert not re.search(r"""\b(?:src|href)\s*=""", html, flags=re.I)
    assert not re.search(r"url\(|@import|https?://", html, flags=re.I)


def test_the_entry_point_writes_the_page(warehouse, tmp_path, capsys):
    out = tmp_path / "v.html"
    assert main([str(warehouse), str(out)]) == 0
    assert out.exists() and capsys.readouterr().out.strip() == str(out)
    assert main([str(tmp_path / "missing.duckdb"), str(out)]) == 2


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("install chromium (make test does)")
    return found


@pytest.mark.slow
def test_the_page_renders_in_a_browser_with_the_network_off(page, tmp_path):
    browser = _chromium()
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9",
         "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp_path / 'profile'}",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    ).stdout
    (row,) = [r for r in _rows(dom) if "<code>grade_in_vocabulary</code>" in r]
    assert "met-misread.pdf" in row and "<td>6</td>" in row
    # The hostile file name is text on the page, not an element the browser ran.
    assert "&lt;script&gt;alert('x')&lt;/script&gt;.pdf" in dom
    assert "<script" not in dom.lower()
