"""A fourth, independent producer: the report as HTML and CSS, printed to PDF by headless Chromium.

Chromium lays the page out with Blink and writes the PDF with Skia, which sets
text runs, spaces, fonts, borders, fills and list bullets in its own way (a
bullet is a drawn disc, not a glyph; a border is a filled shape).  A printing
made here is the same report text in the same `PrintingStyle` as Writer's, so
what the extractor gets wrong on it comes from how the PDF is written, not from
what is printed.

What CSS in Chromium cannot do is done as near as it allows:
- footnotes: there is no footnote area at the page foot, so each part's notes
  are printed after the part's last paragraph, in footnote type under the
  style's short rule;
- contents page numbers: Chromium has no `target-counter()`, so the document is
  printed once, the pages its headings fell on are read from the PDF's outline,
  and it is printed again with those numbers;
- running header and footer: CSS page-margin boxes (`@top-left`, `@bottom-*`),
  which Chromium prints even with `--no-pdf-header-footer`.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from html import escape
from math import floor
from pathlib import Path

from renderers.printings import (
    BAND_FILL,
    COVER_PICTURE_CM,
    HEADING_RULE_COLOUR,
    FIRST_LINE_INDENT_CM,
    GRADE_COLOURS,
    HEADER_FILL,
    PAGE_SIZES_CM,
    PT_PER_CM,
    WRITER_FONT_FOR,
    NumberedHeadings,
    PrintingStyle,
    _em_width,
    column_widths_cm,
    cover_banner_png,
    fitting_size,
    text_width_cm,
)
from renderers.source_text import (
    ForceInNumbers,
    GradeLine,
    Heading,
    Judgments,
    Paragraph,
    ReportSource,
    Run,
)

# The layout engine's own fonts are not installed for Chromium: each is printed in the
# installed font of its kind (DejaVu Sans is Bitstream Vera extended).
FONT_FOR_CHROMIUM = WRITER_FONT_FOR  # the layout engine's fonts, as installed for any other program
HEADING_COLOUR = "#1f4e79"
PANEL_COLOUR = "#e4ecf4"
# Chromium processes printing at once: the machine has two cores, and `renderers.fuzz`
# lowers this in its worker processes so that the whole run stays within two.
PARALLEL_PRINTS = 2
MAX_PASSES = 3  # printings until the contents' page numbers are the pages the headings fell on


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def style_to_chromium_style(style: PrintingStyle) -> PrintingStyle:
    """The seed's drawn style printed by Chromium instead; every other field stays as drawn."""
    return replace(style, producer="chromium", font=FONT_FOR_CHROMIUM.get(style.font, style.font))


# ------------------------------------------------------------------ measures


def list_style(mark: str) -> str:
    """CSS for a list's mark: the disc and the square are drawn as shapes, a number or any
    other glyph is printed as text (as the marker's content, which WeasyPrint honours too)."""
    known = {"•": "disc", "▪": "square", "1.": "decimal"}
    if mark in known:
        return f"list-style-type:{known[mark]};"
    return f'list-style-type:disc; }} li::marker {{ content:"{mark}\\a0\\a0";'


def note_size(style: PrintingStyle) -> float:
    return round(style.body_size * 0.8, 1) if style.note_size == "smaller" else style.body_size


def heading_sizes(style: PrintingStyle) -> tuple[float, float, float]:
    """Part, section and minor heading sizes, as Writer's house styles set them."""
    b = style.body_size
    if style.headings == "larger":
        return round(b * 1.8), round(b * 1.35, 1), round(b * 1.12, 1)
    return b, b, b


@lru_cache(maxsize=None)
def natural_line_height(font: str) -> float:
    """The font's own line height in ems, which CSS `line-height: normal` and Writer's
    100 % spacing both use; proportional spacing is a multiple of it."""
    from fontTools.ttLib import TTFont  # fpdf2 depends on fontTools

    path = subprocess.run(["fc-match", "-f", "%{file}", f"{font}:regular"],
                          capture_output=True, text=True, check=True).stdout
    tt = TTFont(path)
    hhea, upm = tt["hhea"], tt["head"].unitsPerEm
    return (hhea.ascent - hhea.descent + hhea.lineGap) / upm


def line_height_css(style: PrintingStyle) -> str:
    if style.line_spacing == 1.0:
        return "normal"
    return f"{natural_line_height(style.font) * style.line_spacing:.3f}"


