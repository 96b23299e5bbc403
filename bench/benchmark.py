"""Benchmark: peel-etl's pipeline against a naive pdfplumber baseline, in one run.

    python bench/benchmark.py [--copies N] [--workers W]

Builds a corpus of the sample report printed by the text producers (N copies
each, so N × producers files), then measures

* the baseline: one process calling pdfplumber's `extract_text()` on every page;
* peel-etl: parsing (page model), extraction, validation and loading, per stage,
  with extraction in W worker processes, and the peak memory of a worker;
* a re-run with nothing new (every file skipped).

Prints pages per second for both and the time per stage.  Not a test: numbers
depend on the machine; read them, do not assert them.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAST_THEMES = ["published", "fpdf2-vera", "reportlab-times", "fpdf2-stress"]


def build_corpus(folder: Path, copies: int) -> list[Path]:
    from renderers.themes import render

    text = (ROOT / "samples" / "peel-effectiveness-2017-metropolitan.txt").read_text(encoding="utf-8")
    originals = []
    for theme in FAST_THEMES:
        path = folder / f"{theme}-0.pdf"
        render(text, path, theme)
        originals.append(path)
    paths = list(originals)
    for k in range(1, copies):
        for src in originals:
            # A different byte at the end gives a different sha256: a distinct report to the pipeline.
            dst = folder / src.name.replace("-0.pdf", f"-{k}.pdf")
            dst.write_bytes(src.read_bytes() + f"\n% copy {k}\n".encode())
            paths.append(dst)
    return paths


def baseline(paths: list[Path]) -> tuple[int, float]:
    import pdfplumber

    start = time.perf_counter()
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return pages, time.perf_counter() - start


def _peak_mb() -> float:
    """This process's own peak resident memory (ru_maxrss would include a forking parent's)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _extract(path: str):
    from extractors.pages import pdf_to_document
    from extractors.report import document_to_extraction

    t0 = time.perf_counter()
    doc = pdf_to_document(Path(path))
    t1 = time.perf_counter()
    extraction = document_to_extraction(doc)
    t2 = time.perf_counter()
    peak_mb = _peak_mb()
    return extraction, t1 - t0, t2 - t1, peak_mb


def pipeline(paths: list[Path], workers: int, warehouse: Path) -> dict:
    from flows.validate import extraction_to_check_results
    from warehouse.load import connect, load_report

    start = time.perf_counter()
    import multiprocessing

    # Spawned (not forked) workers, so each one's peak memory is its own.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_extract, [str(p) for p in paths], chunksize=1))
    extract_wall = time.perf_counter() - start
    t0 = time.perf_counter()
    checked = [(r[0], extraction_to_check_results(r[0])) for r in results]
    validate_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    con = connect(warehouse)
    for extraction, checks in checked:
        load_report(con, extraction, checks)
    con.close()
    load_s = time.perf_counter() - t0
    return {
        "pages": sum(r[0].report.pages for r in results),
        "parse_cpu_s": sum(r[1] for r in results),
        "extract_cpu_s": sum(r[2] for r in results),
        "extract_wall_s": extract_wall,
        "validate_s": validate_s,
        "load_s": load_s,
        "total_s": time.perf_counter() - start,
        "peak_worker_mb": max(r[3] for r in results),
    }


def rerun_nothing_new(folder: Path, warehouse: Path) -> float:
    import subprocess

    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--source", str(folder), "--warehouse", str(warehouse)],
        cwd=ROOT, check=False, capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    tmp = Path(tempfile.mkdtemp(prefix="peel-bench-"))
    try:
        (tmp / "corpus").mkdir()
        paths = build_corpus(tmp / "corpus", args.copies)
        print(f"corpus: {len(paths)} PDFs ({', '.join(FAST_THEMES)}), {args.workers} worker(s)")
        pages, base_s = baseline(paths)
        print(f"baseline  pdfplumber extract_text, 1 process: {pages} pages in {base_s:.1f} s = {pages / base_s:.1f} pages/s")
        m = pipeline(paths, args.workers, tmp / "bench.duckdb")
        print(
            f"peel-etl  extract+validate+load: {m['pages']} pages in {m['total_s']:.1f} s = "
            f"{m['pages'] / m['total_s']:.1f} pages/s ({m['pages'] / m['total_s'] / (pages / base_s):.2f}x baseline)"
        )
        print(
            f"  stages: parse {m['parse_cpu_s']:.1f} s CPU, extract {m['extract_cpu_s']:.1f} s CPU "
            f"({m['extract_wall_s']:.1f} s wall on {args.workers} workers), validate {m['validate_s']:.1f} s, "
            f"load {m['load_s']:.1f} s; peak worker memory {m['peak_worker_mb']:.0f} MB"
        )
        # Load the corpus through the flow once, then time a run with nothing new.
        warehouse = tmp / "flow.duckdb"
        first = rerun_nothing_new(tmp / "corpus", warehouse)
        again = rerun_nothing_new(tmp / "corpus", warehouse)
        print(f"flow      first run {first:.1f} s; re-run with nothing new {again:.1f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
