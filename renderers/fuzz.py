"""Print the sample documents in house styles drawn at random and check every fact comes out.

    python -m renderers.fuzz --seeds 200 [--start 0] [--jobs 2]
    python -m renderers.fuzz --seed 17 --keep out.pdf
    python -m renderers.fuzz --producer chromium --seeds 40 [--start 0]
    python -m renderers.fuzz --producer word --seeds 40 [--start 0] [--jobs 1]
    python -m renderers.fuzz --producer abiword --seeds 40 [--start 0]
    python -m renderers.fuzz --producer weasyprint --seeds 40 [--start 0]
    python -m renderers.fuzz --parser pdfplumber --seeds 40 [--start 0]

Each seed is a `PrintingStyle` (renderers/printings.py).  A seed fails when
extraction raises or its facts differ from the document's expected facts
(renderers/facts.py); each failure is printed with its style, what differed,
and the command that reproduces it.  Exit status 1 when any seed failed.
`--producer chromium` prints each seed's drawn style with headless Chromium
instead (renderers/chromium.py), `--producer word` writes it as a Word document
(.docx, Word's default look) and prints that with LibreOffice (renderers/word_document.py),
`--producer abiword` prints that .docx with AbiWord (renderers/abiword.py), `--producer
weasyprint` prints Chromium's page with WeasyPrint (renderers/weasyprint_printer.py); what the
seed draws is unchanged.  An AbiWord printing loses what a reader needs (footnote marks on the
baseline, list bullets), so it passes when it is read right or quarantined: it fails only
when it would load wrong facts.  `--parser pdfplumber` reads every printing with the
second parser (pdfminer's page model) instead of PDFium, to score the two on the same seeds.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from renderers.facts import differences, document_text, expected_facts, extraction_to_facts
from renderers.printings import PrintingStyle, render_printings, style_from_seed, style_to_picture_style

BATCH = 6  # printings per LibreOffice run: fewer runs, yet results arrive as the work goes
# Producers whose printings lose what a reader needs (renderers/abiword.py): held only to
# never loading wrong facts, a quarantine being the right outcome for what cannot be read.
HELD_TO_NO_WRONG_LOAD = frozenset({"abiword"})


@dataclass
class SeedResult:
    style: PrintingStyle
    problems: list[str]  # empty when the printing gave every expected fact
    pages: int = 0
    # What the pipeline would do with a printing read wrongly: "quarantined <reason>", or
    # "LOADED" — the one outcome that must never happen to a printing read in part.
    verdict: str = ""

    @property
    def passed(self) -> bool:
        if self.style.producer in HELD_TO_NO_WRONG_LOAD:
            return not self.problems or self.verdict.startswith("quarantined")
        return not self.problems


def reproduce_command(seed: int, producer: str | None = None, parser: str = "pdfium") -> str:
    override = f" --producer {producer}" if producer else ""
    override += f" --parser {parser}" if parser != "pdfium" else ""
    return f".venv/bin/python -m renderers.fuzz --seed {seed}{override} --keep seed-{seed}.pdf"


def seed_to_style(seed: int, producer: str | None = None) -> PrintingStyle:
    """The seed's drawn style, printed by `producer` when one is named."""
    style = style_from_seed(seed)
    if producer == "chromium":
        from renderers.chromium import style_to_chromium_style

        return style_to_chromium_style(style)
    if producer == "writer-picture":
        return style_to_picture_style(style)
    if producer == "word":
        from renderers.word_document import style_to_word_style

        return style_to_word_style(style)
    if producer == "abiword":
        from renderers.abiword import style_to_abiword_style

        return style_to_abiword_style(style)
    if producer == "weasyprint":
        from renderers.weasyprint_printer import style_to_weasyprint_style

        return style_to_weasyprint_style(style)
    return style


def limit_chromium_prints(count: int) -> None:
    """In a worker process: how many Chromiums it may run at once, so the workers together
    run no more than the machine has cores for."""
    import renderers.chromium

    renderers.chromium.PARALLEL_PRINTS = count


def pdf_to_problems(pdf: Path, style: PrintingStyle, parser: str = "pdfium") -> tuple[list[str], str]:
    """What the extractor got wrong on one printing (any exception it raises is a failure too),
    and, when it got something wrong, what the pipeline's checks would do with the report."""
    try:
        from extractors.pages import pdf_to_document
        from extractors.report import document_to_extraction

        extraction = document_to_extraction(pdf_to_document(pdf, parser))
        got = extraction_to_facts(style.document, extraction)
    except Exception as exc:  # the extractor is judged, not trusted: whatever it raises fails the seed
        code = getattr(exc, "code", None)
        return [f"extraction raised {type(exc).__name__}: {str(exc)[:300]}"], f"quarantined {code}" if code else "crashed"
    problems = differences(expected_facts(style.document), got)
    # A right reading that its own checks refuse would be lost from the warehouse: judged too.
    verdict = extraction_to_verdict(extraction)
    if not problems and verdict != "LOADED":
        problems = [f"every fact is right, yet the report would be {verdict}"]
    return problems, verdict


