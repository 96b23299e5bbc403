"""Named ways of printing a report, each a PDF producer with its own fonts and layout."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from renderers.backends import render_with_fpdf2, render_with_reportlab
from renderers.layout import Theme
from renderers.libreoffice import render_with_libreoffice, soffice
from renderers.source_text import ReportSource, text_to_report_source

Producer = Callable[[ReportSource, Path], int]

THEMES: dict[str, Producer] = {
    # Close to the published report: sans serif, blocks two to a row.
    "published": partial(render_with_reportlab, theme=Theme("published", "sans")),
    # Another producer, embedded TrueType fonts, wider margins, stacked
    # infographic with labels in capitals, superscripts that are only smaller, a running header.
    "fpdf2-vera": partial(
        render_with_fpdf2,
        theme=Theme(
            "fpdf2-vera", "sans", body_size=10.0, leading=1.4, margins=(85.0, 80.0, 60.0, 90.0),
            h1_size=18.0, h2_size=13.0, h3_size=11.5, footnote_size=8.0, value_size=20.0,
            sup_mode="smaller", fin_columns=1, running_header=True, upper_labels=True,
        ),
    ),
    # Serif, narrow margins, three blocks to a row, superscripts only raised,
    # a judgments table printed without its header row.
    "reportlab-times": partial(
        render_with_reportlab,
        theme=Theme(
            "reportlab-times", "serif", body_size=12.0, leading=1.25, margins=(56.0, 60.0, 56.0, 64.0),
            h1_size=22.0, h2_size=15.0, h3_size=13.0, footnote_size=9.0, value_size=24.0,
            sup_mode="raised", fin_columns=3, judgments_header=False,
        ),
    ),
    # What real PDFs do to text: footnotes running on to the next page, the judgments
    # table split over two pages, soft hyphens, fi/fl ligatures, headings in fake bold
    # (drawn twice), and every page's text written in a scrambled order.
    "fpdf2-stress": partial(
        render_with_fpdf2,
        theme=Theme(
            "fpdf2-stress", "sans", body_size=10.0, leading=1.3, margins=(64.0, 70.0, 64.0, 60.0),
            h1_size=19.0, h2_size=13.5, h3_size=12.0, footnote_size=8.0, value_size=21.0,
            fin_columns=2, split_footnotes=True, table_split_after=2, soft_hyphens=True,
            ligatures=True, fake_bold=True, shuffle=True,
        ),
    ),
    # As published: the infographic pasted in as a picture, with no text layer.
    "fpdf2-infographic-image": partial(
        render_with_fpdf2,
        theme=Theme(
            "fpdf2-infographic-image", "sans", body_size=10.5, leading=1.35, margins=(70.0, 72.0, 70.0, 72.0),
            h1_size=19.0, h2_size=13.5, h3_size=12.0, footnote_size=8.0, value_size=22.0,
            fin_columns=2, fin_as_image=True,
        ),
    ),
    # A scan: every page a greyscale picture, no text layer at all.
    "fpdf2-scanned": partial(
        render_with_fpdf2,
        theme=Theme("fpdf2-scanned", "sans", body_size=11.0, scanned=True),
    ),
    # A word processor's own layout: LibreOffice Writer with real footnotes and tables.
    "libreoffice": render_with_libreoffice,
    # The same word processor, sans serif, with the converted text's heading levels
    # taken literally and the infographic's blocks stacked one to a row.
    "libreoffice-source-levels": partial(
        render_with_libreoffice, font="Liberation Sans", source_levels=True, fin_columns=1
    ),
}


# A scan loses what only typography carries (superscript footnote markers, font
# sizes), so it is not expected to give every fact exactly: tests treat it apart.
EXACT_THEMES = [name for name in THEMES if name != "fpdf2-scanned"]


def available_themes() -> list[str]:
    """Themes that must give the golden facts and whose producer is installed here."""
    return [name for name in EXACT_THEMES if not name.startswith("libreoffice") or soffice()]


def render(text: str, out: Path, theme: str = "published") -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    return THEMES[theme](text_to_report_source(text), out)
