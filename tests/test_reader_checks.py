"""A batch can be read in one process and checked in another: the same results, and the reader stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest

from conftest import ROOT, SAMPLE_PDF, extract
from extractors.errors import ExtractionError


def _reports():
    import copy

    good = extract(SAMPLE_PDF)
    misread = copy.deepcopy(good)
    k = next(i for i, m in enumerate(misread.headline_metrics) if m.metric == "Charged/summonsed")
    misread.headline_metrics[k] = replace(misread.headline_metrics[k], force_value=170)
    return {"good.pdf": good, "misread.pdf": misread}


@pytest.mark.slow
def test_checks_made_after_the_read_are_the_checks_made_in_the_reader():
    from flows.reader import Bounds, check_reads, read_files

    reports = _reports()
    items = [(name, "", name) for name in [*reports, "bad.pdf"]]  # no sha256: nothing cached

    def read(path):
        if path == "bad.pdf":
            raise ExtractionError("not_a_pdf", "bad.pdf: not a PDF (no %PDF header); check the file type")
        return reports[path]

    in_reader = read_files(items, Bounds(), extract=read)
    reads = read_files(items, Bounds(), extract=read, check=False)
    assert [type(r).__name__ for r in reads] == ["Extraction", "Extraction", "ExtractionError"]
    later = check_reads(items, reads, Bounds())
    assert [(e.report.file_name if not isinstance(e, ExtractionError) else e.code, results)
            for e, results in later] == [
        (e.report.file_name if not isinstance(e, ExtractionError) else e.code, results) for e, results in in_reader]
    assert any(r.failed for r in later[1][1]) and not any(r.failed for r in later[0][1])
    assert later[2][1] == []


def test_pairs_already_made_pass_through_the_checks_untouched():
    from flows.reader import Bounds, check_reads

    cached = ("an extraction read before", ["its results"])
    failed_chunk = (ExtractionError("internal_error", "x.pdf: BrokenPipeError: gone"), [])
    items = [("a.pdf", "", "a.pdf"), ("x.pdf", "", "x.pdf")]
    assert check_reads(items, [cached, failed_chunk], Bounds()) == [cached, failed_chunk]


@pytest.mark.slow
def test_a_process_that_only_reads_imports_neither_gx_nor_pandas_nor_prefect(tmp_path):
    script = f"""
import json, sys
from flows.lifetime import reader_worker_initializer
from flows.reader import Bounds, read_files
reader_worker_initializer()
[read] = read_files([({str(SAMPLE_PDF)!r}, "", "met.pdf")], Bounds(), check=False)
heavy = ["great_expectations", "pandas", "prefect", "pdfplumber", "pdfminer"]
print(json.dumps({{"read": type(read).__name__, "imported": [m for m in heavy if m in sys.modules]}}))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "PEEL_READ_CACHE": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[-1]) == {"read": "Extraction", "imported": []}


def _collector_settings(path):
    import gc

    return gc.get_threshold(), gc.get_freeze_count()


def test_the_reading_child_collects_garbage_rarely_and_never_walks_what_it_inherited():
    import gc

    from flows.reader import READ_GC_THRESHOLD, Bounds, read_within_bounds

    here = gc.get_threshold()
    threshold, frozen = read_within_bounds(_collector_settings, "any.pdf", "any.pdf", Bounds())
    assert threshold == READ_GC_THRESHOLD and frozen > 1000
    assert gc.get_threshold() == here  # the worker that forked it keeps its own settings
