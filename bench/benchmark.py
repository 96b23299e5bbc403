"""Benchmark: peel-etl's pipeline against a naive pdfplumber baseline, in one run.

    python bench/benchmark.py [--reports N] [--workers W] [--big-pages P]

Builds a corpus of N reports (default 210) of about 30 pages across the PEEL
generations: the real 2017 report and each generation's sample, lengthened
to about 30 pages with body text, printed by two producers, then copied with
a different last byte (a distinct file to the pipeline) up to N.  Then measures

* the baseline: one process calling pdfplumber's `extract_text()` on every page;
* peel-etl: parsing (page model), extraction and validation in W worker
  processes (as the flow runs them), then loading in one writer, per stage,
  with the peak memory of a worker;
* a `peel run` over the loaded corpus with nothing new (every file skipped);
* the peak memory of a worker reading one P-page PDF (default 1000).

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

THEMES = ["published", "fpdf2-vera"]
TARGET_PAGES = 34


def _body_paragraphs() -> list[str]:
    """Running text of the real report, to lengthen the samples with."""
    text = (ROOT / "samples" / "peel-effectiveness-2017-metropolitan.txt").read_text(encoding="utf-8")
    start = text.index("# Preventing crime and tackling anti-social behaviour")
    return [line for line in text[start:].splitlines()
            if len(line) > 200 and not line.startswith(("#", "-", "<sup>", "|", "*"))]


def lengthen(text: str, pages_now: int, pages: int = TARGET_PAGES) -> str:
    """The sample with 'Detailed findings' parts of body text appended, to about `pages` pages."""
    paragraphs = _body_paragraphs()
    per_page = 5  # paragraphs of this length fill about a page
    wanted = max(pages - pages_now, 0) * per_page
    out = [text.rstrip(), ""]
    for k in range(wanted):
        if k % (per_page * 4) == 0:
            out += [f"## Detailed findings {k // (per_page * 4) + 1}", ""]
        out += [paragraphs[k % len(paragraphs)], ""]
    return "\n".join(out) + "\n"


def build_corpus(folder: Path, reports: int) -> list[Path]:
    from renderers.themes import render

    texts = {"peel-2017-metropolitan": (ROOT / "samples" / "peel-effectiveness-2017-metropolitan.txt").read_text(encoding="utf-8")}
    for sample in sorted((ROOT / "samples" / "generations").glob("*.txt")):
        texts[sample.stem] = sample.read_text(encoding="utf-8")
    originals = []
    for name, text in texts.items():
        for theme in THEMES:
            path = folder / f"{name}-{theme}-0.pdf"
            pages = render(text, path, theme)
            if pages < TARGET_PAGES - 3:
                pages = render(lengthen(text, pages), path, theme)
            originals.append(path)
    paths = list(originals)
    k = 1
    while len(paths) < reports:
        for src in originals:
            if len(paths) >= reports:
                break
            # A different byte at the end gives a different sha256: a distinct report to the pipeline.
            dst = folder / src.name.replace("-0.pdf", f"-{k}.pdf")
            dst.write_bytes(src.read_bytes() + f"\n% copy {k}\n".encode())
            paths.append(dst)
        k += 1
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


def _read(path: str):
    """What a flow worker does with one file: parse, extract, validate."""
    from extractors.pages import pdf_to_document
    from extractors.report import document_to_extraction
    from flows.validate import within_report_results

    t0 = time.perf_counter()
    doc = pdf_to_document(Path(path))
    t1 = time.perf_counter()
    extraction = document_to_extraction(doc)
    t2 = time.perf_counter()
    results = within_report_results(extraction)
    t3 = time.perf_counter()
    return extraction, results, t1 - t0, t2 - t1, t3 - t2, _peak_mb()


def pipeline(paths: list[Path], workers: int, warehouse: Path) -> dict:
    from warehouse.load import connect, load_report

    start = time.perf_counter()
    import multiprocessing

    # Spawned (not forked) workers, so each one's peak memory is its own.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_read, [str(p) for p in paths], chunksize=1))
    read_wall = time.perf_counter() - start
    t0 = time.perf_counter()
    con = connect(warehouse)
    for extraction, checks, *_ in results:
        load_report(con, extraction, checks)
    con.close()
    load_s = time.perf_counter() - t0
    return {
        "pages": sum(r[0].report.pages for r in results),
        "parse_cpu_s": sum(r[2] for r in results),
        "extract_cpu_s": sum(r[3] for r in results),
        "validate_cpu_s": sum(r[4] for r in results),
        "read_wall_s": read_wall,
        "load_s": load_s,
        "total_s": time.perf_counter() - start,
        "peak_worker_mb": max(r[5] for r in results),
        "generations": sorted({r[0].report.generation for r in results}),
    }


def big_pdf_peak(folder: Path, pages: int) -> tuple[int, float, float]:
    """Pages, seconds and peak memory of one spawned worker parsing and extracting a `pages`-page PDF."""
    import multiprocessing

    from renderers.themes import render

    big = folder / "big.pdf"
    text = (ROOT / "samples" / "peel-effectiveness-2017-metropolitan.txt").read_text(encoding="utf-8")
    # The real report with body text appended: the first print shows how many pages the text
    # fills, and a second one is lengthened by that ratio to reach `pages`.
    got = render(lengthen(text, 31, pages), big, "published")
    if got < pages:
        render(lengthen(text, 31, 31 + round((pages - 31) * (pages - 31) / max(got - 31, 1))), big, "published")
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        t0 = time.perf_counter()
        extraction, _, parse_s, extract_s, _, peak = pool.submit(_read, str(big)).result()
    return extraction.report.pages, time.perf_counter() - t0, peak


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
    parser.add_argument("--reports", type=int, default=210)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--big-pages", type=int, default=1000)
    args = parser.parse_args()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    tmp = Path(tempfile.mkdtemp(prefix="peel-bench-"))
    try:
        (tmp / "corpus").mkdir()
        t0 = time.perf_counter()
        paths = build_corpus(tmp / "corpus", args.reports)
        print(f"corpus: {len(paths)} PDFs printed by {', '.join(THEMES)} in {time.perf_counter() - t0:.0f} s; "
              f"{args.workers} worker(s)", flush=True)
        pages, base_s = baseline(paths)
        print(f"baseline  pdfplumber extract_text, 1 process: {pages} pages in {base_s:.1f} s = "
              f"{pages / base_s:.1f} pages/s ({pages / len(paths):.1f} pages per report)", flush=True)
        warehouse = tmp / "bench.duckdb"
        m = pipeline(paths, args.workers, warehouse)
        print(f"  generations: {', '.join(m['generations'])}")
        print(
            f"peel-etl  extract+validate+load: {m['pages']} pages in {m['total_s']:.1f} s = "
            f"{m['pages'] / m['total_s']:.1f} pages/s ({m['pages'] / m['total_s'] / (pages / base_s):.2f}x baseline)"
        )
        print(
            f"  stages (CPU seconds summed over workers): parse {m['parse_cpu_s']:.1f}, extract {m['extract_cpu_s']:.1f}, "
            f"validate {m['validate_cpu_s']:.1f}; read wall {m['read_wall_s']:.1f} s on {args.workers} workers; "
            f"load {m['load_s']:.1f} s in one writer; peak worker memory {m['peak_worker_mb']:.0f} MB", flush=True
        )
        again = rerun_nothing_new(tmp / "corpus", warehouse)
        print(f"nightly   `peel run` over the loaded corpus, nothing new: {again:.1f} s", flush=True)
        if args.big_pages:
            n, seconds, peak = big_pdf_peak(tmp, args.big_pages)
            print(f"big file  one worker, {n}-page PDF: {seconds:.1f} s, peak memory {peak:.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
