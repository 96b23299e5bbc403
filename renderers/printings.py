"""Printings drawn at random: the same report text in the house style of some office.

A seed draws a `PrintingStyle` (which document, which producer, fonts, sizes,
page, headings, footnotes, tables, contents, the "Force in numbers" panels,
running headers and footers) and `render_printings` prints it.  Most printings
come from LibreOffice Writer, laid out by the word processor itself from a
.fodt file, as a report typed in a word processor and saved as PDF would be;
the rest come from peel-etl's own layout engine through a `Theme`.  Only the
typography and layout vary: every word printed is the source text's.
"""

from __future__ import annotations

import base64
import random
import re
import subprocess
from dataclasses import asdict, dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from renderers.backends import render_with_fpdf2, render_with_reportlab
from renderers.facts import REAL_REPORT, document_names
from renderers.layout import Theme
from renderers.libreoffice import NS, _Writer, fodts_to_pdfs
from renderers.source_text import (
    ForceInNumbers,
    GradeLine,
    Heading,
    Judgments,
    ReportSource,
    text_to_report_source,
)

# Every value a style field can take, for drawing and for checking that a set of seeds covers them.
WRITER_FONTS = ("Liberation Sans", "Liberation Serif", "DejaVu Sans", "DejaVu Serif", "Carlito", "Caladea")
CHOICES: dict[str, tuple] = {
    "producer": ("writer", "reportlab", "fpdf2"),
    "font": WRITER_FONTS + ("Helvetica", "Times", "Vera Sans"),
    "page": ("A4", "Letter"),
    "align": ("left", "justify"),
    "headings": ("larger", "bold", "colour"),
    "numbered": (False, True),
    "note_number": ("superscript", "plain"),
    "note_follow": ("tab", "space", "stop"),
    "note_rule": (True, False),
    "note_size": ("smaller", "same"),
    "table_rules": ("grid", "rows", "none"),
    "table_header": (True, False),
    "grade_fill": (False, True),
    "table_width": ("wide", "narrow"),
    "table_split": (False, True),
    "contents": (True, False),
    "fin_columns": (1, 2, 3),
    "fin_panel": ("bordered", "filled"),
    "fin_captions": ("above", "beside"),
    "header": (False, True),
    "footer": ("number", "page", "page-of"),
}
BODY_SIZES = (9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0)
LINE_SPACINGS = (1.0, 1.0, 1.15, 1.5)  # single spacing the most often
DOUBLE_SPACED_SHARE = 0.1  # of seeds printed double spaced, as drafts and large-print house styles are
INDENTED_SHARE = 0.2  # of Writer seeds whose body paragraphs are indented, with no space between them
FIRST_LINE_INDENT_CM = 1.27  # Word's default tab stop, where a first-line indent is usually set
HEADING_CAPS_SHARE = 0.1  # of Writer seeds whose parts' and sections' headings are set in capitals
HEADING_SMALL_CAPS_SHARE = 0.1  # of the other Writer seeds, whose headings are set in small capitals
TABLE_BANDS_SHARE = 0.2  # of Writer seeds whose grade tables are banded
HEADER_FILL, BAND_FILL = "#1f4e79", "#deeaf6"
NOTE_BRACKETS_SHARE = 0.1  # of Writer seeds whose footnotes are numbered "(1)" or "[1]" in the notes area
NOTE_BRACKETS = ("()", "[]")
GREY_TEXT_SHARE = 0.2  # of Writer seeds whose text is dark grey, as many Word templates set it
GREY_TEXTS = ("#404040", "#595959")  # Word's "Black, Text 1, Lighter 25%" and "Lighter 35%"
HEADING_RULE_SHARE = 0.2  # of Writer seeds whose parts' and sections' headings stand over a rule or in a band
HEADING_RULES = ("under", "band")
HEADING_RULE_COLOUR = "#1f4e79"
HYPHENATE_SHARE = 0.2  # of Writer seeds hyphenated automatically, as word processors offer
HEADING_FONT_SHARE = 0.3  # of Writer seeds whose headings are set in another family than the body
FULL_NOTE_RULE_SHARE = 0.25  # of Writer seeds with a note separator, whose rule runs the text's full width
COVER_PICTURE_SHARE = 0.2  # of Writer seeds whose cover opens with the inspectorate's banner, a picture
COVER_PICTURE_CM = (12.0, 3.0)  # its width and height as printed
LIST_MARKS = ("•", "•", "•", "–", "➢", "▪", "✓", "1.")  # a round bullet the most often
FIN_PICTURE_DPI = 300
PAGE_SIZES_CM = {"A4": (21.0, 29.7), "Letter": (21.59, 27.94)}
PT_PER_CM = 72 / 2.54

GRADE_COLOURS = {  # fill behind a grade printed in white
    "Outstanding": "#1d6b3a", "Good": "#4f8f2f", "Adequate": "#2f6f9f",
    "Requires improvement": "#c46a0c", "Inadequate": "#b01c1c",
}


