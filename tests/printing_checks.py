"""What the tests of a producer that prints the drawn seeds (`renderers.fuzz --producer`) share."""

from __future__ import annotations

from pathlib import Path

from renderers.facts import document_text
from renderers.fuzz import pdf_to_problems, reproduce_command, seed_to_style
from renderers.printings import LIST_MARKS, WRITER_FONTS, render_printings, style_from_seed
from renderers.source_text import Heading, text_to_report_source


def assert_only_producer_and_missing_font_change(producer: str, seeds: int = 60,
                                                 marks: tuple[str, ...] = LIST_MARKS) -> None:
    """The producer's override keeps every drawn field but the producer, a font it lacks and
    a list mark it cannot print (`marks`: those it can), printed as a round bullet."""
    for seed in range(seeds):
        drawn = style_from_seed(seed)
        style = seed_to_style(seed, producer)
        assert style.producer == producer and style.font in WRITER_FONTS
        assert {k: v for k, v in vars(style).items() if k not in ("producer", "font", "list_mark")} == {
            k: v for k, v in vars(drawn).items() if k not in ("producer", "font", "list_mark")}
        if drawn.font in WRITER_FONTS:
            assert style.font == drawn.font
        assert style.list_mark == (drawn.list_mark if drawn.list_mark in marks else "•")
    assert reproduce_command(3, producer).endswith(f"--seed 3 --producer {producer} --keep seed-3.pdf")


def print_seeds(folder: Path, seeds: tuple[int, ...], producer: str) -> dict[int, tuple[Path, int]]:
    """Each seed printed by the producer: seed -> (PDF, page count)."""
    styles = [seed_to_style(s, producer) for s in seeds]
    pdfs = [folder / f"seed-{s.seed}.pdf" for s in styles]
    pages = render_printings([(document_text(s.document), pdf, s) for s, pdf in zip(styles, pdfs)])
    return {s.seed: (pdf, n) for s, pdf, n in zip(styles, pdfs, pages)}


def pdf_to_metadata_and_pages(pdf: Path) -> tuple[dict, int]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return doc.get_metadata_dict(), len(doc)
    finally:
        doc.close()


def assert_plausible_length(seed: int, producer: str, count: int) -> None:
    """The cover, the contents page and a page at least for each part (every part opens a
    page); a page holds well over 250 words at any size a style draws."""
    style = seed_to_style(seed, producer)
    src = text_to_report_source(document_text(style.document))
    parts = sum(isinstance(item, Heading) and item.level == 1 for item in src.body)
    fewest = 1 + style.contents + parts
    words = len(document_text(style.document).split())
    assert fewest <= count <= fewest + words // 250, (count, fewest, words)


def assert_printed_by(printed: dict[int, tuple[Path, int]], seed: int, producer: str, pdf_producer: str) -> None:
    """The seed's PDF was written by the producer (its Producer field opens `pdf_producer`) and
    is as long as the page count the printer returned, and a plausible length."""
    pdf, pages = printed[seed]
    meta, count = pdf_to_metadata_and_pages(pdf)
    assert meta["Producer"].startswith(pdf_producer), meta
    assert pages == count
    assert_plausible_length(seed, producer, count)


def assert_expected_facts(printed: dict[int, tuple[Path, int]], seed: int, producer: str) -> None:
    """Every expected fact read from the seed's printing, judged as `renderers.fuzz` judges it."""
    style = seed_to_style(seed, producer)
    problems, verdict = pdf_to_problems(printed[seed][0], style)
    assert not problems, "\n".join(
        [f"seed {seed} ({verdict}): {style.line()}", *problems, f"reproduce: {reproduce_command(seed, producer)}"]
    )
