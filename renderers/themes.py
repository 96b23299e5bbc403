"""Named ways of printing a report: each pairs a layout theme with a PDF producer."""

from __future__ import annotations

from pathlib import Path

from renderers.backends import render_with_fpdf2, render_with_reportlab
from renderers.layout import Theme
from renderers.source_text import text_to_report_source

THEMES = {
    # Close to the published report: sans serif, blocks two to a row.
    "published": (Theme("published", "sans"), render_with_reportlab),
    # Another producer, embedded TrueType fonts, wider margins, stacked
    # infographic, superscripts that are only smaller, a running header.
    "fpdf2-vera": (
        Theme(
            "fpdf2-vera", "sans", body_size=10.0, leading=1.4, margins=(85.0, 80.0, 60.0, 90.0),
            h1_size=18.0, h2_size=13.0, h3_size=11.5, footnote_size=8.0, value_size=20.0,
            sup_mode="smaller", fin_columns=1, running_header=True,
        ),
        render_with_fpdf2,
    ),
    # Serif, narrow margins, three blocks to a row, superscripts only raised.
    "reportlab-times": (
        Theme(
            "reportlab-times", "serif", body_size=12.0, leading=1.25, margins=(56.0, 60.0, 56.0, 64.0),
            h1_size=22.0, h2_size=15.0, h3_size=13.0, footnote_size=9.0, value_size=24.0,
            sup_mode="raised", fin_columns=3,
        ),
        render_with_reportlab,
    ),
}


def render(text: str, out: Path, theme: str = "published") -> int:
    settings, backend = THEMES[theme]
    out.parent.mkdir(parents=True, exist_ok=True)
    return backend(text_to_report_source(text), settings, out)
