"""`peel extract` on good and bad input: one-line messages and distinct exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_PDF
from flows import exit_codes
from flows.cli import app

runner = CliRunner()


def test_extract_json_has_the_contract_fields():
    result = runner.invoke(app, ["extract", str(SAMPLE_PDF), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["report"]) >= {"title", "force", "pillar", "year", "published", "isbn", "sha256", "pages"}
    assert {"overall_grade", "grades", "areas_for_improvement", "footnotes", "headline_metrics", "warnings"} <= set(data)
    assert set(data["grades"][0]) >= {"question", "grade", "last_inspected", "page", "bbox"}
    assert set(data["areas_for_improvement"][0]) >= {"section", "text", "page", "bbox"}
    assert set(data["footnotes"][0]) >= {"number", "text", "page", "bbox", "referenced_on"}
    assert set(data["headline_metrics"][0]) >= {
        "block", "metric", "period", "unit", "force_value", "england_wales_value", "page", "bbox"}
    assert data["report"]["pages"] == 31 and len(data["report"]["sha256"]) == 64
    # Numbers are JSON numbers: "+13%" is 13, "-0.05%" is -0.05.
    change = next(m for m in data["headline_metrics"] if m["metric"] == "Change in ASB incidents")
    assert (change["force_value"], change["england_wales_value"], change["unit"]) == (13, -0.05, "percent change")


def test_extract_summary_without_json():
    result = runner.invoke(app, ["extract", str(SAMPLE_PDF)])
    assert result.exit_code == 0
    assert "overall grade: Requires improvement" in result.stdout


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty; replace it with the full PDF [empty_file]"),
        (b"<html>not a report</html>", "not a PDF (no %PDF header); check the file type [not_a_pdf]"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "the PDF is damaged or truncated"),
    ],
)
def test_extract_bad_input(tmp_path, content, message):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    result = runner.invoke(app, ["extract", str(bad), "--json"])
    assert result.exit_code == exit_codes.BAD_INPUT
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_extract_truncated_copy_of_the_report(tmp_path):
    data = SAMPLE_PDF.read_bytes()
    cut = tmp_path / "truncated.pdf"
    cut.write_bytes(data[: len(data) // 3])
    result = runner.invoke(app, ["extract", str(cut)])
    assert result.exit_code == exit_codes.BAD_INPUT
    assert "truncated.pdf:" in result.stderr and "[" in result.stderr


def test_extract_a_pdf_that_is_not_a_peel_report(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "invoice.pdf"
    c = Canvas(str(path), invariant=1)
    for k in range(40):
        c.drawString(72, 800 - 18 * k, f"Invoice line {k}: one box of paper clips, delivered on time and in good order.")
    c.save()
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == exit_codes.BAD_INPUT
    assert "no PEEL report title on the cover" in result.stderr and "[not_a_peel_report]" in result.stderr


def test_extract_missing_file():
    result = runner.invoke(app, ["extract", "no/such/report.pdf"])
    assert result.exit_code == exit_codes.BAD_INPUT
    assert "no/such/report.pdf: no such file" in result.stderr


def _encrypted_pdf(path, user_password: str) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), invariant=1,
               encrypt=StandardEncryption(userPassword=user_password, ownerPassword="owner", canCopy=0))
    c.drawString(72, 700, "PEEL: Police effectiveness 2017")
    c.save()


def test_extract_password_protected_pdf(tmp_path):
    locked = tmp_path / "locked.pdf"
    _encrypted_pdf(locked, "secret")
    result = runner.invoke(app, ["extract", str(locked)])
    assert result.exit_code == exit_codes.BAD_INPUT
    assert "locked.pdf: the PDF is password-protected; supply an unprotected copy [encrypted]" in result.stderr


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    """Permissions-only encryption (no password to open) is common and must not block reading."""
    from extractors.pages import pdf_to_document

    path = tmp_path / "owner-only.pdf"
    _encrypted_pdf(path, "")
    doc = pdf_to_document(path)
    assert doc.pages[0].lines[0].text == "PEEL: Police effectiveness 2017"


def test_debug_page_draws_the_facts_of_a_page(tmp_path):
    out = tmp_path / "page3.png"
    result = runner.invoke(app, ["debug-page", str(SAMPLE_PDF), "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "8 fact(s) drawn" in result.stdout  # the eight figures on the infographic's first page
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_debug_page_outside_the_document(tmp_path):
    result = runner.invoke(app, ["debug-page", str(SAMPLE_PDF), "99", "--out", str(tmp_path / "x.png")])
    assert result.exit_code == exit_codes.BAD_INPUT
    assert "page 99 does not exist (the PDF has 31 pages)" in result.stderr
