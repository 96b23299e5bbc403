"""A fifth producer: the Chromium producer's HTML and CSS (renderers/chromium.py) printed by WeasyPrint.

WeasyPrint lays the page out with its own CSS engine, shapes text with Pango and
HarfBuzz and writes the PDF with pydyf: fonts subset and encoded, text runs
positioned, borders and fills drawn, all in its own way. The page it is given is
the one Chromium prints, so what the extractor gets wrong here comes from the
engine and the PDF writer, not from what is printed. The contents' page numbers
are settled as for Chromium, from the headings' outline in the PDF WeasyPrint writes.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from renderers.chromium import printing_to_pdf, style_to_chromium_style
from renderers.printings import PrintingStyle
from renderers.source_text import ReportSource


def style_to_weasyprint_style(style: PrintingStyle) -> PrintingStyle:
    """The seed's drawn style printed by WeasyPrint: Chromium's fonts, every other field as drawn
    but a list mark other than a disc, a square or a number (WeasyPrint 70 prints no string
    mark, and fails on a marker's content), printed as a disc."""
    mark = style.list_mark if style.list_mark in ("•", "▪", "1.") else "•"
    return replace(style_to_chromium_style(style), producer="weasyprint", list_mark=mark)


def html_to_pdf_by_weasyprint(html: str, out: Path, folder: Path) -> int:
    """Print one page to `out`; returns the page count. Offline: the page fetches nothing but
    what it holds itself (a picture as a data: URL); asking for anything else fails the printing."""
    import weasyprint

    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",), fail_on_errors=True)
    document = weasyprint.HTML(string=html, base_url=str(folder), url_fetcher=fetcher).render()
    out.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(out)
    return len(document.pages)


def printings_to_pdfs_by_weasyprint(jobs: list[tuple[ReportSource, PrintingStyle, Path]]) -> list[int]:
    """Print several reports one after another (WeasyPrint runs in this process); their page counts."""
    with tempfile.TemporaryDirectory() as tmp:
        return [printing_to_pdf(src, style, out, Path(tmp) / f"d{k}", html_to_pdf_by_weasyprint)
                for k, (src, style, out) in enumerate(jobs)]