def extraction_to_verdict(extraction) -> str:
    """'quarantined <reason>' when the report's own checks refuse it, else 'LOADED'."""
    from flows.validate import within_report_results
    from schemas.outcomes import results_to_quarantine

    verdict = results_to_quarantine(extraction.report.file_name, within_report_results(extraction))
    return f"quarantined {verdict[0]}" if verdict else "LOADED"


def seeds_to_results(seeds: list[int], keep: Path | None = None, producer: str | None = None,
                     parser: str = "pdfium") -> list[SeedResult]:
    """Render the seeds in one batch, then extract and compare each."""
    styles = [seed_to_style(s, producer) for s in seeds]
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = [Path(tmp) / f"seed-{s.seed}.pdf" for s in styles]
        try:
            pages = render_printings([(document_text(s.document), pdf, s) for s, pdf in zip(styles, pdfs)])
        except Exception as exc:  # a printing that cannot be made is reported, not hidden
            return [SeedResult(s, [f"rendering raised {type(exc).__name__}: {str(exc)[:300]}"]) for s in styles]
        results = []
        for style, pdf, n in zip(styles, pdfs, pages):
            problems, verdict = pdf_to_problems(pdf, style, parser)
            results.append(SeedResult(style, problems, n, verdict))
        if keep is not None:
            keep.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdfs[0], keep)
    return results


def result_to_text(result: SeedResult, parser: str = "pdfium") -> str:
    lines = [f"FAIL seed {result.style.seed} ({result.verdict}): {result.style.line()}"]
    lines += [f"    {p}" for p in result.problems]
    # No seed draws Chromium, Word, AbiWord or WeasyPrint: such a printing was asked for with --producer.
    producer = (result.style.producer if result.style.producer in ("chromium", "word", "abiword", "weasyprint")
                else "writer-picture" if result.style.fin_picture else None)
    lines.append(f"    reproduce: {reproduce_command(result.style.seed, producer, parser)}")
    return "\n".join(lines)


def run(seeds: list[int], jobs: int, producer: str | None = None, parser: str = "pdfium") -> list[SeedResult]:
    batches = [seeds[k : k + BATCH] for k in range(0, len(seeds), BATCH)]
    results: list[SeedResult] = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=limit_chromium_prints, initargs=(max(1, 2 // jobs),)) as pool:
        for batch in pool.map(partial(seeds_to_results, producer=producer, parser=parser), batches):
            for result in batch:
                if not result.passed:
                    print(result_to_text(result, parser), flush=True)
            results += batch
    return results


def main(argv: list[str] | None = None) -> int:
    from extractors.pages import PARSERS

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=200, help="how many seeds to run")
    parser.add_argument("--start", type=int, default=0, help="the first seed")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--seed", type=int, help="run this one seed only")
    parser.add_argument("--keep", type=Path, help="with --seed: keep its PDF here")
    parser.add_argument("--producer", choices=("chromium", "writer-picture", "word", "abiword", "weasyprint"),
                        help="print every seed's drawn style with this producer instead of the drawn one "
                             "(writer-picture: LibreOffice Writer, with 'Force in numbers' pasted in as a picture; "
                             "word: a .docx in Word's default look, printed by LibreOffice; "
                             "abiword: that .docx printed by AbiWord, held only to never loading wrong facts; "
                             "weasyprint: Chromium's HTML and CSS printed by WeasyPrint)")
    parser.add_argument("--parser", choices=PARSERS, default="pdfium",
                        help="which parser builds the page model (as `peel extract --parser`)")
    args = parser.parse_args(argv)
    if args.keep and args.seed is None:
        parser.error("--keep needs --seed")
    started = time.monotonic()
    if args.seed is not None:
        (result,) = seeds_to_results([args.seed], args.keep, args.producer, args.parser)
        print(result_to_text(result, args.parser) if not result.passed else f"ok seed {args.seed}: {result.style.line()}")
        if args.keep:
            print(f"kept {args.keep} ({result.pages} pages)")
        return 0 if result.passed else 1
    results = run(list(range(args.start, args.start + args.seeds)), max(1, args.jobs), args.producer, args.parser)
    failed = [r for r in results if not r.passed]
    if args.producer in HELD_TO_NO_WRONG_LOAD:
        quarantined = [r.style.seed for r in results if r.passed and r.problems]
        print(f"{len(quarantined)} of {len(results)} printings quarantined, as what cannot be read must be"
              f"{': ' + ' '.join(map(str, quarantined)) if quarantined else ''}")
    elapsed = time.monotonic() - started
    loaded_wrong = [r.style.seed for r in failed if r.verdict in ("LOADED", "crashed")]
    print(f"{len(results) - len(failed)} of {len(results)} seeds passed, {len(failed)} failed "
          f"({len(failed) - len(loaded_wrong)} of them quarantined, {len(loaded_wrong)} would load wrong facts"
          f"{': ' + ' '.join(map(str, loaded_wrong)) if loaded_wrong else ''}) "
          f"({elapsed:.0f} s, {elapsed / max(len(results), 1):.1f} s a printing with {args.jobs} jobs)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
