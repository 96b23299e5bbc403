"""Benchmark: the commands users run, as whole processes, beside a naive pdfplumber script, in one run.

    python bench/benchmark.py [--copies 40] [--reports N] [--workers W] [--big-pages P] [--repeats R] [--no-profile]

Measures, each beside the naive script (one process, pdfplumber `extract_text()` on every
page) timed in the same run:

* `peel run` over COPIES byte-distinct copies of the sample (a fresh warehouse and read
  cache), start-up included, in pages per second;
* `peel run` again over the same folder (nothing new), in seconds;
* `peel backfill` of a corpus of N reports of about 30 pages across the PEEL generations
  (the real 2017 report and each generation's sample lengthened, two producers, copied with
  a different last byte) and of its first half, extrapolated to 1,000 reports of 30 pages
  as the once-per-backfill cost plus the cost of a page (the difference of the two runs);
* `peel extract --json` of the sample, in CPU seconds of the whole process;
* the floor under any such extract: CPU of a process that only loads spaCy as the
  extractors do, plus one that only asks PDFium for each character's code, box, origin
  and text object (the least a page model needs), less one interpreter start;
* where a `peel run` of 4 new copies spends its CPU (parse, extract, validate, load,
  orchestration, imports) from a py-spy profile of the run and its processes (skipped
  when py-spy is not installed: `pip install py-spy`);
* the peak memory of one worker (and of the child it forks to read) on a P-page PDF
  (the sample's pages repeated);
* and, as a second table, the stages measured in-process over the corpus;

then the table of the whole-process measures beside the naive script.

Not a test: numbers depend on the machine; read them, do not assert them.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.pipeline import DOCS_REPORTS  # noqa: E402 - after the project is on the path

THEMES = ["published", "fpdf2-vera"]
SAMPLE = ROOT / "raw_reports" / "peel-effectiveness-2017-metropolitan.pdf"
PEEL = [sys.executable, "-m", "flows.cli"]
TARGET_PAGES = 34


def _body_paragraphs() -> list[str]:
    """Running text of the real report, to lengthen the samples with."""
    text = (ROOT / "samples" / "peel-effectiveness-2017-metropolitan.txt").read_text(encoding="utf-8")
    start = text.index("# Preventing crime and tackling anti-social behaviour")
    # Without their footnote markers: the notes are not appended, and a marker with no note
    # rightly quarantines the report as read in part.
    return [re.sub(r"<sup>\d+</sup>", "", line) for line in text[start:].splitlines()
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


def pdfs_to_pages(paths: list[Path]) -> int:
    import pypdfium2

    total = 0
    for path in paths:
        pdf = pypdfium2.PdfDocument(path)
        total += len(pdf)
        pdf.close()
    return total


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
    """What a flow worker does with one file: parse and extract (the checks run by the batch)."""
    from extractors.pages import pdf_to_document
    from extractors.report import document_to_extraction

    t0 = time.process_time()
    doc = pdf_to_document(Path(path))
    t1 = time.process_time()
    extraction = document_to_extraction(doc)
    t2 = time.process_time()
    return extraction, t1 - t0, t2 - t1, _peak_mb()


def _check(extractions: list) -> tuple[list, float, float]:
    """The within-report checks of a batch, as a run makes them (one GX run per table for the
    batch): (results, CPU seconds building the GX context once, CPU seconds checking)."""
    from flows.validate import _context, prime_within_report, within_report_results

    t0 = time.process_time()
    _context()
    t1 = time.process_time()
    prime_within_report(extractions)
    results = [within_report_results(e) for e in extractions]
    return results, t1 - t0, time.process_time() - t1


def pipeline(paths: list[Path], workers: int, warehouse: Path) -> dict:
    from warehouse.load import connect, load_report

    start = time.perf_counter()
    import multiprocessing

    # Spawned (not forked) workers, so each one's peak memory is its own.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_read, [str(p) for p in paths], chunksize=1))
    read_wall = time.perf_counter() - start
    extractions = [r[0] for r in results]
    checks, context_s, validate_s = _check(extractions)
    t0 = time.perf_counter()
    con = connect(warehouse)
    for extraction, report_checks in zip(extractions, checks):
        load_report(con, extraction, report_checks)
    con.close()
    load_s = time.perf_counter() - t0
    return {
        "pages": sum(e.report.pages for e in extractions),
        "parse_cpu_s": sum(r[1] for r in results),
        "extract_cpu_s": sum(r[2] for r in results),
        "context_cpu_s": context_s,
        "validate_cpu_s": validate_s,
        "read_wall_s": read_wall,
        "load_s": load_s,
        "total_s": time.perf_counter() - start,
        "peak_worker_mb": max(r[3] for r in results),
        "generations": sorted({e.report.generation for e in extractions}),
    }


def concatenated_big(folder: Path, pages: int) -> Path:
    """The sample's pages repeated to at least `pages` pages, in one PDF (pypdfium2 copies the pages)."""
    import pypdfium2

    big = folder / "big.pdf"
    source = pypdfium2.PdfDocument(str(SAMPLE))
    out = pypdfium2.PdfDocument.new()
    while len(out) < pages:
        out.import_pages(source)
    out.save(str(big))
    out.close()
    source.close()
    return big


