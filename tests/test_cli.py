"""The `peel` command: one-line messages and distinct exit codes for every way it can go wrong."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PEEL, ROOT, SAMPLE_PDF, peel_env
from flows import exit_codes
from flows.cli import app

pytestmark = pytest.mark.slow

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
        (b"", "the file is empty (0 bytes); replace it with the full PDF [empty_file]"),
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


def test_debug_page_draws_every_kind_of_fact_with_a_legend(tmp_path):
    from PIL import Image

    from extractors.pages import pdf_to_document
    from extractors.report import document_to_extraction
    from flows.debug_page import KIND_COLOURS, extraction_to_marks

    document = pdf_to_document(SAMPLE_PDF)
    extraction = document_to_extraction(document)
    kinds = {page: {m.kind for m in extraction_to_marks(extraction, page, document.pages[page - 1])}
             for page in (3, 6, 13)}
    assert kinds[3] == {"headline_metric"}
    assert kinds[6] == {"grade", "overall_grade"}  # the judgments table and its "Overall effectiveness" row
    assert {"area_for_improvement", "footnote", "narrative_statistic"} <= kinds[13]

    out = tmp_path / "page6.png"
    result = runner.invoke(app, ["debug-page", str(SAMPLE_PDF), "6", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}: page 6, 6 fact(s) drawn (grade, overall_grade)\n"
    colours = {c for _, c in Image.open(out).convert("RGB").getcolors(1 << 20)}
    assert set(KIND_COLOURS.values()) <= colours  # every kind's swatch is in the legend


def test_debug_page_makes_the_folder_of_its_picture(tmp_path):
    out = tmp_path / "missing" / "dir" / "p.png"
    result = runner.invoke(app, ["debug-page", str(SAMPLE_PDF), "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_debug_page_inside_a_file_is_one_line(tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    out = blocker / "p.png"
    result = runner.invoke(app, ["debug-page", str(SAMPLE_PDF), "3", "--out", str(out)])
    assert result.exit_code == exit_codes.USAGE
    assert result.stderr == f"peel: {blocker}: is a file, so {out} cannot be written inside it\n"


def test_debug_page_out_is_a_folder(tmp_path):
    result = runner.invoke(app, ["debug-page", str(SAMPLE_PDF), "3", "--out", str(tmp_path)])
    assert result.exit_code == exit_codes.USAGE
    assert result.stderr == f"peel: {tmp_path}: is a folder; give the PNG file to write, e.g. {tmp_path / 'page3.png'}\n"


def test_debug_page_of_a_missing_pdf(tmp_path):
    result = runner.invoke(app, ["debug-page", "no/such.pdf", "3", "--out", str(tmp_path / "p.png")])
    assert result.exit_code == exit_codes.BAD_INPUT
    assert result.stderr == "peel: no/such.pdf: no such file; give the path of a PEEL report PDF\n"


def test_a_file_system_error_is_one_line_and_debug_shows_the_traceback():
    # /proc takes no new folders, even from root.
    args = ["debug-page", str(SAMPLE_PDF), "3", "--out", "/proc/peel-test/p.png"]
    result = runner.invoke(app, args)
    assert result.exit_code == exit_codes.USAGE
    assert result.stderr == "peel: /proc/peel-test: No such file or directory\n"
    result = runner.invoke(app, ["--debug", *args])
    assert isinstance(result.exception, FileNotFoundError)


def test_extract_prints_json_lines_and_an_error_line_per_bad_file(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"<html>not a report</html>")
    result = runner.invoke(app, ["extract", str(SAMPLE_PDF), str(bad), str(tmp_path / "gone.pdf"), "--json"])
    assert result.exit_code == exit_codes.BAD_INPUT
    good, not_pdf, missing = (json.loads(line) for line in result.stdout.splitlines())
    assert good["file"] == str(SAMPLE_PDF) and good["report"]["pages"] == 31
    assert not_pdf == {"file": str(bad), "error": {
        "code": "not_a_pdf", "message": "bad.pdf: not a PDF (no %PDF header); check the file type"}}
    assert missing == {"file": str(tmp_path / "gone.pdf"), "error": {
        "code": "no_such_file", "message": f"{tmp_path / 'gone.pdf'}: no such file; give the path of a PEEL report PDF"}}
    assert len(result.stderr.splitlines()) == 2


def test_extract_of_good_files_exits_0_with_a_line_each():
    result = runner.invoke(app, ["extract", str(SAMPLE_PDF), str(SAMPLE_PDF), "--json"])
    assert result.exit_code == 0
    assert [json.loads(line)["report"]["force"] for line in result.stdout.splitlines()] == [
        "Metropolitan Police Service"] * 2


def test_version_names_the_package_and_the_extractor():
    from importlib.metadata import version

    from extractors import EXTRACTOR_VERSION

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"peel-etl {version('peel-etl')}, extractor {EXTRACTOR_VERSION}\n"


# --- backfill and run arguments ---------------------------------------------------------------


def _pillars() -> str:
    from schemas.layouts import layouts

    return ", ".join(sorted({p for layout in layouts() for p in layout.pillars}))


@pytest.mark.parametrize("args, message", [
    (["--pillars", "effectivness"], lambda: f"--pillars 'effectivness': not a pillar; choose from {_pillars()}"),
    (["--forces", "Metropolitn Police Service"],
     lambda: "--forces 'Metropolitn Police Service': not one of the 43 forces of England and Wales; "
             "did you mean 'Metropolitan Police Service'?"),
    (["--forces", "Gotham"], lambda: "--forces 'Gotham': not one of the 43 forces of England and Wales "
                                     "(schemas/reference/forces.csv lists them)"),
    (["--years", "2019-2015"], lambda: "--years '2019-2015': a range runs from the earlier year to the later, e.g. 2015-2019"),
    (["--years", "2017,1999"], lambda: "--years '1999': 1999 is not a PEEL year; the layouts cover 2014-2025"),
    (["--workers", "0"], lambda: "--workers 0: give 1 or more (leave it out for one per core)"),
    (["--lock-timeout", "-1"], lambda: "--lock-timeout -1: give 0 or more seconds"),
])
def test_backfill_refuses_a_wrong_value_in_one_line(tmp_path, args, message):
    result = runner.invoke(app, ["backfill", "--source", str(tmp_path), "--warehouse", str(tmp_path / "w.duckdb"), *args])
    assert result.exit_code == exit_codes.USAGE
    assert result.stderr == f"peel: {message()}\n"
    assert not (tmp_path / "w.duckdb").exists()


def test_run_refuses_zero_workers(tmp_path):
    result = runner.invoke(app, ["run", "--source", str(tmp_path), "--workers", "0"])
    assert result.exit_code == exit_codes.USAGE
    assert result.stderr == "peel: --workers 0: give 1 or more (leave it out for one per core)\n"




_env = peel_env


def _reports(warehouse: Path) -> int:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        # Interrupted while its tables were first being made, the file holds none (the build is one transaction).
        if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'raw' AND table_name = 'reports'"
                           ).fetchone()[0]:
            assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0] == 0
            return 0
        return con.execute("SELECT count(*) FROM raw.reports").fetchall()[0][0]
    finally:
        con.close()


def test_a_filter_that_matches_no_cover_says_so_and_any_name_of_a_force_matches(tmp_path):
    source = tmp_path / "reports"
    source.mkdir()
    shutil.copy(SAMPLE_PDF, source)
    warehouse = tmp_path / "w.duckdb"
    cmd = [*PEEL, "backfill", "--source", str(source), "--warehouse", str(warehouse), "--workers", "1"]
    done = subprocess.run([*cmd, "--years", "2017", "--forces", "Kent"], cwd=ROOT, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == exit_codes.USAGE, done.stderr
    assert done.stderr.splitlines()[-1] == "peel: no report matched --years 2017 --forces Kent"
    # "Met" is a name the reference knows the Metropolitan Police Service by; the cover says the full name.
    done = subprocess.run([*cmd, "--forces", "Met"], cwd=ROOT, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert _reports(warehouse) == 1


# --- Ctrl-C -----------------------------------------------------------------------------------


def _distinct_copies(folder: Path, n: int) -> None:
    """n copies of the sample that differ in their bytes (a comment after %%EOF), so none is a duplicate."""
    folder.mkdir()
    data = SAMPLE_PDF.read_bytes()
    for k in range(n):
        (folder / f"copy-{k:02d}.pdf").write_bytes(data + f"\n% copy {k}\n".encode())


INTERRUPTED_LINE = re.compile(r"^peel: interrupted; (\d+) reports? loaded, run again to continue$")


def _interrupt(proc: subprocess.Popen, warehouse: Path) -> tuple[int, str, int]:
    """SIGINT the command; its exit code, its stderr, and the reports its message says were loaded."""
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        _, stderr = proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("still running 5 s after Ctrl-C")
    assert time.monotonic() - sent < 5
    assert "Traceback" not in stderr, stderr
    m = INTERRUPTED_LINE.match(stderr.strip().splitlines()[-1])
    assert m, stderr
    loaded = int(m.group(1))
    assert _reports(warehouse) == loaded  # what it says is what is there: nothing half-written
    return proc.returncode, stderr, loaded


def test_ctrl_c_in_backfill_ends_with_one_line_and_130(tmp_path):
    source = tmp_path / "reports"
    _distinct_copies(source, 6)
    warehouse = tmp_path / "w.duckdb"
    proc = subprocess.Popen([*PEEL, "backfill", "--source", str(source), "--warehouse", str(warehouse),
                             "--workers", "1", "--batch", "1"],
                            cwd=ROOT, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:  # the first report is written: Ctrl-C part-way through
        line = proc.stderr.readline()
        if not line or "loaded" in line:
            break
    code, _, loaded = _interrupt(proc, warehouse)
    assert code == 130
    assert 1 <= loaded < 6


def test_ctrl_c_in_run_ends_with_one_line_and_130(tmp_path):
    source = tmp_path / "reports"
    _distinct_copies(source, 6)
    warehouse = tmp_path / "w.duckdb"
    proc = subprocess.Popen([*PEEL, "run", "--source", str(source), "--warehouse", str(warehouse), "--workers", "1"],
                            cwd=ROOT, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 600
    while not warehouse.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)  # the warehouse appears with the first write
    code, _, _ = _interrupt(proc, warehouse)
    assert code == 130


# --- a warehouse held by another process ------------------------------------------------------


HOLD = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); print('held', flush=True); time.sleep(float(sys.argv[2]))"


def _hold(warehouse: Path, seconds: float) -> subprocess.Popen:
    import duckdb

    if not warehouse.exists():
        duckdb.connect(str(warehouse)).close()
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(warehouse), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_run_waits_for_a_held_warehouse_then_says_who_holds_it(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    holder = _hold(warehouse, 60)
    try:
        result = runner.invoke(app, ["run", "--source", str(tmp_path), "--warehouse", str(warehouse),
                                     "--lock-timeout", "1"])
    finally:
        holder.kill()
        holder.wait()
    program = os.path.realpath(sys.executable)
    assert result.exit_code == exit_codes.RUN_FAILED
    assert result.stderr.splitlines() == [
        f"peel: {warehouse} is held by process {holder.pid} ({program}); waiting up to 1 s for it to close (--lock-timeout)",
        f"peel: {warehouse}: still held by process {holder.pid} ({program}) after 1 s; "
        "close that connection (or stop that run) and run again",
    ]


def test_the_wait_ends_when_the_holder_lets_go(tmp_path):
    from warehouse.lock import wait_for_warehouse

    warehouse = tmp_path / "w.duckdb"
    holder = _hold(warehouse, 1.5)
    told = []
    start = time.monotonic()
    try:
        wait_for_warehouse(warehouse, 30, told.append)
    finally:
        holder.kill()
        holder.wait()
    assert [h.pid for h in told] == [holder.pid]  # said once, however long it waited
    assert time.monotonic() - start < 10