@dataclass(frozen=True)
class PrintingStyle:
    seed: int
    document: str  # the real report's name, or a generation sample's (samples/generations/<name>.txt)
    producer: str  # "writer" (LibreOffice), "reportlab" or "fpdf2" (peel-etl's own layout); never drawn:
    # "chromium" (renderers/chromium.py), a drawn style printed by headless Chromium instead, or
    # "word" (renderers/word_document.py), as a .docx in Word's default look printed by LibreOffice, or
    # "abiword" (renderers/abiword.py), that .docx printed by AbiWord
    font: str
    body_size: float  # points
    page: str  # "A4" or "Letter"
    margins_cm: tuple[float, float, float, float]  # left, top, right, bottom
    align: str  # body text ragged right or justified
    headings: str  # "larger" (and bold), "bold" (at body size), "colour" (at body size, not bold)
    numbered: bool  # parts and sections numbered "1." and "2.3"
    note_number: str  # the number before a footnote's text: "superscript" or "plain"
    note_follow: str  # what separates that number from the text: "tab", "space" or "stop" ("1. ")
    note_rule: bool  # a separator rule above the footnote area
    note_size: str  # footnote text "smaller" than the body or the "same" size
    table_rules: str  # judgments/area tables: "grid", "rows" (rules between rows) or "none"
    table_header: bool  # the tables' header row printed (and repeated after a page break)
    grade_fill: bool  # grade cells filled with a colour, the grade in white
    table_width: str  # "wide", or "narrow" columns that wrap grades and questions
    table_split: bool  # the tables run on over a page break
    contents: bool  # a contents page with dot leaders and page numbers
    fin_columns: int  # "Force in numbers" panels per row
    fin_panel: str  # panels "bordered" or "filled"
    fin_captions: str  # the force / England and Wales captions "above" or "beside" their values
    header: bool  # a running header with the report's title line
    footer: str  # page number as "3", "Page 3" or "Page 3 of 31"
    line_spacing: float = 1.0  # single, 1.15, 1.5 or 2 lines, for every paragraph but the page's header and footer
    # Writer only, never drawn: the "Force in numbers" panels pasted in as a picture with no text
    # layer (as the published reports have them), photographed from a printing of the panels alone
    # (`python -m renderers.fuzz --producer writer-picture`)
    fin_picture: bool = False
    # The mark that opens each item of a list (areas for improvement, recommendations): a bullet
    # glyph ("•", "–", "➢", "▪", "✓") or "1." (numbered). Writer, Chromium and WeasyPrint print
    # it; peel-etl's own layout and the Word document print "•".
    list_mark: str = "•"
    # Body paragraphs "spaced" (space after each, no indent) or "indented" (the first line
    # indented, no space between: a book's or a letter's house style). Writer, Chromium,
    # WeasyPrint and the Word document print it; peel-etl's own layout prints "spaced".
    paragraphs: str = "spaced"
    # Parts' and sections' headings set in capitals (Writer's and Word's "capitals" effect, CSS
    # text-transform): the PDF holds the capitals. Printed as `paragraphs` is.
    heading_caps: bool = False
    # Those headings set in small capitals (the "small capitals" effect, CSS font-variant): the
    # fonts drawn have none, so producers print capitals, smaller for the lower-case letters.
    # Printed as `paragraphs` is; never with `heading_caps`.
    heading_small_caps: bool = False
    # Grade tables "banded" as Word's table designs set them: the header row filled dark with
    # white bold text, the rows filled light and plain in turn (a filled grade cell keeps its
    # own fill). Writer and Chromium print it (WeasyPrint too, from Chromium's page).
    table_bands: bool = False
    # The footnote's number in the notes area between brackets, "()" or "[]" ("" for none); the
    # mark in the text stays a bare number. Writer, Chromium and WeasyPrint print it.
    note_brackets: str = ""
    # The colour of all text not otherwise coloured: black, or a dark grey. Writer, Chromium,
    # WeasyPrint and the Word document print it.
    text_colour: str = "#000000"
    # The cover opens with a banner pasted in as a picture: the inspectorate's name in white
    # on blue, as the published covers open with its logo (`cover_banner_png`). Writer and
    # Chromium (WeasyPrint too) print it.
    cover_picture: bool = False
    # Parts' and sections' headings set off by a coloured rule under them ("under") or set in
    # white on a coloured band ("band"), as many report templates set them ("" for neither).
    # Writer, Chromium (WeasyPrint too, from Chromium's page) and the Word document print it.
    heading_rule: str = ""
    # The footnote separator's length, where there is one: "short" (a quarter of the text's
    # width, the word processors' default) or "full" (the whole width, as some house styles
    # set it). Writer and Chromium (WeasyPrint too) print it.
    note_rule_width: str = "short"
    # Words broken at line ends by the word processor's automatic hyphenation (British
    # English patterns). Writer, the Word document and WeasyPrint print it (Chromium has no
    # hyphenation patterns offline, and sets its lines whole).
    hyphenate: bool = False
    # The headings' font, where it is not the body's ("" for the body's): a family other than
    # the body's (Carlito over Liberation Serif, Liberation Sans over DejaVu Sans), as templates
    # pair a heading and a body font (Word's Calibri Light over Calibri). Writer, Chromium
    # (WeasyPrint too) and the Word document print it.
    heading_font: str = ""

    def line(self) -> str:
        """The style on one line, for a failure report."""
        return " ".join(f"{k}={_value_text(v)}" for k, v in asdict(self).items())