def _worker_reads_big(path: str) -> tuple:
    """In one spawned run worker: read `path` as a run's worker does; (pages, seconds, worker MB, reader MB).

    The worker only reads (its reads are checked where they are collected): that is the
    process that lives as long as the run; the reader is the child it forks for the file.
    """
    from flows.lifetime import reader_worker_initializer
    from flows.reader import Bounds, read_files

    reader_worker_initializer()
    t0 = time.perf_counter()
    [extraction] = read_files([(path, "", Path(path).name)], Bounds(), check=False)
    seconds = time.perf_counter() - t0
    reader_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    pages = getattr(getattr(extraction, "report", None), "pages", 0)
    return pages, seconds, _peak_mb(), reader_mb


def big_worker_peak(big: Path) -> tuple:
    import multiprocessing

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_worker_reads_big, str(big)).result()


def copies_of_sample(folder: Path, n: int) -> list[Path]:
    """`n` byte-distinct copies of the sample: a few different bytes after %%EOF each."""
    folder.mkdir(parents=True, exist_ok=True)
    data = SAMPLE.read_bytes()
    paths = []
    for k in range(n):
        path = folder / f"met-{k}.pdf"
        path.write_bytes(data + f"\n% copy {k}\n".encode())
        paths.append(path)
    return paths


NAIVE = """
import sys, pdfplumber
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
"""


# What any `peel extract` must spend before its own work, each as a whole process: spaCy
# loaded as the extractors load it (the stack's rule engine), and PDFium asked the least a
# page model needs of each character (its code, box, origin and text object), with no
# Python work on the answers.  Their sum, less one interpreter start, is a floor.
SPACY_LOADED = """
from extractors.nlp import nlp, sentencizer
nlp(); sentencizer()
"""
PDFIUM_CALLS = """
import ctypes, sys
import pypdfium2 as pdfium, pypdfium2.raw as raw
box, ox, oy = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
pdf = pdfium.PdfDocument(sys.argv[1])
for i in range(len(pdf)):
    page = pdf[i]
    textpage = page.get_textpage()
    tp, count = textpage.raw, raw.FPDFText_CountChars(textpage.raw)
    raw.FPDFText_GetText(tp, 0, count, (ctypes.c_ushort * (count + 1))())
    for k in range(count):
        raw.FPDFText_GetLooseCharBox(tp, k, ctypes.byref(box))
        raw.FPDFText_GetCharOrigin(tp, k, ctypes.byref(ox), ctypes.byref(oy))
        raw.FPDFText_GetTextObject(tp, k)
    for _ in page.get_objects():
        pass
    textpage.close()
    page.close()
"""


def extract_floor(env: dict, repeats: int) -> tuple[float, float, float]:
    """(spaCy loaded, PDFium's calls, the two less one interpreter start): median CPU seconds of whole processes."""
    spacy_cpu = median([timed([sys.executable, "-c", SPACY_LOADED], env)[1] for _ in range(repeats)])
    calls_cpu = median([timed([sys.executable, "-c", PDFIUM_CALLS, str(SAMPLE)], env)[1] for _ in range(repeats)])
    bare = median([timed([sys.executable, "-c", "pass"], env)[1] for _ in range(repeats)])
    return spacy_cpu, calls_cpu, spacy_cpu + calls_cpu - bare