def caption_share(style: PrintingStyle) -> float:
    """The caption column's part of a panel: beside the values, the narrower one."""
    return 0.5 if style.fin_captions == "above" else 0.45


def figure_sizes(style: PrintingStyle, fin: ForceInNumbers, panel_width_cm: float) -> tuple[float, float]:
    """Caption and value sizes that fit the panel's columns, as a designer shrinks type to fit a box."""
    share = caption_share(style)
    caption_pt = (panel_width_cm * share * PT_PER_CM - 4) * 0.9
    value_pt = (panel_width_cm * (1 - share) * PT_PER_CM - 4) * 0.9 if style.fin_captions == "beside" else caption_pt
    words = (fin.force_label + " England and Wales").split()
    values = [v for b in fin.blocks for m in b.metrics for v in (m.force_value, m.england_wales_value)]
    b = style.body_size
    caption = min(b * 0.9, *(fitting_size(w, style.font, False, caption_pt) for w in words))
    value = min(b * 2.2, *(fitting_size(v, style.font, True, value_pt) for v in values))
    return round(caption, 1), round(value, 1)


def leader_dots(style: PrintingStyle, label: str, bold: bool, indent_cm: float, number: str) -> int:
    """How many dots run a contents entry to its page number, as a tab leader fills the gap.

    Counted from the fonts' advance widths, less two for kerning, so the dots never
    overflow the line (clipped glyphs would stay in the PDF's text).
    """
    b = style.body_size
    room = (text_width_cm(style) - 0.05 - indent_cm) * PT_PER_CM
    room -= _em_width(label, style.font, bold) * b + _em_width(number, style.font, bold) * b + 0.3 * b
    dot = _em_width(".", style.font, False) * b
    return max(3, floor(room / dot) - 2)


# ------------------------------------------------------------------ HTML