def _value_text(value) -> str:
    if isinstance(value, tuple):
        return ",".join(f"{v:g}" for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace(" ", "_")


def text_width_cm(style: PrintingStyle) -> float:
    left, _, right, _ = style.margins_cm
    return PAGE_SIZES_CM[style.page][0] - left - right


def column_widths_cm(style: PrintingStyle, columns: int) -> list[float]:
    """Question, grade and year column widths of the judgments tables, the same in every producer."""
    width = text_width_cm(style)
    if style.table_width == "narrow":
        # Narrow enough that "Requires improvement", "Last inspected" and the questions wrap at a
        # space, wide enough for their longest word ("improvement" is about 0.25 cm a point in bold).
        grade = 0.30 * style.body_size + 0.3
        year = 0.22 * style.body_size + 0.3
        question = min(6.0, width - grade - year)
    else:
        grade, year = 4.2, 3.2
        question = width - grade - year
    return [question, grade, year] if columns == 3 else [question, grade]


class NumberedHeadings:
    """"1. " before a part and "1.2 " before a section when the style numbers them, as Writer's
    outline numbering and Word's multilevel list do; minor headings are never numbered."""

    s: PrintingStyle
    part = 0
    section = 0

    def heading_number(self, level: int) -> str:
        if level == 1:
            self.part, self.section = self.part + 1, 0
            return f"{self.part}. " if self.s.numbered else ""
        if level == 2:
            self.section += 1
            return f"{self.part}.{self.section} " if self.s.numbered else ""
        return ""


def style_from_seed(seed: int) -> PrintingStyle:
    """The printing a seed stands for; the same seed always gives the same style."""
    rng = random.Random(seed)
    names = document_names()
    document = REAL_REPORT if rng.random() < 0.5 else rng.choice(names[1:])
    producer = rng.choices(CHOICES["producer"], weights=(6, 1, 1))[0]
    drawn = {name: rng.choice(values) for name, values in CHOICES.items() if name not in ("producer", "font")}
    style = PrintingStyle(
        seed=seed,
        document=document,
        producer=producer,
        font=rng.choice(WRITER_FONTS),
        body_size=rng.choice(BODY_SIZES),
        margins_cm=(
            round(rng.uniform(1.8, 3.0), 1), round(rng.uniform(1.5, 2.8), 1),
            round(rng.uniform(1.8, 3.0), 1), round(rng.uniform(1.5, 2.8), 1),
        ),
        **drawn,
    )
    style = style if producer == "writer" else _layout_engine_style(style, rng)
    # Drawn apart from the rest, so that the other parameters a seed stood for stay as they were.
    mark = random.Random(f"list mark {seed}").choice(LIST_MARKS)
    spacing = random.Random(f"line spacing {seed}").choice(LINE_SPACINGS)
    if random.Random(f"double spacing {seed}").random() < DOUBLE_SPACED_SHARE:
        spacing = 2.0
    indented = random.Random(f"paragraphs {seed}").random() < INDENTED_SHARE and producer == "writer"
    caps = random.Random(f"heading caps {seed}").random() < HEADING_CAPS_SHARE and producer == "writer"
    small_caps = (random.Random(f"heading small caps {seed}").random() < HEADING_SMALL_CAPS_SHARE
                  and producer == "writer" and not caps)
    bands = random.Random(f"table bands {seed}").random() < TABLE_BANDS_SHARE and producer == "writer"
    brackets_rng, grey_rng = random.Random(f"note brackets {seed}"), random.Random(f"text colour {seed}")
    brackets = brackets_rng.choice(NOTE_BRACKETS) if brackets_rng.random() < NOTE_BRACKETS_SHARE else ""
    colour = grey_rng.choice(GREY_TEXTS) if grey_rng.random() < GREY_TEXT_SHARE else "#000000"
    writer = producer == "writer"
    banner = random.Random(f"cover picture {seed}").random() < COVER_PICTURE_SHARE and writer
    rule_rng = random.Random(f"heading rule {seed}")
    rule = rule_rng.choice(HEADING_RULES) if rule_rng.random() < HEADING_RULE_SHARE and writer else ""
    full_rule = random.Random(f"note rule width {seed}").random() < FULL_NOTE_RULE_SHARE and writer and style.note_rule
    hyphenate = random.Random(f"hyphenate {seed}").random() < HYPHENATE_SHARE and writer
    font_rng = random.Random(f"heading font {seed}")
    heading_font = ""
    if font_rng.random() < HEADING_FONT_SHARE and writer:
        heading_font = font_rng.choice([f for f in WRITER_FONTS if f.split()[0] != style.font.split()[0]])
    return replace(style, heading_rule=rule, hyphenate=hyphenate, heading_font=heading_font, note_rule_width="full" if full_rule else "short",
                   line_spacing=spacing, list_mark=mark if writer else "•",
                   paragraphs="indented" if indented else "spaced", heading_caps=caps, heading_small_caps=small_caps, table_bands=bands,
                   note_brackets=brackets if writer else "", text_colour=colour if writer else "#000000",
                   cover_picture=banner)


# The installed fonts a layout-engine style's font is printed with by any other producer.
WRITER_FONT_FOR = {"Helvetica": "Liberation Sans", "Times": "Liberation Serif", "Vera Sans": "DejaVu Sans"}


def style_to_picture_style(style: PrintingStyle) -> PrintingStyle:
    """The seed's drawn style printed by Writer with "Force in numbers" as a picture."""
    return replace(style, producer="writer", font=WRITER_FONT_FOR.get(style.font, style.font), fin_picture=True)


def _layout_engine_style(style: PrintingStyle, rng: random.Random) -> PrintingStyle:
    """What peel-etl's own layout engine can vary; the rest is fixed by how it lays a report out."""
    font = ("Vera Sans" if style.producer == "fpdf2" else rng.choice(("Helvetica", "Times")))
    return PrintingStyle(
        seed=style.seed, document=style.document, producer=style.producer, font=font, body_size=style.body_size,
        page="A4", margins_cm=style.margins_cm, align="left", headings="larger", numbered=False,
        note_number="superscript", note_follow="space", note_rule=True, note_size="smaller",
        table_rules="rows", table_header=style.table_header, grade_fill=False, table_width="wide",
        table_split=style.table_split, contents=True, fin_columns=style.fin_columns, fin_panel="filled",
        fin_captions="above", header=style.header, footer="number",
    )


def style_to_theme(style: PrintingStyle) -> Theme:
    b = style.body_size
    return Theme(
        f"seed-{style.seed}", "serif" if style.font == "Times" else "sans", body_size=b,
        leading=round(1.3 * style.line_spacing, 3),
        margins=tuple(round(m * PT_PER_CM, 1) for m in style.margins_cm),
        h1_size=round(b * 1.8, 1), h2_size=round(b * 1.3, 1), h3_size=round(b * 1.12, 1),
        footnote_size=round(b * 0.8, 1), value_size=round(b * 2.0, 1), fin_columns=style.fin_columns,
        running_header=style.header, judgments_header=style.table_header,
        table_split_after=2 if style.table_split else None,
    )


def render_printing(text: str, out: Path, style: PrintingStyle) -> int:
    """Print `text` in `style` to `out`; returns the page count."""
    return render_printings([(text, out, style)])[0]


def render_printings(jobs: list[tuple[str, Path, PrintingStyle]]) -> list[int]:
    """Print several documents; every Writer printing goes through one LibreOffice run, so do
    the Word documents (a run a pass), and Chromium printings run a few at a time."""
    pages: dict[int, int] = {}
    writer = [(k, text, out, style) for k, (text, out, style) in enumerate(jobs) if style.producer == "writer"]
    pictures = _fin_pictures([(text_to_report_source(text), style) for _, text, _, style in writer])
    fodts = [(printing_to_fodt(text_to_report_source(text), style, pictures.get(n)), out)
             for n, (_, text, out, style) in enumerate(writer)]
    for (k, *_), count in zip(writer, fodts_to_pdfs(fodts) if fodts else []):
        pages[k] = count
    chromium = [(k, text, out, style) for k, (text, out, style) in enumerate(jobs) if style.producer == "chromium"]
    if chromium:
        # Imported here: the Chromium producer builds on this module's styles and measures.
        from renderers.chromium import printings_to_pdfs

        printed = printings_to_pdfs([(text_to_report_source(text), style, out) for _, text, out, style in chromium])
        for (k, *_), count in zip(chromium, printed):
            pages[k] = count
    word = [(k, text, out, style) for k, (text, out, style) in enumerate(jobs) if style.producer == "word"]
    if word:
        # Imported here: the Word producer builds on this module's styles and measures.
        from renderers.word_document import docxs_to_pdfs

        printed = docxs_to_pdfs([(text_to_report_source(text), style, out) for _, text, out, style in word])
        for (k, *_), count in zip(word, printed):
            pages[k] = count
    abiword = [(k, text, out, style) for k, (text, out, style) in enumerate(jobs) if style.producer == "abiword"]
    if abiword:
        from renderers.abiword import docxs_to_pdfs_by_abiword

        printed = docxs_to_pdfs_by_abiword([(text_to_report_source(text), style, out) for _, text, out, style in abiword])
        for (k, *_), count in zip(abiword, printed):
            pages[k] = count
    weasyprint = [(k, text, out, style) for k, (text, out, style) in enumerate(jobs) if style.producer == "weasyprint"]
    if weasyprint:
        from renderers.weasyprint_printer import printings_to_pdfs_by_weasyprint

        printed = printings_to_pdfs_by_weasyprint([(text_to_report_source(text), style, out)
                                                   for _, text, out, style in weasyprint])
        for (k, *_), count in zip(weasyprint, printed):
            pages[k] = count
    for k, (text, out, style) in enumerate(jobs):
        if style.producer in ("reportlab", "fpdf2"):
            out.parent.mkdir(parents=True, exist_ok=True)
            render = render_with_fpdf2 if style.producer == "fpdf2" else render_with_reportlab
            pages[k] = render(text_to_report_source(text), out, theme=style_to_theme(style))
    return [pages[k] for k in range(len(jobs))]


# ------------------------------------------------------------------ Writer

# A picture pasted into a Writer document: PNG bytes, width and height in cm.
Picture = tuple[bytes, float, float]


def _fin_pictures(printings: list[tuple[ReportSource, PrintingStyle]]) -> dict[int, list[Picture]]:
    """For each printing whose "Force in numbers" is a picture (by its index): the panels
    printed alone in its house style, each page's panels photographed as one picture."""
    import tempfile

    wanted = [(n, src, style) for n, (src, style) in enumerate(printings)
              if style.fin_picture and any(isinstance(item, ForceInNumbers) for item in src.body)]
    if not wanted:
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        outs = [Path(tmp) / f"fin{n}.pdf" for n, _, _ in wanted]
        fodts_to_pdfs([(printing_to_fodt(src, style, only_fin=True), out)
                       for (_, src, style), out in zip(wanted, outs)])
        return {n: _pdf_to_pictures(out) for (n, _, _), out in zip(wanted, outs)}


def _pdf_to_pictures(path: Path) -> list[Picture]:
    """Each page's printed part as a PNG, cropped to what is drawn on it."""
    import io

    import pypdfium2

    out = []
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for page in pdf:
            boxes = [obj.get_bounds() for obj in page.get_objects()]
            if not boxes:
                continue
            width, height = page.get_size()
            pad = 3.0
            x0 = max(0.0, min(b[0] for b in boxes) - pad)
            y0 = max(0.0, min(b[1] for b in boxes) - pad)
            x1 = min(width, max(b[2] for b in boxes) + pad)
            y1 = min(height, max(b[3] for b in boxes) + pad)
            image = page.render(scale=FIN_PICTURE_DPI / 72, crop=(x0, y0, width - x1, height - y1)).to_pil()
            png = io.BytesIO()
            image.convert("RGB").save(png, format="PNG", dpi=(FIN_PICTURE_DPI, FIN_PICTURE_DPI))
            out.append((png.getvalue(), (x1 - x0) / PT_PER_CM, (y1 - y0) / PT_PER_CM))
    finally:
        pdf.close()
    return out


def _pt(size: float) -> str:
    return f"{size:g}pt"


class _StyledWriter(_Writer):
    """The report's body as a word processor user in this house style would set it."""

    def __init__(self, src: ReportSource, style: PrintingStyle, pictures: list[Picture] | None = None,
                 only_fin: bool = False) -> None:
        super().__init__(src, fin_columns=style.fin_columns)
        self.s = style
        self.pictures = pictures  # "Force in numbers" as pictures, in place of its panels
        self.only_fin = only_fin  # print the panels alone, to be photographed
        # A space opening a paragraph is dropped by ODF whitespace rules: <text:s/> is a kept one.
        self.note_prefix = {"tab": "<text:tab/>", "space": "<text:s/>", "stop": "<text:s/>"}[style.note_follow]
        # Contents entries point at the first heading of the same words.
        self.bookmarks = {e.text: f"h{k}" for k, e in enumerate(src.contents.entries)}
        self.bookmarked: set[str] = set()
        self.tables = 0
        self.column_styles: list[str] = []  # automatic styles of each table's own widths

    def text_width_cm(self) -> float:
        return text_width_cm(self.s)

    cover_small_style = "CoverSmall"

    def cover(self) -> None:
        if self.s.cover_picture:
            width, height = COVER_PICTURE_CM
            png = base64.b64encode(cover_banner_png()).decode("ascii")
            self.p("CoverPicture", f'<draw:frame draw:name="Banner" text:anchor-type="as-char" svg:width="{width}cm" '
                                   f'svg:height="{height}cm"><draw:image><office:binary-data>{png}</office:binary-data>'
                                   "</draw:image></draw:frame>")
            self.cover_title_style = "CoverTitleUnderPicture"  # the page style is set on the banner
        super().cover()

    def contents(self) -> None:
        if not self.s.contents:
            return
        self.p("ContentsTitle", "Contents")
        for e in self.src.contents.entries:
            label = f'<text:span text:style-name="b">{escape(e.text)}</text:span>' if e.level == 1 else escape(e.text)
            number = (f'<text:bookmark-ref text:reference-format="page" text:ref-name="{self.bookmarks[e.text]}">'
                      "1</text:bookmark-ref>")
            self.p("Contents1" if e.level == 1 else "Contents2", f"{label}<text:tab/>{number}")

    def heading(self, item: Heading) -> None:
        text = "".join(r.text for r in item.runs)
        mark = ""
        if text in self.bookmarks and text not in self.bookmarked:
            self.bookmarked.add(text)
            mark = f'<text:bookmark text:name="{self.bookmarks[text]}"/>'
        style = {1: "Part", 2: "Section"}.get(item.level, "Minor")
        self.out.append(f'<text:h text:style-name="{style}" text:outline-level="{min(item.level, 3)}">'
                        f"{mark}{self.runs(item.runs)}</text:h>")

    # ----------------------------------------------------------- tables
    def column_widths(self, columns: int) -> list[float]:
        return column_widths_cm(self.s, columns)

    def table(self, rows: list[list[str]], header: list[str] | None, grade_column: int) -> None:
        """A grades table; split, its rows run on after a page break, the header row repeated."""
        split = max(1, len(rows) // 2) if self.s.table_split and len(rows) >= 2 else len(rows)
        self.table_part(rows[:split], header, grade_column, page_break=False)
        if split < len(rows):
            # Writer keeps a short table whole, so the break is made where a user makes it:
            # the table split in two and the second part sent to the next page.
            self.table_part(rows[split:], header, grade_column, page_break=True)

    def table_part(self, rows: list[list[str]], header: list[str] | None, grade_column: int, page_break: bool) -> None:
        self.tables += 1
        name = f"Table{self.tables}"
        widths = self.column_widths(len(rows[0]))
        self.out.append(f'<table:table table:name="{name}" table:style-name="{name}">')
        brk = ' fo:break-before="page"' if page_break else ""
        self.column_styles.append(
            f'<style:style style:name="{name}" style:family="table"><style:table-properties style:width="{sum(widths):.2f}cm" '
            f'table:align="left" fo:margin-top="0.1cm" fo:margin-bottom="0.1cm"{brk}/></style:style>'
        )
        for k, w in enumerate(widths):
            self.out.append(f'<table:table-column table:style-name="{name}C{k}"/>')
            self.column_styles.append(
                f'<style:style style:name="{name}C{k}" style:family="table-column">'
                f'<style:table-column-properties style:column-width="{w:.2f}cm"/></style:style>'
            )
        if header:
            self.out.append("<table:table-header-rows>")
            self.row(header, "HeadCell", None)
            self.out.append("</table:table-header-rows>")
        for row in rows:
            self.row(row, "Cell", grade_column)
        self.out.append("</table:table>")

    def row(self, cells: list[str], para: str, grade_column: int | None) -> None:
        out = ["<table:table-row>"]
        plain = "Cell"
        if self.s.table_bands:
            # The header row (no grade column) filled dark; the rows filled light and plain in turn.
            self.banded = not getattr(self, "banded", False) if grade_column is not None else False
            plain = "HeadFill" if grade_column is None else "Band" if self.banded else "Cell"
        for k, c in enumerate(cells):
            cell, p = ("GradeCell" + _grade_key(c), "GradeText") if (
                k == grade_column and self.s.grade_fill and c in GRADE_COLOURS) else (plain, para)
            out.append(f'<table:table-cell table:style-name="{cell}" office:value-type="string">'
                       f'<text:p text:style-name="{p}">{escape(c)}</text:p></table:table-cell>')
        out.append("</table:table-row>")
        self.out.append("".join(out))

    def judgments(self, j: Judgments) -> None:
        for label, grade in j.overall:
            self.table([[label, grade]], None, 1)
        self.table(j.rows, j.header if self.s.table_header else None, 1)
        self.p("Body", "")

    # ------------------------------------------------- force in numbers
    def document(self) -> str:
        if not self.only_fin:
            return super().document()
        for item in self.src.body:
            if isinstance(item, ForceInNumbers):
                self.panels(item)
        return "".join(self.out)

    def force_in_numbers(self, fin: ForceInNumbers) -> None:
        if self.pictures:
            for k, (png, width, height) in enumerate(self.pictures):
                self.p("Body", f'<draw:frame draw:name="ForceInNumbers{k + 1}" text:anchor-type="as-char" '
                               f'svg:width="{width:.3f}cm" svg:height="{height:.3f}cm"><draw:image>'
                               f"<office:binary-data>{base64.b64encode(png).decode('ascii')}</office:binary-data>"
                               "</draw:image></draw:frame>")
        else:
            self.panels(fin)
        if fin.note:
            self.p("Note", self.runs(fin.note))

    def panels(self, fin: ForceInNumbers) -> None:
        cols = self.s.fin_columns
        width = self.text_width_cm()
        self.out.append('<table:table table:name="ForceInNumbers" table:style-name="Fin">'
                        f'<table:table-column table:style-name="FinCol" table:number-columns-repeated="{cols}"/>')
        panel_width = width / cols - 0.6
        share = self.caption_share()
        self.column_styles += self.figure_styles(fin, panel_width)
        self.column_styles += [
            '<style:style style:name="FinCol" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{width / cols:.2f}cm"/></style:style>',
            f'<style:style style:name="Fin" style:family="table"><style:table-properties style:width="{width:.2f}cm" '
            'table:align="left"/></style:style>',
            f'<style:style style:name="Pair" style:family="table"><style:table-properties style:width="{panel_width:.2f}cm" '
            'table:align="left"/></style:style>',
            '<style:style style:name="PairA" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{panel_width * share:.2f}cm"/></style:style>',
            '<style:style style:name="PairB" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{panel_width * (1 - share):.2f}cm"/></style:style>',
        ]
        for start in range(0, len(fin.blocks), cols):
            self.out.append("<table:table-row>")
            row = fin.blocks[start : start + cols]
            for k, block in enumerate(row):
                inner = [f'<text:p text:style-name="PanelTitle">{escape(block.title)}</text:p>']
                for n, m in enumerate(block.metrics):
                    inner.append(f'<text:p text:style-name="PanelDesc">{escape(m.description)}</text:p>')
                    inner.append(self.figures(fin.force_label, m, f"Fig{start + k}x{n}", panel_width))
                self.out.append(f'<table:table-cell table:style-name="Panel" office:value-type="string">{"".join(inner)}'
                                "</table:table-cell>")
            for _ in range(cols - len(row)):
                self.out.append('<table:table-cell table:style-name="EmptyPanel"><text:p text:style-name="Body"/></table:table-cell>')
            self.out.append("</table:table-row>")
        self.out.append("</table:table>")

    def caption_share(self) -> float:
        """The caption column's part of a panel: beside the values, the narrower one."""
        return 0.5 if self.s.fin_captions == "above" else 0.45

    def figure_styles(self, fin: ForceInNumbers, width_cm: float) -> list[str]:
        """Caption and value sizes that fit the panel's columns, as a designer shrinks type to fit a box."""
        share = self.caption_share()
        # Less the cell padding, and a margin for the word processor's own rounding.
        caption_pt = (width_cm * share * PT_PER_CM - 4) * 0.9
        value_pt = (width_cm * (1 - share) * PT_PER_CM - 4) * 0.9 if self.s.fin_captions == "beside" else caption_pt
        words = (fin.force_label + " England and Wales").split()
        values = [v for b in fin.blocks for m in b.metrics for v in (m.force_value, m.england_wales_value)]
        b = self.s.body_size
        caption = min(b * 0.9, *(fitting_size(w, self.s.font, False, caption_pt) for w in words))
        value = min(b * 2.2, *(fitting_size(v, self.s.font, True, value_pt) for v in values))
        return [_para("Caption", round(caption, 1), after=0.0), _para("Value", round(value, 1), bold=True, after=0.05)]

    def figures(self, force_label: str, metric, name: str, width: float) -> str:
        """The two figures of one measure with their captions, as a borderless table inside the panel."""
        def cell(text: str, para: str) -> str:
            return (f'<table:table-cell table:style-name="Plain" office:value-type="string">'
                    f'<text:p text:style-name="{para}">{escape(text)}</text:p></table:table-cell>')

        if self.s.fin_captions == "above":
            rows = [[(force_label, "Caption"), ("England and Wales", "Caption")],
                    [(metric.force_value, "Value"), (metric.england_wales_value, "Value")]]
        else:
            rows = [[(force_label, "Caption"), (metric.force_value, "Value")],
                    [("England and Wales", "Caption"), (metric.england_wales_value, "Value")]]
        body = "".join("<table:table-row>" + "".join(cell(t, p) for t, p in r) + "</table:table-row>" for r in rows)
        return (f'<table:table table:name="{name}" table:style-name="Pair">'
                '<table:table-column table:style-name="PairA"/><table:table-column table:style-name="PairB"/>'
                f"{body}</table:table>")


def fitting_size(text: str, font: str, bold: bool, width_pt: float) -> float:
    """The largest type size, in points, at which `text` fits in `width_pt` on one line."""
    return width_pt / max(_em_width(text, font, bold), 0.1)


@lru_cache(maxsize=None)
def _font_metrics(font: str, bold: bool):
    from fontTools.ttLib import TTFont  # fpdf2 depends on fontTools

    path = subprocess.run(["fc-match", "-f", "%{file}", f"{font}:{'bold' if bold else 'regular'}"],
                          capture_output=True, text=True, check=True).stdout
    tt = TTFont(path)
    return tt.getBestCmap(), tt["hmtx"], tt["head"].unitsPerEm


def _em_width(text: str, font: str, bold: bool) -> float:
    cmap, hmtx, upm = _font_metrics(font, bold)
    return sum(hmtx[cmap.get(ord(ch), cmap[ord("0")])][0] for ch in text) / upm


def _grade_key(grade: str) -> str:
    return grade.replace(" ", "")


# ------------------------------------------------------------------ styles


def _para(name: str, size: float, *, bold: bool = False, italic: bool = False, colour: str | None = None,
          before: float = 0.0, after: float = 0.2, page_break: bool = False, keep: bool = False,
          align: str | None = None, extra: str = "", inner: str = "", outline: int | None = None,
          master: str | None = None, caps: bool = False, small_caps: bool = False, rule: str = "",
          font: str = "") -> str:
    """A paragraph style; spacing in cm. `rule`: "under" (a coloured rule under the paragraph)
    or "band" (white text on a coloured band), as `PrintingStyle.heading_rule`; `font`: a
    family other than the document's."""
    if rule == "band":
        colour = "#ffffff"
        extra += f' fo:background-color="{HEADING_RULE_COLOUR}" fo:padding="0.1cm"'
    elif rule == "under":
        extra += f' fo:border-bottom="1.1pt solid {HEADING_RULE_COLOUR}" fo:padding-bottom="0.08cm"'
    text = f'fo:font-size="{_pt(size)}"' + (' fo:font-weight="bold"' if bold else "")
    text += f' style:font-name="{font}"' if font else ""
    text += ' fo:text-transform="uppercase"' if caps else ""
    text += ' fo:font-variant="small-caps"' if small_caps else ""
    text += (' fo:font-style="italic"' if italic else "") + (f' fo:color="{colour}"' if colour else "")
    para = f'fo:margin-top="{before:g}cm" fo:margin-bottom="{after:g}cm"'
    para += (' fo:break-before="page"' if page_break else "") + (' fo:keep-with-next="always"' if keep else "")
    para += (f' fo:text-align="{align}"' if align else "") + extra
    level = f' style:default-outline-level="{outline}"' if outline else ""
    page = f' style:master-page-name="{master}"' if master else ""
    return (f'<style:style style:name="{name}" style:family="paragraph"{level}{page}>'
            f"<style:paragraph-properties {para}>{inner}</style:paragraph-properties>"
            f"<style:text-properties {text}/></style:style>")


def _heading_styles(s: PrintingStyle) -> str:
    b = s.body_size
    if s.headings == "larger":
        sizes, bold, colour = (round(b * 1.8), round(b * 1.35, 1), round(b * 1.12, 1)), True, None
    elif s.headings == "bold":
        sizes, bold, colour = (b, b, b), True, None
    else:
        sizes, bold, colour = (b, b, b), False, "#1f4e79"
    part, section, minor = sizes
    return "".join([
        _para("Part", part, font=s.heading_font, bold=bold, colour=colour, after=0.35, page_break=True, keep=True, outline=1,
              caps=s.heading_caps, small_caps=s.heading_small_caps, rule=s.heading_rule),
        _para("Section", section, font=s.heading_font, bold=bold, colour=colour, before=0.3, after=0.2, keep=True, outline=2,
              caps=s.heading_caps, small_caps=s.heading_small_caps, rule=s.heading_rule),
        _para("Minor", minor, font=s.heading_font, bold=bold, colour=colour, before=0.2, after=0.15, keep=True, outline=3),
        # The contents page's own title is a heading to look at, not a numbered part.
        _para("ContentsTitle", part, font=s.heading_font, bold=bold, colour=colour, after=0.35, page_break=True, keep=True),
        _para("Grade", section, font=s.heading_font, bold=True, colour=colour, after=0.3, keep=True),
    ])


def _outline(s: PrintingStyle) -> str:
    def level(n: int, fmt: str, suffix: str = "", shown: int = 1) -> str:
        attrs = f'style:num-format="{fmt}"' + (f' style:num-suffix="{suffix}"' if suffix else "")
        attrs += f' text:display-levels="{shown}"' if shown > 1 else ""
        return (f'<text:outline-level-style text:level="{n}" {attrs}><style:list-level-properties '
                'text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment '
                'text:label-followed-by="space"/></style:list-level-properties></text:outline-level-style>')

    if not s.numbered:
        return '<text:outline-style style:name="Outline">' + "".join(level(n, "") for n in (1, 2, 3)) + "</text:outline-style>"
    return ('<text:outline-style style:name="Outline">' + level(1, "1", ".") + level(2, "1", shown=2)
            + level(3, "") + "</text:outline-style>")


def _list_style(mark: str) -> str:
    """The list style "L1": items opened by `mark`, a bullet glyph, or numbered where it is "1."."""
    kind, attrs = (("number", 'style:num-format="1" style:num-suffix="."') if mark == "1."
                   else ("bullet", f'text:bullet-char="{mark}"'))
    return (f'<text:list-style style:name="L1"><text:list-level-style-{kind} text:level="1" {attrs}>'
            '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
            '<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.63cm" '
            f'fo:text-indent="-0.63cm" fo:margin-left="0.63cm"/></style:list-level-properties></text:list-level-style-{kind}>'
            '</text:list-style>')


def _styles(s: PrintingStyle) -> str:
    b = s.body_size
    note = round(b * 0.8, 1) if s.note_size == "smaller" else b
    width = PAGE_SIZES_CM[s.page][0] - s.margins_cm[0] - s.margins_cm[2]
    leader = (f'<style:tab-stops><style:tab-stop style:position="{width - 0.05:.2f}cm" style:type="right" '
              'style:leader-style="dotted" style:leader-text="."/></style:tab-stops>')
    # As Word sets a footnote typed "number, tab, text": the tab stop just past the number.
    note_tab = '<style:tab-stops><style:tab-stop style:position="0.6cm"/></style:tab-stops>'
    number = "0% 100%" if s.note_number == "plain" else "super 58%"
    opening, closing = tuple(s.note_brackets) or ("", "")
    closing += "." if s.note_follow == "stop" else ""
    affixes = (f' style:num-prefix="{opening}"' if opening else "") + (f' style:num-suffix="{closing}"' if closing else "")
    return "".join([
        '<style:default-style style:family="paragraph"><style:paragraph-properties fo:orphans="2" fo:widows="2"/>'
        f'<style:text-properties style:font-name="{s.font}" fo:font-size="{_pt(b)}" fo:color="{s.text_colour}" fo:language="en" '
        'fo:country="GB"'
        + (' fo:hyphenate="true" fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"' if s.hyphenate else "")
        + '/></style:default-style>',
        _para("Body", b, after=0.0 if s.paragraphs == "indented" else 0.2, align="justify" if s.align == "justify" else None,
              extra=f' fo:text-indent="{FIRST_LINE_INDENT_CM}cm"' if s.paragraphs == "indented" else ""),
        _para("CoverTitle", round(b * 2.4), bold=True, before=5.0, after=0.6, master="First"),
        # A banner opens the cover: the page style is set on it, and the title follows it.
        _para("CoverPicture", b, after=0.0, master="First"),
        _para("CoverTitleUnderPicture", round(b * 2.4), bold=True, before=2.0, after=0.6),
        _para("Cover", round(b * 1.4, 1), after=0.4),
        _para("CoverSmall", b, after=0.1),
        _heading_styles(s),
        _para("Contents1", b, bold=False, before=0.15, after=0.05, inner=leader),
        _para("Contents2", b, after=0.03, extra=' fo:margin-left="0.6cm"', inner=leader),
        _para("Cell", b, after=0.0),
        _para("HeadCell", b, bold=True, colour="#ffffff" if s.table_bands else None, after=0.0),
        _para("GradeText", b, bold=True, colour="#ffffff", after=0.0),
        _para("PanelTitle", round(b * 1.2, 1), bold=True, after=0.15),
        _para("PanelDesc", b, italic=True, before=0.15, after=0.05),
        _para("Note", note, after=0.1),
        _para("Header", round(b * 0.8, 1), italic=True, after=0.0),
        _para("Footer", round(b * 0.8, 1), after=0.0, align="center" if s.footer == "number" else "end"),
        _para("Footnote", note, after=0.03, inner=note_tab if s.note_follow == "tab" else ""),
        f'<style:style style:name="NoteNumber" style:family="text"><style:text-properties style:text-position="{number}"/></style:style>',
        '<style:style style:name="NoteAnchor" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>',
        _outline(s),
        # citation-style is the number in the footnote area, citation-body-style the mark in the text.
        '<text:notes-configuration text:note-class="footnote" text:citation-style-name="NoteNumber" '
        f'text:citation-body-style-name="NoteAnchor" style:num-format="1"{affixes} text:start-value="0" '
        'text:footnotes-position="page" text:start-numbering-at="document"/>',
    ])


def _automatic_styles(s: PrintingStyle, column_styles: list[str]) -> str:
    w, h = PAGE_SIZES_CM[s.page]
    left, top, right, bottom = s.margins_cm
    sep = ('<style:footnote-sep style:width="0.018cm" style:distance-before-sep="0.1cm" style:distance-after-sep="0.1cm" '
           f'style:line-style="solid" style:adjustment="left" style:rel-width="{100 if s.note_rule_width == "full" else 25}%" '
           'style:color="#000000"/>'
           if s.note_rule else
           '<style:footnote-sep style:width="0cm" style:distance-before-sep="0.1cm" style:distance-after-sep="0.2cm" '
           'style:line-style="none" style:adjustment="left" style:rel-width="0%" style:color="#000000"/>')
    page = (f'fo:page-width="{w}cm" fo:page-height="{h}cm" fo:margin-left="{left}cm" fo:margin-right="{right}cm" '
            f'fo:margin-top="{max(top - (0.8 if s.header else 0), 0.8):.1f}cm" fo:margin-bottom="{max(bottom - 0.8, 0.8):.1f}cm"')
    furniture = '<style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.2cm"/></style:header-style>' \
        '<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.2cm"/></style:footer-style>'
    if s.table_rules == "grid":
        rule = 'fo:border="0.5pt solid #000000"'
    elif s.table_rules == "rows":
        rule = 'fo:border-top="0.5pt solid #000000" fo:border-bottom="0.5pt solid #000000" fo:border-left="none" fo:border-right="none"'
    else:
        rule = 'fo:border="none"'
    grade_cells = "".join(
        f'<style:style style:name="GradeCell{_grade_key(g)}" style:family="table-cell"><style:table-cell-properties '
        f'fo:padding="0.1cm" fo:background-color="{c}" {rule}/></style:style>' for g, c in GRADE_COLOURS.items()
    )
    panel = ('fo:border="0.75pt solid #1f4e79" fo:background-color="transparent"' if s.fin_panel == "bordered"
             else 'fo:border="3pt solid #ffffff" fo:background-color="#e4ecf4"')
    return "".join([
        f'<style:page-layout style:name="pm1"><style:page-layout-properties {page}>{sep}</style:page-layout-properties>{furniture}</style:page-layout>',
        f'<style:page-layout style:name="pm2"><style:page-layout-properties {page}/></style:page-layout>',
        '<style:style style:name="b" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>',
        '<style:style style:name="i" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>',
        '<style:style style:name="bi" style:family="text"><style:text-properties fo:font-weight="bold" fo:font-style="italic"/></style:style>',
        '<style:style style:name="sup" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>',
        _list_style(s.list_mark),
        f'<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" {rule}/></style:style>',
        f'<style:style style:name="HeadFill" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" '
        f'fo:background-color="{HEADER_FILL}" {rule}/></style:style>',
        f'<style:style style:name="Band" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" '
        f'fo:background-color="{BAND_FILL}" {rule}/></style:style>',
        grade_cells,
        f'<style:style style:name="Panel" style:family="table-cell"><style:table-cell-properties fo:padding="0.25cm" {panel}/></style:style>',
        '<style:style style:name="EmptyPanel" style:family="table-cell"><style:table-cell-properties fo:padding="0.25cm" fo:border="none"/></style:style>',
        '<style:style style:name="Plain" style:family="table-cell"><style:table-cell-properties fo:padding="0.05cm" fo:border="none"/></style:style>',
        *column_styles,
    ])


def _master_pages(s: PrintingStyle, title_line: str, furniture: bool = True) -> str:
    """The pages' running header and footer. Without `furniture` (panels printed alone, to be
    photographed) they are left empty, so the pictures fit the report's own pages."""
    number = '<text:page-number text:select-page="current">1</text:page-number>'
    footer = {"number": number, "page": f"Page {number}",
              "page-of": f"Page {number} of <text:page-count>1</text:page-count>"}[s.footer]
    if not furniture:
        title_line, footer = "", ""
    header = f'<style:header><text:p text:style-name="Header">{escape(title_line)}</text:p></style:header>' if s.header else ""
    footer = f'<style:footer><text:p text:style-name="Footer">{footer}</text:p></style:footer>'
    return (
        # The cover has no running header or footer, as in a word processor's "different first page".
        '<style:master-page style:name="First" style:page-layout-name="pm2" style:next-style-name="Standard"/>'
        f'<style:master-page style:name="Standard" style:page-layout-name="pm1">{header}'
        f'{footer}</style:master-page>'
    )


_PARAGRAPH_STYLE = re.compile(r'(<style:style style:name="(\w+)" style:family="paragraph"[^>]*><style:paragraph-properties)')


def _spaced(styles: str, spacing: float) -> str:
    """Every paragraph style set at `spacing` lines, as a house style's Normal spacing carries
    into its headings, notes, tables and text boxes; the page's header and footer stay single."""
    if spacing == 1.0:
        return styles
    return _PARAGRAPH_STYLE.sub(
        lambda m: m.group(1) if m.group(2) in ("Header", "Footer") else f'{m.group(1)} fo:line-height="{spacing:.0%}"',
        styles)


def printing_to_fodt(src: ReportSource, style: PrintingStyle, pictures: list[Picture] | None = None,
                     only_fin: bool = False) -> str:
    writer = _StyledWriter(src, style, pictures, only_fin)
    body = writer.document()
    force = src.cover.subtitle.replace("An inspection of the ", "").replace("An inspection of ", "")
    fonts = "".join(f'<style:font-face style:name="{f}" svg:font-family="&apos;{f}&apos;"/>' for f in WRITER_FONTS)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">'
        f'<office:meta><dc:title>{escape(src.cover.title)} – {escape(src.cover.subtitle)}</dc:title></office:meta>'
        f"<office:font-face-decls>{fonts}</office:font-face-decls>"
        f"<office:styles>{_spaced(_styles(style), style.line_spacing)}</office:styles>"
        f"<office:automatic-styles>{_spaced(_automatic_styles(style, writer.column_styles), style.line_spacing)}"
        "</office:automatic-styles>"
        f"<office:master-styles>{_master_pages(style, f'{src.cover.title} – {force}', not only_fin)}"
        "</office:master-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document>"
    )


def style_fields() -> list[str]:
    return [f.name for f in fields(PrintingStyle)]


@lru_cache(maxsize=1)
def cover_banner_png() -> bytes:
    """The banner a cover opens with: a blue band, a round device, the inspectorate's short
    name in large white letters (larger than any title under it, as a logo's wordmark is)
    and its full name in small type, drawn once (the same bytes in every printing)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    dpi = 200
    width, height = (round(cm / 2.54 * dpi) for cm in COVER_PICTURE_CM)
    image = Image.new("RGB", (width, height), HEADER_FILL)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, height - 40, height - 40), outline="#ffffff", width=10)
    draw.ellipse((90, 90, height - 90, height - 90), fill=BAND_FILL)
    bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    draw.text((height + 10, 28), "HMICFRS", font=ImageFont.truetype(bold, 120), fill="#ffffff")
    draw.text((height + 14, 172), "HM Inspectorate of Constabulary and Fire & Rescue Services",
              font=ImageFont.truetype(bold, 19), fill="#ffffff")
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()