def timed(cmd: list[str], env: dict) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process and its children, exit code) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 3):
        print(f"  ! {' '.join(cmd[2:4])} exited {done.returncode}: {done.stderr.decode()[-300:]}", flush=True)
    return wall, cpu, done.returncode


def naive(paths: list[Path], env: dict) -> tuple[float, float]:
    """(wall, CPU) of the naive script as a process over `paths`."""
    wall, cpu, _ = timed([sys.executable, "-c", NAIVE, *map(str, paths)], env)
    return wall, cpu


def clean_env(tmp: Path) -> dict:
    """A run as a user starts it: no Prefect server configured, and a read cache of its own (nothing read yet)."""
    env = dict(os.environ, PREFECT_HOME=str(tmp / "prefect"), PEEL_READ_CACHE=str(tmp / "read-cache"),
               GX_ANALYTICS_ENABLED="False", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    env.pop("PREFECT_API_URL", None)
    return env


STAGES = [  # (stage, a frame that marks it), first match wins
    ("parse", "pdf_to_document"),
    ("extract", "document_to_extraction"),
    ("validate", "flows/validate.py"),
    ("load", "warehouse/"),
    ("imports", "_find_and_load"),
]


def profile_stages(folder: Path, warehouse: Path, env: dict, workers: int) -> dict[str, float] | None:
    """CPU seconds per stage of a `peel run` (every process of it), from a py-spy profile; None without py-spy."""
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if not spy:
        return None
    raw = warehouse.parent / "profile.txt"
    rate = 100
    subprocess.run([spy, "record", "--subprocesses", "-r", str(rate), "-f", "raw", "-o", str(raw), "--", *PEEL, "run",
                    "--source", str(folder), "--warehouse", str(warehouse), "--workers", str(workers)],
                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not raw.exists():
        return None
    return raw_profile_to_stages(raw, rate)


def raw_profile_to_stages(raw: Path, rate: int) -> dict[str, float]:
    seconds: collections.Counter = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        stage = next((name for name, mark in STAGES if mark in stack), None)
        if stage is None:
            # Prefect (server, engine, client) and the flow's own bookkeeping: what orchestration costs.
            stage = "orchestration" if re.search(r"prefect|uvicorn|flows/(pipeline|lifetime|cli)", stack) else "other"
        seconds[stage] += int(n) / rate
    return dict(seconds)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def rows_to_table(rows: list[tuple[str, str, str, str, str]]) -> str:
    """(measure, peel, naive script, peel vs naive, target) rows as an aligned text table."""
    head = ("measure", "peel", "naive script", "peel vs naive", "target")
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]
    line = lambda r: "  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(head), line(tuple("-" * w for w in widths)), *map(line, rows)])


def compile_project() -> None:
    """Write the project's bytecode, as an installed package has it: without it every `peel`
    process compiles the project's modules again (when PYTHONDONTWRITEBYTECODE is set)."""
    import compileall

    for package in ("extractors", "flows", "schemas", "warehouse", "renderers"):
        compileall.compile_dir(str(ROOT / package), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    # Both backfills over the reports the Data Docs show at most (`DOCS_REPORTS`), so that their
    # difference is what every further page costs and nothing that stops growing at 64 reports.
    parser.add_argument("--reports", type=int, default=2 * DOCS_REPORTS)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--big-pages", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5, help="runs of `peel extract` and the naive script (median)")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    compile_project()
    tmp = Path(tempfile.mkdtemp(prefix="peel-bench-"))
    rows: list[tuple[str, str, str, str, str]] = []
    try:
        sample_pages = 31
        copies = copies_of_sample(tmp / "copies", args.copies)
        pages = sample_pages * len(copies)
        env = clean_env(tmp / "env-run")
        # The naive script over a quarter of the copies (identical pages: its rate is the same over all).
        some = copies[: max(len(copies) // 4, 1)]
        base_wall, base_cpu = naive(some, env)
        base_rate = sample_pages * len(some) / base_wall
        print(f"naive     pdfplumber extract_text, one process: {sample_pages * len(some)} pages in {base_wall:.1f} s "
              f"= {base_rate:.1f} pages/s", flush=True)
        warehouse = tmp / "run" / "peel.duckdb"
        wall, cpu, _ = timed([*PEEL, "run", "--source", str(tmp / "copies"), "--warehouse", str(warehouse),
                              "--workers", str(args.workers)], env)
        print(f"peel run  {len(copies)} new copies, {pages} pages: {wall:.1f} s (CPU {cpu:.0f} s)", flush=True)
        rows.append((f"run: {len(copies)} new copies ({pages} pages), pages/s", f"{pages / wall:.1f} ({wall:.0f} s, CPU {cpu:.0f} s)",
                     f"{base_rate:.1f} (CPU {base_cpu * len(copies) / len(some):.0f} s, est.)",
                     f"{pages / wall / base_rate:.2f}x", ">= 5x"))
        wall, _, _ = timed([*PEEL, "run", "--source", str(tmp / "copies"), "--warehouse", str(warehouse)], env)
        print(f"peel run  again, nothing new: {wall:.1f} s", flush=True)
        rows.append(("run again, nothing new, s", f"{wall:.1f}", "", "", "< 5 s"))
        one = tmp / "one"
        copies_of_sample(one, 1)
        wall, _, _ = timed([*PEEL, "run", "--source", str(one), "--warehouse", str(tmp / "one.duckdb")],
                           clean_env(tmp / "env-one"))
        print(f"peel run  first run over one new report: {wall:.1f} s", flush=True)
        rows.append(("run: first run over one new report, s", f"{wall:.1f}", "", "", "< 20 s"))
        # CPU of whole processes, alternated so both see the same machine; the median of each.
        x_cpus, n_cpus = [], []
        for _ in range(args.repeats):
            x_cpus.append(timed([*PEEL, "extract", str(SAMPLE), "--json"], env)[1])
            n_cpus.append(naive([SAMPLE], env)[1])
        x_cpu, n_cpu = median(x_cpus), median(n_cpus)
        print(f"extract   `peel extract --json` of the sample: CPU {x_cpu:.2f} s, naive {n_cpu:.2f} s "
              f"(medians of {args.repeats})", flush=True)
        rows.append(("extract --json of the sample, CPU s", f"{x_cpu:.2f}", f"{n_cpu:.2f}", f"{x_cpu / n_cpu:.2f}x",
                     "<= 0.3x"))
        spacy_cpu, calls_cpu, floor = extract_floor(env, args.repeats)
        print(f"floor     spaCy loaded {spacy_cpu:.2f} s, PDFium's calls for every character {calls_cpu:.2f} s: "
              f"{floor:.2f} s CPU before any work of peel's own ({floor / n_cpu:.2f}x naive)", flush=True)
        rows.append(("floor of any extract: spaCy loaded + PDFium's calls, CPU s", f"{floor:.2f}", f"{n_cpu:.2f}",
                     f"{floor / n_cpu:.2f}x", ""))

        if not args.no_profile:
            four = tmp / "four"
            copies_of_sample(four, 4)
            stages = profile_stages(four, tmp / "profile" / "peel.duckdb", clean_env(tmp / "env-profile"), args.workers)
            if stages is None:
                print("stages    (no py-spy: `pip install py-spy` for where a run spends its CPU)")
            else:
                total = sum(stages.values())
                print("stages    CPU of `peel run` over 4 new copies, every process (py-spy):")
                for stage in ("parse", "extract", "validate", "load", "orchestration", "imports", "other"):
                    print(f"  {stage:<14} {stages.get(stage, 0):6.1f} s  {100 * stages.get(stage, 0) / total:4.0f}%"
                          f"  {stages.get(stage, 0) / 4:5.2f} s per report")
                print(f"  {'total':<14} {total:6.1f} s", flush=True)

        if args.reports:
            (tmp / "corpus").mkdir()
            t0 = time.perf_counter()
            paths = build_corpus(tmp / "corpus", args.reports)
            print(f"corpus    {len(paths)} PDFs printed by {', '.join(THEMES)} in {time.perf_counter() - t0:.0f} s",
                  flush=True)
            corpus_pages, base_s = baseline(paths[: max(len(paths) // 6, 1)])
            corpus_rate = corpus_pages / base_s
            # The backfill of the whole corpus and of its first half, each into a fresh
            # warehouse: the difference is the cost of a page, the rest is what a backfill
            # costs once whatever its size (start-up, the GX import, the Data Docs of its
            # last 64 reports), which a linear extrapolation would count 1,000 / N times over.
            # With fewer than 64 reports in the half, the docs would still grow between the two.
            if len(paths) // 2 < DOCS_REPORTS:
                print(f"backfill  (the half holds fewer than the {DOCS_REPORTS} reports the Data Docs show: "
                      "the cost of a page below counts their pages too)", flush=True)
            half = tmp / "corpus-half"
            half.mkdir()
            for path in paths[: len(paths) // 2]:
                os.link(path, half / path.name)
            runs = []
            for folder, part in ((half, paths[: len(paths) // 2]), (tmp / "corpus", paths)):
                wall, _, _ = timed([*PEEL, "backfill", "--source", str(folder), "--warehouse",
                                    str(tmp / f"backfill-{folder.name}" / "peel.duckdb"), "--workers", str(args.workers)],
                                   clean_env(tmp / f"env-{folder.name}"))
                n_pages = pdfs_to_pages(part)
                runs.append((n_pages, wall))
                print(f"backfill  {len(part)} reports ({n_pages} pages): {wall:.1f} s", flush=True)
            (half_pages, half_wall), (all_pages, all_wall) = runs
            per_page = (all_wall - half_wall) / max(all_pages - half_pages, 1)
            fixed = all_wall - per_page * all_pages
            history = fixed + per_page * 30_000
            print(f"backfill  {fixed:.1f} s once, {1000 * per_page:.1f} ms a page: 30,000 pages in {history / 60:.1f} min "
                  f"(the whole corpus's rate alone: {all_wall / all_pages * 30_000 / 60:.1f} min)", flush=True)
            rows.append(("backfill: 1,000 reports of 30 pages, min (extrapolated)", f"{history / 60:.1f}",
                         f"{30_000 / corpus_rate / 60:.0f}", f"{30_000 / corpus_rate / history:.2f}x",
                         "< 10 min"))

            print("in-process stages over the corpus (second table):", flush=True)
            m = pipeline(paths, args.workers, tmp / "bench.duckdb")
            print(f"  generations: {', '.join(m['generations'])}")
            print(
                f"  extract+validate+load: {m['pages']} pages in {m['total_s']:.1f} s = "
                f"{m['pages'] / m['total_s']:.1f} pages/s ({m['pages'] / m['total_s'] / corpus_rate:.2f}x naive)"
            )
            n = len(paths)
            print(
                f"  CPU seconds summed over workers: parse {m['parse_cpu_s']:.1f} ({1000 * m['parse_cpu_s'] / m['pages']:.1f} ms "
                f"a page), extract {m['extract_cpu_s']:.1f} ({1000 * m['extract_cpu_s'] / m['pages']:.1f} ms a page); "
                f"read wall {m['read_wall_s']:.1f} s on {args.workers} workers; peak worker memory {m['peak_worker_mb']:.0f} MB\n"
                f"  checks of the {n} reports in one batch: GX context {m['context_cpu_s']:.1f} s once, then "
                f"{m['validate_cpu_s']:.1f} s CPU ({m['validate_cpu_s'] / n:.3f} s a report); "
                f"load {m['load_s']:.1f} s in one writer", flush=True
            )
        if args.big_pages:
            big = concatenated_big(tmp, args.big_pages)
            n, seconds, worker_mb, reader_mb = big_worker_peak(big)
            print(f"big file  one worker, {n}-page PDF: {seconds:.1f} s, worker {worker_mb:.0f} MB, "
                  f"reader {reader_mb:.0f} MB", flush=True)
            rows.append((f"one worker reading a {n}-page PDF, peak MB", f"{worker_mb:.0f}", "", "", "< 300 MB"))
            rows.append(("  the reader it forks for the file, peak MB", f"{reader_mb:.0f}", "", "", ""))
        print()
        print(rows_to_table(rows))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