def css_string(text: str) -> str:
    """`text` as a quoted CSS string (for the running header's `content`)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


# A web address, in which a line may break after each "/".
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")


def runs_to_html(runs: list[Run]) -> str:
    parts = []
    for r in runs:
        text = escape(r.text, quote=False)
        # Blink breaks a web address nowhere, so one longer than the line overflows it and its
        # end is clipped from the printing ("...Requirement.p"); a word processor breaks it
        # after a "/", and so does this printing.
        text = _WEB_ADDRESS.sub(lambda m: m.group(0).replace("/", "/<wbr>"), text)
        if r.sup:
            text = f"<sup>{text}</sup>"
        if r.italic:
            text = f"<i>{text}</i>"
        if r.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


@dataclass
class _Note:
    number: int
    runs: list[Run]


class _HtmlReport(NumberedHeadings):
    """The report's body as a web page in this house style."""

    def __init__(self, src: ReportSource, style: PrintingStyle, page_numbers: dict[str, int]) -> None:
        self.src = src
        self.s = style
        self.page_numbers = page_numbers  # contents entry -> the page its heading fell on
        self.out: list[str] = []
        self.notes: list[_Note] = []  # the open part's footnotes, in the order they are cited
        self.printed_notes: set[int] = set()
        self.part = 0
        self.section = 0
        # The first heading of each text, as the PDF outline names it (its number and all):
        # the contents' page numbers are read from there.
        self.outline_titles: dict[str, str] = {}

    # ------------------------------------------------------------- text
    def runs(self, runs: list[Run]) -> str:
        """Inline text; each footnote it cites is kept for the notes at the end of the part."""
        for r in runs:
            if r.sup:
                for n in (p.strip() for p in r.text.split(",")):
                    if n.isdigit() and int(n) in self.src.footnotes and int(n) not in self.printed_notes:
                        self.printed_notes.add(int(n))
                        self.notes.append(_Note(int(n), self.src.footnotes[int(n)]))
        return runs_to_html(runs)

    def p(self, css_class: str, content: str) -> None:
        self.out.append(f'<p class="{css_class}">{content}</p>')

    def document(self) -> str:
        self.cover()
        self.contents()
        self.body()
        self.end_part()
        return "".join(self.out)

    def cover(self) -> None:
        c = self.src.cover
        self.out.append('<section class="cover">')
        if self.s.cover_picture:
            width, height = COVER_PICTURE_CM
            png = base64.b64encode(cover_banner_png()).decode("ascii")
            self.out.append(f'<img class="banner" alt="" src="data:image/png;base64,{png}" '
                            f'style="width:{width}cm;height:{height}cm">')
        self.p("cover-title", escape(c.title))
        self.p("cover", escape(c.subtitle))
        self.p("cover", escape(c.month_year))
        if c.notice:
            self.p("cover-small", escape(c.notice))
        for line in (c.copyright, c.isbn, c.url):
            self.p("cover-small", escape(line))
        self.out.append("</section>")

    def contents(self) -> None:
        if not self.s.contents:
            return
        self.p("contents-title", "Contents")
        for k, e in enumerate(self.src.contents.entries):
            bold = e.level == 1
            # A placeholder until a first printing has shown where the headings fall.
            number = str(self.page_numbers.get(e.text, k + 2))
            dots = "." * leader_dots(self.s, e.text, bold, 0.0 if bold else 0.6, number)
            label = f"<b>{escape(e.text)}</b>" if bold else escape(e.text)
            self.out.append(f'<p class="contents{e.level}"><span class="label">{label}</span>'
                            f'<span class="leader">{dots}</span><span class="page">{number}</span></p>')

    # ------------------------------------------------------------- body
    def body(self) -> None:
        in_list = False
        for item in self.src.body:
            bullet = isinstance(item, Paragraph) and item.bullet
            if bullet and not in_list:
                self.out.append("<ul>")
            elif in_list and not bullet:
                self.out.append("</ul>")
            in_list = bullet
            if bullet:
                self.out.append(f"<li>{self.runs(item.runs)}</li>")
            elif isinstance(item, Heading):
                self.heading(item)
            elif isinstance(item, GradeLine):
                self.p("grade", escape(item.grade))
            elif isinstance(item, Paragraph):
                self.p("body", self.runs(item.runs))
            elif isinstance(item, Judgments):
                self.judgments(item)
            elif isinstance(item, ForceInNumbers):
                self.force_in_numbers(item)
        if in_list:
            self.out.append("</ul>")

    def heading(self, item: Heading) -> None:
        if item.level == 1:
            self.end_part()
        text = "".join(r.text for r in item.runs)
        number = self.heading_number(item.level)
        self.outline_titles.setdefault(text, number + text)
        tag = f"h{min(item.level, 3)}"
        self.out.append(f"<{tag}>{escape(number)}{self.runs(item.runs)}</{tag}>")

    def end_part(self) -> None:
        """The part's footnotes, after its last paragraph, under the style's short rule."""
        if not self.notes:
            return
        self.out.append('<div class="notes">')
        for note in self.notes:
            self.out.append(f'<p class="note">{self.note_number(note.number)}{runs_to_html(note.runs)}</p>')
        self.out.append("</div>")
        self.notes = []

    def note_number(self, number: int) -> str:
        opening, closing = tuple(self.s.note_brackets) or ("", "")
        label = f"{opening}{number}{closing}" + ("." if self.s.note_follow == "stop" else "")
        label = f"<sup>{label}</sup>" if self.s.note_number == "superscript" else label
        if self.s.note_follow == "tab":
            # As Word sets "number, tab, text": the text starts at a tab stop just past the number.
            return f'<span class="note-tab">{label}</span>'
        return f"{label} "

    # ----------------------------------------------------------- tables
    def judgments(self, j: Judgments) -> None:
        for label, grade in j.overall:
            self.table([[label, grade]], None)
        self.table(j.rows, j.header if self.s.table_header else None)
        self.p("body", "")

    def table(self, rows: list[list[str]], header: list[str] | None) -> None:
        """A grades table; split, its rows run on after a page break with the header row repeated."""
        split = max(1, len(rows) // 2) if self.s.table_split and len(rows) >= 2 else len(rows)
        self.table_part(rows[:split], header, page_break=False)
        if split < len(rows):
            self.table_part(rows[split:], header, page_break=True)

    def table_part(self, rows: list[list[str]], header: list[str] | None, page_break: bool) -> None:
        widths = column_widths_cm(self.s, len(rows[0]))
        cols = "".join(f'<col style="width:{w:.2f}cm">' for w in widths)
        css_class = "grades break" if page_break else "grades"
        self.out.append(f'<table class="{css_class}" style="width:{sum(widths):.2f}cm"><colgroup>{cols}</colgroup>')
        if header:
            self.out.append("<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in header) + "</tr></thead>")
        self.out.append("<tbody>")
        for row in rows:
            self.out.append("<tr>" + "".join(self.cell(c, k == 1) for k, c in enumerate(row)) + "</tr>")
        self.out.append("</tbody></table>")

    def cell(self, text: str, grade_column: bool) -> str:
        if grade_column and self.s.grade_fill and text in GRADE_COLOURS:
            return f'<td class="filled" style="background-color:{GRADE_COLOURS[text]}">{escape(text)}</td>'
        return f"<td>{escape(text)}</td>"

    # ------------------------------------------------- force in numbers
    def force_in_numbers(self, fin: ForceInNumbers) -> None:
        panel_width = text_width_cm(self.s) / self.s.fin_columns - 0.6
        caption, value = figure_sizes(self.s, fin, panel_width)
        share = caption_share(self.s)
        self.out.append(f'<div class="fin" style="--caption:{caption:g}pt;--value:{value:g}pt;'
                        f'--share:{share * 100:g}%">')
        for block in fin.blocks:
            self.out.append(f'<div class="panel"><p class="panel-title">{escape(block.title)}</p>')
            for m in block.metrics:
                # A measure is kept whole, its description over its figures, as a print stylesheet keeps it.
                self.out.append(f'<div class="measure"><p class="panel-desc">{escape(m.description)}</p>'
                                f"{self.figures(fin.force_label, m)}</div>")
            self.out.append("</div>")
        self.out.append("</div>")
        if fin.note:
            self.p("fin-note", self.runs(fin.note))

    def figures(self, force_label: str, metric) -> str:
        """The two figures of one measure with their captions: captions over values, or beside them."""
        force = f'<p class="caption">{escape(force_label)}</p>'
        england = '<p class="caption">England and Wales</p>'
        values = [f'<p class="value">{escape(v)}</p>' for v in (metric.force_value, metric.england_wales_value)]
        cells = [force, england, *values] if self.s.fin_captions == "above" else [force, values[0], england, values[1]]
        return f'<div class="figures">{"".join(cells)}</div>'


def style_to_css(style: PrintingStyle, running_title: str) -> str:
    b = style.body_size
    w, h = PAGE_SIZES_CM[style.page]
    left, top, right, bottom = style.margins_cm
    part, section, minor = heading_sizes(style)
    weight = "normal" if style.headings == "colour" else "bold"
    colour = HEADING_COLOUR if style.headings == "colour" else "inherit"
    heading_font = f' font-family:"{style.heading_font}";' if style.heading_font else ""
    furniture = f'font-family:"{style.font}";font-size:{round(b * 0.8, 1):g}pt;line-height:normal;'
    footer = {"number": "counter(page)", "page": '"Page " counter(page)',
              "page-of": '"Page " counter(page) " of " counter(pages)'}[style.footer]
    footer_box = "@bottom-center" if style.footer == "number" else "@bottom-right"
    header = (f"@top-left{{content:{css_string(running_title)};{furniture}font-style:italic;"
              "vertical-align:bottom;padding-bottom:0.2cm}}" if style.header else "")
    rule = "0.5pt solid #000"
    borders = {"grid": f"border:{rule};", "rows": f"border-top:{rule};border-bottom:{rule};", "none": "border:none;"}
    panel = (f"border:0.75pt solid {HEADING_COLOUR};" if style.fin_panel == "bordered"
             else f"background-color:{PANEL_COLOUR};")
    figure_columns = (f"var(--share) calc(100% - var(--share))" if style.fin_captions == "beside" else "1fr 1fr")
    # The drawn styles' rules for paragraphs and headings, where they differ from the default.
    text_rules = (f"p.body {{ text-indent:{FIRST_LINE_INDENT_CM}cm; margin-bottom:0; }}\n"
                  if style.paragraphs == "indented" else "")
    text_rules += "h1, h2 { text-transform:uppercase; }\n" if style.heading_caps else ""
    text_rules += "h1, h2 { font-variant:small-caps; }\n" if style.heading_small_caps else ""
    text_rules += "html { hyphens:auto; }\n" if style.hyphenate else ""
    # (`html h1`: over the headings' own rule below, which sets their colour.)
    text_rules += {"under": f"html h1, html h2 {{ border-bottom:1.1pt solid {HEADING_RULE_COLOUR}; padding-bottom:0.08cm; }}\n",
                   "band": f"html h1, html h2 {{ background-color:{HEADING_RULE_COLOUR}; color:#fff; padding:0.1cm; }}\n",
                   }.get(style.heading_rule, "")
    bands = (f"table.grades th {{ background-color:{HEADER_FILL}; color:#fff; }}\n"
             f"table.grades tbody tr:nth-child(odd) td:not(.filled) {{ background-color:{BAND_FILL}; }}\n"
             if style.table_bands else "")
    return f"""
@page {{ size:{w}cm {h}cm; margin:{top}cm {right}cm {bottom}cm {left}cm;
  {footer_box} {{ content:{footer}; {furniture} }} {header} }}
@page :first {{ {footer_box} {{ content:none }} @top-left {{ content:none }} }}
html {{ font-family:"{style.font}"; font-size:{b:g}pt; line-height:{line_height_css(style)}; color:{style.text_colour}; }}
body {{ margin:0; }}
p, li {{ margin:0 0 0.2cm 0; orphans:2; widows:2; }}
p.body, li {{ text-align:{'justify' if style.align == 'justify' else 'left'}; }}
p.body:empty {{ min-height:1lh; }}
{text_rules}ul {{ margin:0 0 0.2cm 0; padding-left:0.63cm; {list_style(style.list_mark)} }}
sup {{ font-size:58%; vertical-align:0.6em; line-height:0; }}
.cover-title {{ font-size:{round(b * 2.4)}pt; font-weight:bold; margin:5cm 0 0.6cm 0; }}
img.banner {{ display:block; }}
img.banner + .cover-title {{ margin-top:2cm; }}
.cover {{ font-size:{round(b * 1.4, 1):g}pt; margin-bottom:0.4cm; }}
.cover-small {{ margin-bottom:0.1cm; }}
h1, h2, h3, .contents-title, .grade {{ font-weight:{weight}; color:{colour}; break-after:avoid;{heading_font} }}
h1, .contents-title {{ font-size:{part:g}pt; margin:0 0 0.35cm 0; break-before:page; }}
h2 {{ font-size:{section:g}pt; margin:0.3cm 0 0.2cm 0; }}
h3 {{ font-size:{minor:g}pt; margin:0.2cm 0 0.15cm 0; }}
.grade {{ font-size:{section:g}pt; font-weight:bold; margin:0 0 0.3cm 0; }}
.contents1, .contents2 {{ display:flex; align-items:last baseline; margin:0.15cm 0 0.05cm 0; }}
.contents2 {{ margin:0 0 0.03cm 0.6cm; }}
.contents1 .label, .contents2 .label {{ flex:0 1 auto; }}
.leader {{ flex:1 0 auto; text-align:right; white-space:nowrap; }}
.page {{ flex:0 0 auto; margin-right:0.05cm; }}
table.grades {{ border-collapse:collapse; table-layout:fixed; margin:0.1cm 0; }}
table.grades.break {{ break-before:page; }}
table.grades td, table.grades th {{ padding:0.1cm; text-align:left; vertical-align:top; font-weight:normal; {borders[style.table_rules]} }}
table.grades th {{ font-weight:bold; }}
{bands}table.grades td.filled {{ color:#fff; font-weight:bold; }}
.fin {{ display:grid; grid-template-columns:repeat({style.fin_columns}, 1fr); gap:4pt; margin:0 0 0.2cm 0; }}
.panel {{ padding:0.25cm; {panel} }}
.panel-title {{ font-size:{round(b * 1.2, 1):g}pt; font-weight:bold; margin-bottom:0.15cm; }}
.panel-desc {{ font-style:italic; margin:0.15cm 0 0.05cm 0; }}
.measure {{ break-inside:avoid; }}
.figures {{ display:grid; grid-template-columns:{figure_columns}; align-items:baseline; }}
.caption {{ font-size:var(--caption); margin:0; padding:0.05cm; }}
.value {{ font-size:var(--value); font-weight:bold; margin:0 0 0.05cm 0; padding:0.05cm; }}
.notes {{ margin-top:0.4cm; }}
.notes::before {{ content:""; display:block; width:{'100%' if style.note_rule_width == 'full' else '25%'}; margin-bottom:0.1cm; {'border-top:0.5pt solid #000;' if style.note_rule else ''} }}
.note, .fin-note {{ font-size:{note_size(style):g}pt; margin:0 0 0.03cm 0; }}
.fin-note {{ margin-bottom:0.1cm; }}
.note-tab {{ display:inline-block; min-width:0.6cm; }}
"""


def printing_to_html(src: ReportSource, style: PrintingStyle, page_numbers: dict[str, int] | None = None) -> tuple[str, dict[str, str]]:
    """The page, and each heading's text as the PDF outline will name it; without
    `page_numbers` (before the first printing) the contents show placeholder numbers."""
    report = _HtmlReport(src, style, page_numbers or {})
    body = report.document()
    force = re.sub(r"^An? inspection of (the )?", "", src.cover.subtitle)
    title = f"{src.cover.title} – {src.cover.subtitle}"
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{style_to_css(style, f'{src.cover.title} – {force}')}</style>"
        f"</head><body>{body}</body></html>"
    )
    return html, report.outline_titles


# ------------------------------------------------------------------ printing


def html_to_pdf(html: str, out: Path, folder: Path) -> int:
    """Print one page to `out` with headless Chromium; returns the page count.

    Each print has a profile folder of its own: two Chromiums sharing one would hand
    the second's work to the first.  The outline (bookmarks from the headings) is
    where the contents' page numbers are read from.
    """
    exe = chromium()
    if exe is None:
        raise RuntimeError("Chromium is not installed; `make test` installs the Debian package chromium")
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "page.html"
    page.write_text(html, encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         "--generate-pdf-document-outline", "--no-first-run", "--disable-extensions",
         # Offline: the page needs nothing from the network.
         "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
         f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={out}", page.as_uri()],
        check=True, capture_output=True, timeout=180,
    )
    return pdf_to_page_count(out)


def pdf_to_page_count(pdf: Path) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def outline_key(title: str) -> str:
    """A heading's text as its outline entry can be matched: Chromium drops the space where
    a heading wraps ("… the force at" / "keeping …" is "atkeeping"), so no spaces at all, and
    names it as printed (in capitals where CSS sets the heading so), so in one case."""
    return "".join(title.casefold().split())


def pdf_to_outline_pages(pdf: Path) -> dict[str, int]:
    """Each outline title's first page, counted from 1, by `outline_key`."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        pages: dict[str, int] = {}
        for mark in doc.get_toc():
            dest = mark.get_dest()
            if dest is not None:
                pages.setdefault(outline_key(mark.get_title()), dest.get_index() + 1)
        return pages
    finally:
        doc.close()


def printing_to_pdf(src: ReportSource, style: PrintingStyle, out: Path, folder: Path, print_html=None) -> int:
    """Print the report; with a contents page, again until its page numbers are the pages
    its headings fell on (a number's width can, rarely, move a heading on).

    `print_html(html, out, folder) -> page count`: the printer (Chromium by default).
    """
    print_html = print_html or html_to_pdf
    numbers: dict[str, int] | None = None  # None: not yet printed, the contents' numbers unknown
    for _ in range(MAX_PASSES):
        html, titles = printing_to_html(src, style, numbers)
        count = print_html(html, out, folder)
        if not style.contents:
            return count
        outline = pdf_to_outline_pages(out)
        lost = [entry.text for entry in src.contents.entries if outline_key(titles.get(entry.text, "")) not in outline]
        if lost:
            raise RuntimeError(f"seed {style.seed}: no heading in the printed outline for contents entries {lost}")
        found = {entry.text: outline[outline_key(titles[entry.text])] for entry in src.contents.entries}
        if found == numbers:
            return count
        numbers = found
    raise RuntimeError(f"seed {style.seed}: the contents' page numbers did not settle in {MAX_PASSES} printings")


def printings_to_pdfs(jobs: list[tuple[ReportSource, PrintingStyle, Path]]) -> list[int]:
    """Print several reports, at most `PARALLEL_PRINTS` Chromiums at once; returns each one's page count."""
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=max(1, PARALLEL_PRINTS)) as pool:
        futures = [pool.submit(printing_to_pdf, src, style, out, Path(tmp) / f"d{k}")
                   for k, (src, style, out) in enumerate(jobs)]
        return [f.result() for f in futures]
