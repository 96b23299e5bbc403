"""One folder of good and bad files: every file ends loaded or quarantined with a reason, the batch goes on."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLE_PDF
from flows import exit_codes

pytestmark = pytest.mark.slow


def _long_pdf(path, pages: int) -> None:
    """A synthetic 1,000-page document with a PEEL-like cover (never in raw_reports/)."""
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), invariant=1)
    c.setFont("Helvetica-Bold", 26)
    c.drawString(72, 600, "PEEL: Police effectiveness 2017")
    c.setFont("Helvetica", 14)
    c.drawString(72, 560, "An inspection of the Synthetic Constabulary")
    c.showPage()
    for n in range(2, pages + 1):
        c.setFont("Helvetica", 11)
        for k in range(6):
            c.drawString(72, 760 - 16 * k, f"Synthetic page {n}: this line stands in for the text of a very long report.")
        c.drawString(295, 40, str(n))
        c.showPage()
    c.save()


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory, rendered):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    folder = tmp_path_factory.mktemp("mixed")
    shutil.copy(SAMPLE_PDF, folder / "good.pdf")
    shutil.copy(SAMPLE_PDF, folder / "good-again.pdf")
    shutil.copy(rendered["libreoffice"], folder / "good-libreoffice.pdf")
    (folder / "empty.pdf").write_bytes(b"")
    data = SAMPLE_PDF.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (folder / "spreadsheet.pdf").write_bytes(b"PK\x03\x04 not a pdf at all")
    c = Canvas(str(folder / "locked.pdf"), invariant=1, encrypt=StandardEncryption(userPassword="pw", ownerPassword="o"))
    c.drawString(72, 700, "PEEL: Police effectiveness 2017")
    c.save()
    c = Canvas(str(folder / "minutes.pdf"), invariant=1)
    for k in range(30):
        c.drawString(72, 780 - 20 * k, f"Minutes of the parish council meeting, item {k}: the new bus shelter was approved.")
    c.save()
    _long_pdf(folder / "very-long.pdf", 1000)
    return folder


def test_mixed_folder_every_file_accounted_for(bad_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    warehouse = tmp_path / "w.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--source", str(bad_folder), "--warehouse", str(warehouse)],
        capture_output=True, text=True, cwd=ROOT, timeout=1800,
    )
    assert done.returncode == exit_codes.QUARANTINED, done.stderr[-2000:]
    lines = {line.split()[1]: line for line in done.stdout.splitlines() if line.split()[:1] and line.split()[0] in ("loaded", "skipped", "quarantined")}
    assert lines["good-again.pdf"].startswith("loaded")
    assert lines["good.pdf"].startswith("skipped") and "(duplicate)" in lines["good.pdf"]
    assert lines["good-libreoffice.pdf"].startswith("loaded")
    expected = {
        "empty.pdf": "the file is empty",
        "truncated.pdf": "has no end; the file is damaged, download it again",
        "spreadsheet.pdf": "not a PDF (no %PDF header)",
        "locked.pdf": "the PDF is password-protected",
        "minutes.pdf": "no PEEL report title on the cover",
        # A PEEL cover with no overall grade in 1,000 pages: the grade it promises was not read.
        "very-long.pdf": "read in part, overall_grades_as_declared failed",
    }
    for name, message in expected.items():
        assert lines[name].startswith("quarantined") and message in lines[name], lines[name]
    assert "loaded 2, skipped 1, quarantined 6" in done.stdout

    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    codes = dict(con.execute("SELECT file_name, reason_code FROM raw.quarantine").fetchall())
    assert codes == {
        "empty.pdf": "empty_file", "truncated.pdf": "corrupt_pdf", "spreadsheet.pdf": "not_a_pdf",
        "locked.pdf": "encrypted", "minutes.pdf": "not_a_peel_report", "very-long.pdf": "incomplete_extraction",
    }
    # No partial rows of a quarantined file.
    assert con.execute("SELECT count(DISTINCT report_sha256) FROM raw.grades").fetchone()[0] == 2
    assert con.execute(
        "SELECT count(*) FROM raw.grades g JOIN raw.quarantine q ON g.report_sha256 = q.sha256").fetchone()[0] == 0


def test_a_thousand_pages_in_bounded_memory(bad_folder):
    """Peak memory of reading the 1,000-page file stays far below 500 MB."""
    # VmHWM is this process's own peak (ru_maxrss would carry over the forking parent's).
    script = (
        "import sys\n"
        "from extractors.pages import pdf_to_document\n"
        "from extractors.report import document_to_extraction\n"
        "ex = document_to_extraction(pdf_to_document(sys.argv[1]))\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(ex.report.pages, int(hwm) // 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(bad_folder / "very-long.pdf")],
        capture_output=True, text=True, cwd=ROOT, timeout=1200,
    )
    assert done.returncode == 0, done.stderr[-500:]
    pages, peak_mb = map(int, done.stdout.split())
    assert pages == 1000
    assert peak_mb < 500, f"peak {peak_mb} MB reading 1,000 pages"
