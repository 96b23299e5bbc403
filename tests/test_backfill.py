"""`peel backfill` over a mixed folder of generations: coverage, a kill and a restart, a Dask cluster."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import PEEL, ROOT, SAMPLE_PDF, peel_env

pytestmark = pytest.mark.slow

SAMPLES = ROOT / "samples" / "generations"


_env = peel_env


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """One report of every generation with PDFs, the real sample, a copy of it, a PEEL report
    of an unknown generation and a document that is not a PEEL report."""
    from renderers.themes import render

    folder = tmp_path_factory.mktemp("mixed")
    for sample in sorted(SAMPLES.glob("*.txt")):
        render(sample.read_text(encoding="utf-8"), folder / f"{sample.stem}.pdf", "fpdf2-vera")
    shutil.copy(SAMPLE_PDF, folder / SAMPLE_PDF.name)
    (folder / "copies").mkdir()
    shutil.copy(SAMPLE_PDF, folder / "copies" / "met-2017-again.pdf")
    future = (SAMPLES / "peel-2023-25-cleveland.txt").read_text(encoding="utf-8").replace("# PEEL 2023–2025", "# PEEL 2025–2027")
    render(future, folder / "peel-2025-27-cleveland.pdf", "fpdf2-vera")
    not_peel = (SAMPLES / "peel-2016-efficiency-lancashire.txt").read_text(encoding="utf-8").replace(
        "# PEEL: Police efficiency 2016", "# Annual report 2016")
    render(not_peel, folder / "annual-report.pdf", "fpdf2-vera")
    return folder


def _backfill(folder: Path, warehouse: Path, tmp_path: Path, *extra: str, **popen) -> subprocess.CompletedProcess:
    return subprocess.run([*PEEL, "backfill", "--source", str(folder), "--warehouse", str(warehouse), *extra],
                          cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=900, **popen)


def _query(warehouse: Path, sql: str):
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_backfill_accounts_for_every_file_by_generation(mixed, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    done = _backfill(mixed, warehouse, tmp_path, "--workers", "2")
    assert done.returncode == 3, done.stderr  # two files are quarantined
    pdfs = sorted(p.relative_to(mixed).as_posix() for p in mixed.rglob("*.pdf"))
    files = _query(warehouse, "SELECT file_name, status, reason_code FROM raw.source_files ORDER BY file_name")
    assert [f[0] for f in files] == pdfs
    assert {f[0]: f[2] for f in files if f[1] != "loaded"} == {
        "annual-report.pdf": "not_a_peel_report",
        "peel-2025-27-cleveland.pdf": "unknown_format",
        # Files are taken in name order: the copy under copies/ comes first and is the one loaded.
        "peel-effectiveness-2017-metropolitan.pdf": "duplicate",
    }
    coverage = _query(warehouse, """SELECT inspection_year, generation, pillar, files_found, loaded, quarantined,
                                           duplicates, note FROM backfill_coverage
                                    ORDER BY inspection_year NULLS LAST, generation, pillar""")
    assert coverage == [
        (2014, "peel-2014", None, 0, 0, 0, 0, "no per-force PDF was published for this generation"),
        (2015, "peel-2015", "effectiveness", 1, 1, 0, 0, None),
        (2016, "peel-2016", "efficiency", 1, 1, 0, 0, None),
        (2017, "peel-2017", "effectiveness", 1, 1, 0, 0, None),
        (2017, "peel-2017", "efficiency", 1, 1, 0, 0, None),
        (2018, "peel-2018-19", "integrated", 1, 1, 0, 0, None),
        (2021, "peel-2021-22", "integrated", 1, 1, 0, 0, None),
        (2023, "peel-2023-25", "integrated", 1, 1, 0, 0, None),
        (None, "unknown", None, 3, 0, 2, 1, None),
    ]
    # Facts per kind in the coverage table are the warehouse's own counts.
    totals = _query(warehouse, "SELECT sum(grades), sum(causes_of_concern), sum(recommendations) FROM backfill_coverage")
    assert totals == _query(warehouse, "SELECT (SELECT count(*) FROM raw.grades), (SELECT count(*) FROM raw.causes_of_concern), "
                                       "(SELECT count(*) FROM raw.recommendations)")
    assert "coverage (backfill_coverage):" in done.stdout
    # Grades carry their generation's scale: Adequate only on the five-tier scale.
    scales = _query(warehouse, "SELECT DISTINCT grade_scale, grade FROM raw.grades WHERE grade = 'Adequate'")
    assert scales == [("five-tier", "Adequate")]
    again = _backfill(mixed, warehouse, tmp_path, "--workers", "2")
    assert "loaded 0," in again.stdout


def test_years_and_pillars_select_what_is_loaded(mixed, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    _backfill(mixed, warehouse, tmp_path, "--years", "2016-2018", "--pillars", "efficiency,integrated", "--workers", "2")
    loaded = _query(warehouse, "SELECT generation, pillar FROM raw.reports ORDER BY generation")
    assert loaded == [("peel-2016", "efficiency"), ("peel-2017", "efficiency"), ("peel-2018-19", "integrated")]


def test_a_bad_years_option_is_a_usage_error(tmp_path):
    done = _backfill(tmp_path, tmp_path / "w.duckdb", tmp_path, "--years", "twenty")
    assert done.returncode == 2
    assert done.stderr.strip() == "peel: --years 'twenty': give years as 2015-2023 or 2016,2018"


def test_a_killed_backfill_finishes_on_restart_without_duplicates(mixed, tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(mixed, folder)
    warehouse = tmp_path / "w.duckdb"
    cmd = [*PEEL, "backfill", "--source", str(folder), "--warehouse", str(warehouse), "--workers", "1", "--batch", "1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    settled = 0
    deadline = time.monotonic() + 600
    while settled < 4 and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if line.startswith("[") and "/" in line.split("]")[0]:
            settled += 1
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert settled >= 4, "the backfill ended before it could be killed"
    first = _query(warehouse, "SELECT count(*) FROM raw.source_files")[0][0]
    assert 0 < first < 10  # part-way through the 10 files

    done = _backfill(folder, warehouse, tmp_path, "--workers", "1")
    assert done.returncode == 3, done.stderr
    files = _query(warehouse, "SELECT status, count(*) FROM raw.source_files GROUP BY status ORDER BY status")
    assert files == [("duplicate", 1), ("loaded", 7), ("quarantined", 2)]
    # Every loaded report once, every fact once.
    assert _query(warehouse, "SELECT count(*), count(DISTINCT report_sha256) FROM raw.reports") == [(7, 7)]
    assert _query(warehouse, "SELECT count(*) = count(DISTINCT grade_id) FROM raw.grades") == [(True,)]
    assert _query(warehouse, "SELECT count(*) = count(DISTINCT afi_id) FROM raw.areas_for_improvement") == [(True,)]


def test_backfill_reads_on_a_dask_cluster(tmp_path):
    from distributed import LocalCluster

    from renderers.themes import render

    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("peel-2021-22-lancashire", "peel-2023-25-cleveland"):
        render((SAMPLES / f"{name}.txt").read_text(encoding="utf-8"), folder / f"{name}.pdf", "fpdf2-vera")
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        before = cluster.scheduler.transition_counter
        warehouse = tmp_path / "w.duckdb"
        done = _backfill(folder, warehouse, tmp_path, "--dask-address", cluster.scheduler_address)
        assert done.returncode == 0, done.stderr
        assert _query(warehouse, "SELECT generation FROM raw.reports ORDER BY generation") == [("peel-2021-22",), ("peel-2023-25",)]
        # The reports were read by the cluster: its scheduler moved their tasks through their states.
        assert cluster.scheduler.transition_counter - before >= 2 * 3
    finally:
        cluster.close()
