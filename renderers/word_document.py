"""A fifth, independent producer: a Word document (.docx) in Word's own house style, printed to
PDF by LibreOffice.

The report is written with python-docx from its default template, restyled to the look a new
document in Word 2013 and later has: the "Normal" style's space after each paragraph and 1.08
line spacing, the built-in "Heading 1/2/3" styles (coloured, larger than the body, not bold),
"Title" and "Subtitle" on the cover, "List Bullet" for bullets, "Table Grid" for ruled tables,
real Word footnotes (a footnotes part with Word's separator and continuation separator, a
`w:footnoteReference` in the FootnoteReference character style in the text, each note's own
paragraph in FootnoteText opening with a `w:footnoteRef`), PAGE and NUMPAGES fields in the
footer, and a TOC field whose entries carry PAGEREF fields to bookmarks on the headings.
LibreOffice imports the .docx with its Word filter (writerfilter) and prints it
(`soffice --headless --convert-to pdf`), so what reaches the PDF is Word's styles as
LibreOffice understands them, not Writer's own styles as the `writer` producer sets them.

How the seed's drawn `PrintingStyle` is honoured:
- font: every style's font is the drawn one (Word's theme fonts, Calibri and Calibri Light,
  are not installed; Carlito is Calibri's metric twin and is drawn like any other font);
  the layout engine's own fonts are printed in their installed kin (`WRITER_FONT_FOR`);
- body size, page size, margins, justified or ragged text: as drawn;
- headings: "larger" and "colour" are Word 2013's heading styles (16, 13 and 12 pt at an
  11 pt body, scaled to the drawn body size; blue, not bold); "bold" is Word 2007/2010's
  (14, 13 and 11 pt at 11 pt, bold, blue).  Word's headings are always coloured, so no
  seed gets black headings;
- numbered: a multilevel list linked to Heading 1 ("1.") and Heading 2 ("1.1"), as Word's
  "1 Heading 1" list style numbers them;
- footnotes: the number in the note superscript (FootnoteReference) or plain (the
  FootnoteReference style then sits on the baseline and the marks in the text are raised
  by direct formatting: LibreOffice's Word filter ignores direct formatting on a note's
  own `w:footnoteRef`, which Word would honour), followed by a tab, a space,
  or a full stop and a space typed after it (Word's number format has no suffix); the
  separator rule is Word's, or an empty separator for no rule; "smaller" notes are Word's
  FootnoteText (10 pt at an 11 pt body, scaled), "same" at body size;
- tables: "Table Grid" for "grid", Table Grid with only the horizontal rules for "rows",
  no borders for "none"; the header row a repeated header row (`w:tblHeader`); grade cells
  shaded with the grade's colour and the grade in white bold; the same column widths as
  the Writer printing's; a split table is two tables with a page break between them, as a
  user makes one with Ctrl+Enter;
- contents page: Word's TOC field, as Word leaves it after "Update field", its entries in
  TOC 1 / TOC 2 with a dotted right tab and a PAGEREF field to a `_Toc` bookmark on each
  heading.  LibreOffice prints a TOC field's cached result as it stands: it neither updates
  the TOC on loading nor recomputes the PAGEREF fields inside it (checked: placeholder
  numbers came out as written).  So, as for Chromium, the document is printed once, the
  pages its headings fell on are read from the PDF's outline (LibreOffice exports the
  headings as bookmarks), and it is written again with those numbers cached, as Word would
  have cached them, and printed again until they settle;
- "Force in numbers": a table of 1-3 columns of panels, each cell bordered or shaded, the
  two figures of a measure in a borderless nested table with captions above or beside
  the values, sized to fit as in the other producers;
- running header (the title line, at body size in Word's Header style) and footer ("3",
  "Page 3" or "Page 3 of 31" with PAGE / NUMPAGES fields), none on the cover ("different
  first page");
- line spacing: single is Word's own default, 1.08 (w:line 259); 1.15 (276) and 1.5 (360)
  as drawn, for every paragraph but the header's and footer's.

Not honoured: headings are never black, nor at body size for "colour" (see above); each
Heading 1 starts a page by its style's "page break before" (a house-style tweak: Word's own
Heading 1 does not); the grade under a part heading is a paragraph style of its own
("Grade": bold, Heading 2's size and colour); a panel cell ends with a 1 pt empty paragraph,
as Word requires one after a nested table; the running header is at body size,
upright, as Word's Header style sets it (the Writer printing's is smaller and italic); a
table's rows may break over a page (Word's default); Word's "Subtitle" on the cover is
grey and letter-spaced, as Word sets it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

from renderers.printings import (
    FIRST_LINE_INDENT_CM,
    GRADE_COLOURS,
    HEADING_RULE_COLOUR,
    PAGE_SIZES_CM,
    WRITER_FONT_FOR,
    NumberedHeadings,
    PrintingStyle,
    column_widths_cm,
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

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_CM = 1440 / 2.54
HEADING_COLOURS_2013 = ("2F5496", "2F5496", "1F3763")
HEADING_COLOURS_2010 = ("365F91", "4F81BD", "4F81BD")
PANEL_BORDER = "1F4E79"
PANEL_FILL = "E4ECF4"
# Word's line spacing "multiple" in 240ths: its own default (1.08) stands for single spacing.
LINE_240THS = {1.0: 259, 1.15: 276, 1.5: 360, 2.0: 480}


def style_to_word_style(style: PrintingStyle) -> PrintingStyle:
    """The seed's drawn style printed as a Word document instead (its lists with Word's round
    bullet); every other field stays as drawn."""
    return replace(style, producer="word", font=WRITER_FONT_FOR.get(style.font, style.font), list_mark="•")


def _twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


def _half_points(pt: float) -> int:
    return max(2, round(pt * 2))


def _w(tag: str, inner: str = "", **attrs: str):
    """One WordprocessingML element, from its tag, attributes and inner XML."""
    from docx.oxml import parse_xml

    attr = "".join(f' w:{k}="{escape(str(v), {chr(34): "&quot;"})}"' for k, v in attrs.items())
    return parse_xml(f'<w:{tag} xmlns:w="{W_NS}"{attr}>{inner}</w:{tag}>')


def _text(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def _run(text: str, rpr: str = "") -> str:
    """A run's XML; a tab in the text is Word's tab character."""
    parts = text.split("\t")
    body = "<w:tab/>".join(_text(p) for p in parts)
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{body}</w:r>"


def _field(instruction: str, cached: str, rpr: str = "") -> str:
    """A complex field as Word writes one: begin, instruction, separate, cached result, end."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{props}<w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
            f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"{_run(cached, rpr)}"
            f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>')


def _run_props(run: Run) -> str:
    return ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "")


# ------------------------------------------------------------------ styles

# Word's own names and ids of the built-in styles python-docx's template lacks, by which
# LibreOffice maps them to its own (footnote text to "Footnote", toc 1 to "Contents 1").
WORD_NAMES = {"Footnote Text": ("footnote text", "FootnoteText"),
              "Footnote Reference": ("footnote reference", "FootnoteReference"),
              "TOC 1": ("toc 1", "TOC1"), "TOC 2": ("toc 2", "TOC2")}


def _set_style(doc, name: str, *, based_on: str | None = None, kind: int = 1, ppr: str = "", rpr: str = "",
               next_style: str | None = None):
    """Set a style's paragraph and run properties, replacing what the template had; made if missing."""
    from docx.enum.style import WD_STYLE_TYPE

    internal, style_id = WORD_NAMES.get(name, (name, None))
    try:
        st = doc.styles[internal]
    except KeyError:
        st = doc.styles.add_style(internal, WD_STYLE_TYPE(kind))
        if style_id:
            st.style_id = style_id
    el = st.element
    for tag in ("pPr", "rPr", "basedOn", "next"):
        for old in el.findall(f"{{{W_NS}}}{tag}"):
            el.remove(old)
    # Order as the schema wants it: name, basedOn, next, ..., pPr, rPr, tblPr.
    anchor = el.find(f"{{{W_NS}}}name")
    after = anchor
    if based_on:
        base = _w("basedOn", val=doc.styles[WORD_NAMES.get(based_on, (based_on,))[0]].style_id)
        after.addnext(base)
        after = base
    if next_style:
        nxt = _w("next", val=doc.styles[next_style].style_id)
        after.addnext(nxt)
    tbl = el.find(f"{{{W_NS}}}tblPr")
    for tag, inner in (("pPr", ppr), ("rPr", rpr)):
        if inner or tag == "rPr":
            child = _w(tag, inner)
            if tbl is not None:
                tbl.addprevious(child)
            else:
                el.append(child)
    st.hidden = False
    st.quick_style = True
    return st


def _fonts(font: str) -> str:
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'


def heading_looks(style: PrintingStyle) -> list[tuple[float, bool, str, int]]:
    """Size, bold, colour and space before (twips) of Heading 1, 2 and 3, scaled from Word's
    11 pt body to the drawn one."""
    k = style.body_size / 11
    if style.headings == "bold":  # Word 2007/2010
        sizes, bold, colours, before = (14, 13, 11), True, HEADING_COLOURS_2010, (480, 200, 200)
    else:  # Word 2013 and later
        sizes, bold, colours, before = (16, 13, 12), False, HEADING_COLOURS_2013, (240, 40, 40)
    return [(round(s * k * 2) / 2, bold, c, b) for s, c, b in zip(sizes, colours, before)]


def note_size(style: PrintingStyle) -> float:
    """FootnoteText: Word's 10 pt at an 11 pt body, scaled; or the body size."""
    return round(style.body_size * 10 / 11 * 2) / 2 if style.note_size == "smaller" else style.body_size


def _set_up_styles(doc, style: PrintingStyle) -> None:
    s = style
    b = s.body_size
    fonts = _fonts(s.font)
    # Word 2013's document defaults: 11 pt, 8 pt after each paragraph, 1.08 lines.
    defaults = doc.styles.element.find(f"{{{W_NS}}}docDefaults")
    rpr = defaults.find(f"{{{W_NS}}}rPrDefault/{{{W_NS}}}rPr")
    for child in list(rpr):
        rpr.remove(child)
    for el in (_w("rFonts", ascii=s.font, hAnsi=s.font, eastAsia=s.font, cs=s.font),
               _w("color", val=s.text_colour.lstrip("#")),
               _w("sz", val=_half_points(b)), _w("szCs", val=_half_points(b)),
               _w("lang", val="en-GB", eastAsia="en-US", bidi="ar-SA")):
        rpr.append(el)
    ppr = defaults.find(f"{{{W_NS}}}pPrDefault/{{{W_NS}}}pPr")
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(_w("spacing", after="160", line=str(LINE_240THS[s.line_spacing]), lineRule="auto"))

    justify = '<w:jc w:val="both"/>' if s.align == "justify" else ""
    _set_style(doc, "Normal", ppr=justify)
    colour = {}
    # The headings' own family, where the house style pairs one with the body's (a theme's
    # "major" font, as Word 2013's Calibri Light over Calibri).
    heading_fonts = _fonts(s.heading_font or s.font)
    rule = HEADING_RULE_COLOUR.lstrip("#").upper()
    for level, (size, bold, col, before) in enumerate(heading_looks(s), start=1):
        page = "<w:pageBreakBefore/>" if level == 1 else ""
        colour[level] = col
        # A rule under the heading, or a band behind it with the heading in white (parts and sections).
        border = shade = ""
        if s.heading_rule == "under" and level <= 2:
            border = f'<w:pBdr><w:bottom w:val="single" w:sz="9" w:space="1" w:color="{rule}"/></w:pBdr>'
        elif s.heading_rule == "band" and level <= 2:
            shade, col = f'<w:shd w:val="clear" w:color="auto" w:fill="{rule}"/>', "FFFFFF"
        _set_style(doc, f"Heading {level}", based_on="Normal", next_style="Normal",
                   ppr=f'<w:keepNext/><w:keepLines/>{page}{border}{shade}'
                       f'<w:spacing w:before="{before}" w:after="{120 if level == 1 else 0}"/>'
                       f'<w:jc w:val="left"/><w:outlineLvl w:val="{level - 1}"/>',
                   rpr=f'{heading_fonts}{"<w:b/><w:bCs/>" if bold else ""}{"<w:caps/>" if s.heading_caps and level <= 2 else ""}'
                       f'{"<w:smallCaps/>" if s.heading_small_caps and level <= 2 else ""}'
                       f'<w:color w:val="{col}"/>'
                       f'<w:sz w:val="{_half_points(size)}"/><w:szCs w:val="{_half_points(size)}"/>')
    h1, h2 = heading_looks(s)[0][0], heading_looks(s)[1][0]
    _set_style(doc, "Title", based_on="Normal", next_style="Normal",
               ppr='<w:spacing w:before="2835" w:after="240" w:line="240" w:lineRule="auto"/><w:contextualSpacing/><w:jc w:val="left"/>',
               rpr=f'{fonts}<w:spacing w:val="-10"/><w:kern w:val="28"/><w:sz w:val="{_half_points(b * 28 / 11)}"/>'
                   f'<w:szCs w:val="{_half_points(b * 28 / 11)}"/>')
    _set_style(doc, "Subtitle", based_on="Normal", next_style="Normal",
               ppr='<w:jc w:val="left"/>',
               rpr=f'{fonts}<w:color w:val="5A5A5A"/><w:spacing w:val="15"/>')
    _set_style(doc, "TOC Heading", based_on="Heading 1", next_style="Normal",
               ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr><w:outlineLvl w:val="9"/>')
    leader = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{_twips(text_width_cm(s)) - 10}"/></w:tabs>'
    _set_style(doc, "TOC 1", kind=1, based_on="Normal", next_style="Normal",
               ppr=f'{leader}<w:spacing w:after="100"/><w:jc w:val="left"/>')
    _set_style(doc, "TOC 2", kind=1, based_on="Normal", next_style="Normal",
               ppr=f'{leader}<w:spacing w:after="100"/><w:ind w:left="220"/><w:jc w:val="left"/>')
    _set_style(doc, "Grade", based_on="Normal", next_style="Normal",
               ppr='<w:keepNext/><w:spacing w:after="170"/><w:jc w:val="left"/>',
               rpr=f'{heading_fonts}<w:b/><w:bCs/><w:color w:val="{colour[2]}"/><w:sz w:val="{_half_points(h2)}"/>')
    # Word's own style for indented body text: the first line in by a tab stop, no space between.
    _set_style(doc, "Body Text", based_on="Normal", next_style="Body Text",
               ppr=f'<w:spacing w:after="0"/><w:ind w:firstLine="{_twips(FIRST_LINE_INDENT_CM)}"/>')
    _set_style(doc, "List Bullet", based_on="Normal",
               ppr='<w:numPr><w:numId w:val="1"/></w:numPr><w:contextualSpacing/>')
    _set_style(doc, "Header", based_on="Normal",
               ppr='<w:tabs><w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/></w:tabs>'
                   '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>')
    _set_style(doc, "Footer", based_on="Normal",
               ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
                   f'<w:jc w:val="{"center" if s.footer == "number" else "right"}"/>')
    n = note_size(s)
    # As Word sets a note typed "number, tab, text": the tab stop just past the number.
    _set_style(doc, "Footnote Text", based_on="Normal",
               ppr=f'<w:tabs><w:tab w:val="left" w:pos="{_twips(0.6)}"/></w:tabs>'
                   '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
               rpr=f'<w:sz w:val="{_half_points(n)}"/><w:szCs w:val="{_half_points(n)}"/>')
    _set_style(doc, "Footnote Reference", kind=2, based_on="Default Paragraph Font",
               rpr='<w:vertAlign w:val="superscript"/>' if s.note_number == "superscript" else "")
    _set_style(doc, "Panel Title", based_on="Normal", next_style="Normal",
               ppr='<w:keepNext/><w:spacing w:after="85"/><w:jc w:val="left"/>',
               rpr=f'<w:b/><w:bCs/><w:sz w:val="{_half_points(round(b * 1.2, 1))}"/>')
    _set_style(doc, "Panel Description", based_on="Normal", next_style="Normal",
               ppr='<w:keepNext/><w:spacing w:before="85" w:after="30"/><w:jc w:val="left"/>', rpr="<w:i/><w:iCs/>")
    _set_style(doc, "Cell Text", based_on="Normal",
               ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>')
    _set_style(doc, "Panel End", based_on="Normal",
               ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', rpr='<w:sz w:val="2"/>')


def _set_up_numbering(doc, style: PrintingStyle) -> None:
    """Parts "1." and sections "1.1", as Word's multilevel list linked to the heading styles."""
    if not style.numbered:
        return
    numbering = doc.part.numbering_part.element
    levels = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>'
        '<w:suff w:val="space"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/>'
        '<w:suff w:val="space"/><w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
    )
    abstract = _w("abstractNum", f'<w:multiLevelType w:val="multilevel"/>{levels}', abstractNumId="90")
    first_num = numbering.find(f"{{{W_NS}}}num")
    first_num.addprevious(abstract)
    numbering.append(_w("num", '<w:abstractNumId w:val="90"/>', numId="90"))
    for level in (1, 2):
        spacing = doc.styles[f"Heading {level}"].element.find(f"{{{W_NS}}}pPr/{{{W_NS}}}spacing")
        # Where the schema has it: after keepNext, keepLines and pageBreakBefore.
        spacing.addprevious(_w("numPr", f'<w:ilvl w:val="{level - 1}"/><w:numId w:val="90"/>'))


# ------------------------------------------------------------------ the document


class _WordReport(NumberedHeadings):
    """The report's body as a Word user in this house style would type it."""

    def __init__(self, src: ReportSource, style: PrintingStyle, page_numbers: dict[str, int] | None = None) -> None:
        import docx

        self.src = src
        self.s = style
        self.page_numbers = page_numbers or {}  # contents entry -> the page its heading fell on
        # The first heading of each text as the PDF outline names it (its number and all).
        self.outline_titles: dict[str, str] = {}
        self.part = self.section = 0
        self.doc = docx.Document()
        self.body = self.doc.element.body
        self.notes: list[str] = []  # each footnote's <w:footnote>, ids 1, 2, … in the order cited
        self.bookmarks = {e.text: f"_Toc{100000 + k}" for k, e in enumerate(src.contents.entries)}
        self.bookmarked: set[str] = set()
        self.bookmark_id = 0
        # The template's one empty paragraph before the section properties.
        for p in self.body.findall(f"{{{W_NS}}}p"):
            self.body.remove(p)
        _set_up_styles(self.doc, style)
        _set_up_numbering(self.doc, style)
        self.style_ids = {name: self.doc.styles[WORD_NAMES.get(name, (name,))[0]].style_id for name in (
            "Normal", "Title", "Subtitle", "TOC Heading", "TOC 1", "TOC 2", "Heading 1", "Heading 2", "Heading 3",
            "Grade", "Body Text", "List Bullet", "Header", "Footer", "Footnote Text", "Footnote Reference", "Panel Title",
            "Panel Description", "Cell Text", "Panel End")}

    # ------------------------------------------------------------- text
    def add(self, element) -> None:
        self.body.find(f"{{{W_NS}}}sectPr").addprevious(element)

    def para_xml(self, style: str, content: str, ppr: str = "") -> str:
        return (f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{self.style_ids[style]}"/>{ppr}</w:pPr>'
                f"{content}</w:p>")

    def p(self, style: str, content: str, ppr: str = "") -> None:
        from docx.oxml import parse_xml

        self.add(parse_xml(self.para_xml(style, content, ppr)))

    def runs(self, runs: list[Run], rpr: str = "") -> str:
        """Inline text; a cited note is a Word footnote, its mark in the FootnoteReference style."""
        parts = []
        for r in runs:
            props = rpr + _run_props(r)
            if not r.sup:
                parts.append(_run(r.text, props))
                continue
            marks = []
            for n in (x.strip() for x in r.text.split(",")):
                if n.isdigit() and int(n) in self.src.footnotes:
                    marks.append(self.footnote(int(n), props))
                else:
                    marks.append(_run(n, props + '<w:vertAlign w:val="superscript"/>'))
            # A superscript comma between two notes prints "7,8" as in the report.
            parts.append(_run(",", props + '<w:vertAlign w:val="superscript"/>').join(marks))
        return "".join(parts)

    def footnote(self, number: int, props: str) -> str:
        """The note's reference in the text; the note itself goes to the footnotes part."""
        note_id = len(self.notes) + 1
        ref_style = f'<w:rStyle w:val="{self.style_ids["Footnote Reference"]}"/>'
        # With plain numbers the FootnoteReference style is set on the baseline and the mark in
        # the text raised by hand: LibreOffice ignores direct formatting on a note's own
        # number (Word honours either way).
        raised = '<w:vertAlign w:val="superscript"/>' if self.s.note_number == "plain" else ""
        # Brackets about the number (`note_brackets`) are not printed: Word has no setting for
        # them, and LibreOffice moves text typed before a note's number after it ("1[].").
        number_run = f"<w:r><w:rPr>{ref_style}</w:rPr><w:footnoteRef/></w:r>"
        follow = {"tab": "<w:r><w:tab/></w:r>", "space": _run(" "),
                  "stop": _run(".", ref_style) + _run(" ")}[self.s.note_follow]
        text = self.runs(self.src.footnotes[number])
        self.notes.append(
            f'<w:footnote w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="{self.style_ids["Footnote Text"]}"/></w:pPr>'
            f"{number_run}{follow}{text}</w:p></w:footnote>")
        return f'<w:r><w:rPr>{ref_style}{props}{raised}</w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'

    # ------------------------------------------------------------- parts
    def document(self) -> None:
        self.cover()
        self.contents()
        self.main_text()
        self.page_setup()

    def cover(self) -> None:
        c = self.src.cover
        self.p("Title", _run(c.title))
        self.p("Subtitle", _run(c.subtitle))
        self.p("Subtitle", _run(c.month_year))
        for line in ([c.notice] if c.notice else []) + [c.copyright, c.isbn, c.url]:
            self.p("Normal", _run(line), '<w:spacing w:after="60"/>')

    def contents(self) -> None:
        """Word's TOC field as "Update field" leaves it: each entry a hyperlink to its heading's
        bookmark with a PAGEREF field for the page, which LibreOffice fills in as it lays out."""
        if not self.s.contents:
            return
        self.p("TOC Heading", _run("Contents"), "<w:pageBreakBefore/>")
        entries = self.src.contents.entries
        for k, e in enumerate(entries):
            mark = self.bookmarks[e.text]
            begin = (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                     '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r>') if k == 0 else ""
            end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if k == len(entries) - 1 else ""
            bold = "<w:b/><w:bCs/>" if e.level == 1 else ""
            page = _field(f"PAGEREF {mark} " + "\\h", str(self.page_numbers.get(e.text, k + 2)))
            link = f'<w:hyperlink w:anchor="{mark}" w:history="1">{_run(e.text, bold)}<w:r><w:tab/></w:r>{page}</w:hyperlink>'
            self.p("TOC 1" if e.level == 1 else "TOC 2", begin + link + end)

    def main_text(self) -> None:
        for item in self.src.body:
            if isinstance(item, Paragraph):
                body = "Body Text" if self.s.paragraphs == "indented" else "Normal"
                self.p("List Bullet" if item.bullet else body, self.runs(item.runs))
            elif isinstance(item, Heading):
                self.heading(item)
            elif isinstance(item, GradeLine):
                self.p("Grade", _run(item.grade))
            elif isinstance(item, Judgments):
                self.judgments(item)
            elif isinstance(item, ForceInNumbers):
                self.force_in_numbers(item)

    def heading(self, item: Heading) -> None:
        text = "".join(r.text for r in item.runs)
        self.outline_titles.setdefault(text, self.heading_number(min(item.level, 3)) + text)
        content = self.runs(item.runs)
        if text in self.bookmarks and text not in self.bookmarked:
            self.bookmarked.add(text)
            self.bookmark_id += 1
            content = (f'<w:bookmarkStart w:id="{self.bookmark_id}" w:name="{self.bookmarks[text]}"/>{content}'
                       f'<w:bookmarkEnd w:id="{self.bookmark_id}"/>')
        # Minor headings below level 3 are Heading 3, as the other producers' "Minor".
        self.p(f"Heading {min(item.level, 3)}", content)

    # ----------------------------------------------------------- tables
    def column_widths(self, columns: int) -> list[float]:
        return column_widths_cm(self.s, columns)

    def borders(self) -> str:
        rule = 'w:val="single" w:sz="4" w:space="0" w:color="auto"'
        none = 'w:val="nil"'
        sides = {"grid": dict(top=rule, left=rule, bottom=rule, right=rule, insideH=rule, insideV=rule),
                 "rows": dict(top=rule, left=none, bottom=rule, right=none, insideH=rule, insideV=none),
                 "none": dict(top=none, left=none, bottom=none, right=none, insideH=none, insideV=none)}[self.s.table_rules]
        return "<w:tblBorders>" + "".join(f"<w:{k} {v}/>" for k, v in sides.items()) + "</w:tblBorders>"

    def judgments(self, j: Judgments) -> None:
        for label, grade in j.overall:
            self.table([[label, grade]], None)
            # Two tables with nothing between them are one table to Word (and to LibreOffice's
            # Word filter): a Word user's tables stand a paragraph apart.
            self.p("Normal", "")
        self.table(j.rows, j.header if self.s.table_header else None)
        self.p("Normal", "")

    def table(self, rows: list[list[str]], header: list[str] | None) -> None:
        split = max(1, len(rows) // 2) if self.s.table_split and len(rows) >= 2 else len(rows)
        self.table_part(rows[:split], header)
        if split < len(rows):
            # Ctrl+Enter between the two halves: a paragraph holding a page break.
            self.p("Normal", '<w:r><w:br w:type="page"/></w:r>', '<w:spacing w:after="0"/>')
            self.table_part(rows[split:], header)

    def table_part(self, rows: list[list[str]], header: list[str] | None) -> None:
        from docx.oxml import parse_xml

        widths = [_twips(w) for w in self.column_widths(len(rows[0]))]
        style = "TableGrid" if self.s.table_rules != "none" else "TableNormal"
        out = [f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblStyle w:val="{style}"/>'
               f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>{self.borders()}<w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/></w:tblPr>'
               "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
        if header:
            out.append(self.row(header, widths, head=True))
        for row in rows:
            out.append(self.row(row, widths, head=False))
        out.append("</w:tbl>")
        self.add(parse_xml("".join(out)))

    def row(self, cells: list[str], widths: list[int], head: bool) -> str:
        out = ["<w:tr>" + ("<w:trPr><w:tblHeader/></w:trPr>" if head else "")]
        for k, (text, width) in enumerate(zip(cells, widths)):
            fill, rpr = "", "<w:b/><w:bCs/>" if head else ""
            if k == 1 and not head and self.s.grade_fill and text in GRADE_COLOURS:
                fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{GRADE_COLOURS[text][1:].upper()}"/>'
                rpr = '<w:b/><w:bCs/><w:color w:val="FFFFFF"/>'
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{fill}</w:tcPr>'
                       f'<w:p><w:pPr><w:pStyle w:val="{self.style_ids["Cell Text"]}"/></w:pPr>{_run(text, rpr)}</w:p></w:tc>')
        out.append("</w:tr>")
        return "".join(out)

    # ------------------------------------------------- force in numbers
    def force_in_numbers(self, fin: ForceInNumbers) -> None:
        from docx.oxml import parse_xml

        from renderers.chromium import caption_share, figure_sizes

        cols = self.s.fin_columns
        width = _twips(text_width_cm(self.s))
        column = width // cols
        padding = _twips(0.25)
        panel_width_cm = text_width_cm(self.s) / cols - 0.6
        caption, value = figure_sizes(self.s, fin, panel_width_cm)
        share = caption_share(self.s)
        if self.s.fin_panel == "bordered":
            edge = f'w:val="single" w:sz="6" w:space="0" w:color="{PANEL_BORDER}"'
            look = "".join(f"<w:{side} {edge}/>" for side in ("top", "left", "bottom", "right"))
            panel = f"<w:tcBorders>{look}</w:tcBorders>"
        else:
            edge = 'w:val="single" w:sz="24" w:space="0" w:color="FFFFFF"'
            look = "".join(f"<w:{side} {edge}/>" for side in ("top", "left", "bottom", "right"))
            panel = f'<w:tcBorders>{look}</w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="{PANEL_FILL}"/>'
        margins = "".join(f'<w:{side} w:w="{padding}" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
        out = [f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblStyle w:val="TableNormal"/><w:tblW w:w="{width}" w:type="dxa"/>'
               '<w:tblLayout w:type="fixed"/></w:tblPr>'
               "<w:tblGrid>" + f'<w:gridCol w:w="{column}"/>' * cols + "</w:tblGrid>"]
        inner_width = column - 2 * padding
        for start in range(0, len(fin.blocks), cols):
            out.append("<w:tr>")
            row = fin.blocks[start : start + cols]
            for block in row:
                cell = [self.para_xml("Panel Title", _run(block.title))]
                for m in block.metrics:
                    cell.append(self.para_xml("Panel Description", _run(m.description)))
                    cell.append(self.figures(fin.force_label, m, inner_width, share, caption, value))
                # A cell ends with a paragraph after a nested table, as Word requires: kept tiny.
                cell.append(self.para_xml("Panel End", ""))
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{column}" w:type="dxa"/>{panel}<w:tcMar>{margins}</w:tcMar>'
                           f"</w:tcPr>{''.join(cell)}</w:tc>")
            for _ in range(cols - len(row)):
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{column}" w:type="dxa"/></w:tcPr>'
                           f'{self.para_xml("Panel End", "")}</w:tc>')
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.add(parse_xml("".join(out)))
        if fin.note:
            self.p("Normal", self.runs(fin.note), '<w:spacing w:before="120"/>')

    def figures(self, force_label: str, metric, width: int, share: float, caption: float, value: float) -> str:
        """The two figures of one measure with their captions, as a borderless nested table."""
        first = round(width * share)
        widths = (first, width - first)
        tight = '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>'

        def cell(text: str, size: float, bold: bool, w: int) -> str:
            rpr = ("<w:b/><w:bCs/>" if bold else "") + f'<w:sz w:val="{_half_points(size)}"/><w:szCs w:val="{_half_points(size)}"/>'
            return (f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{self.style_ids["Cell Text"]}"/>'
                    f"{tight}</w:pPr>{_run(text, rpr)}</w:p></w:tc>")

        captions = [(force_label, caption, False), ("England and Wales", caption, False)]
        values = [(metric.force_value, value, True), (metric.england_wales_value, value, True)]
        rows = ([captions, values] if self.s.fin_captions == "above"
                else [[captions[0], values[0]], [captions[1], values[1]]])
        body = "".join("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(cell(t, z, bo, w) for (t, z, bo), w in zip(r, widths)) + "</w:tr>"
                       for r in rows)
        nil = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        return (f'<w:tbl><w:tblPr><w:tblStyle w:val="TableNormal"/><w:tblW w:w="{width}" w:type="dxa"/>'
                f'<w:tblBorders>{nil}</w:tblBorders><w:tblLayout w:type="fixed"/>'
                '<w:tblCellMar><w:left w:w="28" w:type="dxa"/><w:right w:w="28" w:type="dxa"/></w:tblCellMar></w:tblPr>'
                f'<w:tblGrid><w:gridCol w:w="{widths[0]}"/><w:gridCol w:w="{widths[1]}"/></w:tblGrid>{body}</w:tbl>')

    # ------------------------------------------------------------- page
    def page_setup(self) -> None:
        from docx.shared import Cm

        s = self.s
        section = self.doc.sections[0]
        w, h = PAGE_SIZES_CM[s.page]
        left, top, right, bottom = s.margins_cm
        section.page_width, section.page_height = Cm(w), Cm(h)
        section.left_margin, section.top_margin = Cm(left), Cm(top)
        section.right_margin, section.bottom_margin = Cm(right), Cm(bottom)
        section.header_distance = section.footer_distance = Cm(min(1.25, top - 0.6, bottom - 0.6))
        section.different_first_page_header_footer = True  # the cover has neither
        force = re.sub(r"^An? inspection of (the )?", "", self.src.cover.subtitle)
        if s.header:
            self.furniture(section.header, _run(f"{self.src.cover.title} – {force}"))
        page = _field("PAGE", "1")
        footer = {"number": page, "page": _run("Page ") + page,
                  "page-of": _run("Page ") + page + _run(" of ") + _field("NUMPAGES", "1")}[s.footer]
        self.furniture(section.footer, footer)

    def furniture(self, part, content: str) -> None:
        from docx.oxml import parse_xml

        part.is_linked_to_previous = False
        holder = part._element
        for p in holder.findall(f"{{{W_NS}}}p"):
            holder.remove(p)
        style = "Header" if holder.tag.endswith("hdr") else "Footer"
        holder.append(parse_xml(self.para_xml(style, content)))

    # ------------------------------------------------------------- saving
    def footnotes_xml(self) -> bytes:
        """Word's footnotes part: the separator (-1) and continuation separator (0), then the notes."""
        separator = "<w:separator/>" if self.s.note_rule else ""
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:footnotes xmlns:w="{W_NS}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            f'w:lineRule="auto"/></w:pPr><w:r>{separator}</w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            f'w:lineRule="auto"/></w:pPr><w:r>{"<w:continuationSeparator/>" if self.s.note_rule else ""}</w:r></w:p></w:footnote>'
            + "".join(self.notes) + "</w:footnotes>"
        ).encode("utf-8")

    def save(self, path: Path) -> None:
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        self.document()
        if self.notes:
            part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.footnotes_xml(), self.doc.part.package)
            self.doc.part.relate_to(part, RT.FOOTNOTES)
            settings = self.doc.settings.element
            note_pr = _w("footnotePr", '<w:footnote w:id="-1"/><w:footnote w:id="0"/>')
            settings.find(f"{{{W_NS}}}characterSpacingControl").addnext(note_pr)
        if self.s.hyphenate:
            # Word's "Automatically hyphenate document" (w:autoHyphenation), set where the schema orders it.
            settings = self.doc.settings.element
            settings.find(f"{{{W_NS}}}defaultTabStop").addnext(_w("autoHyphenation"))
        props = self.doc.core_properties
        props.title = f"{self.src.cover.title} – {self.src.cover.subtitle}"
        props.author = "peel-etl"
        self.doc.save(str(path))


def printing_to_docx(src: ReportSource, style: PrintingStyle, path: Path,
                     page_numbers: dict[str, int] | None = None) -> dict[str, str]:
    """Write the report as .docx; returns each heading's text as the PDF outline will name it.
    Without `page_numbers` (before a first printing) the contents show placeholder numbers."""
    report = _WordReport(src, style, page_numbers)
    report.save(path)
    return report.outline_titles


# ------------------------------------------------------------------ printing

MAX_PASSES = 3  # printings until the contents' page numbers are the pages the headings fell on


def docxs_to_pdfs(jobs: list[tuple[ReportSource, PrintingStyle, Path]]) -> list[int]:
    """Print several reports, all in one LibreOffice run a pass; returns each one's page count.

    LibreOffice shows a TOC field's cached entries as they are and leaves the PAGEREF fields
    in them as written, as Word does until "Update field": so a report with a contents page is
    printed once, the pages its headings fell on are read from the PDF's outline, and it is
    written with those numbers (as Word would have cached them) and printed again, until they
    settle.
    """
    from renderers.chromium import outline_key, pdf_to_outline_pages, pdf_to_page_count

    numbers: list[dict[str, int] | None] = [None] * len(jobs)
    counts: list[int] = [0] * len(jobs)
    todo = list(range(len(jobs)))
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(MAX_PASSES):
            docs, titles = [], {}
            for k in todo:
                src, style, _ = jobs[k]
                docs.append((Path(tmp) / f"d{k}.docx", jobs[k][2]))
                titles[k] = printing_to_docx(src, style, docs[-1][0], numbers[k])
            _convert(docs, Path(tmp))
            settled = []
            for k in todo:
                src, style, out = jobs[k]
                counts[k] = pdf_to_page_count(out)
                if not style.contents:
                    settled.append(k)
                    continue
                outline = pdf_to_outline_pages(out)
                lost = [e.text for e in src.contents.entries if outline_key(titles[k].get(e.text, "")) not in outline]
                if lost:
                    raise RuntimeError(f"seed {style.seed}: no heading in the printed outline for contents entries {lost}")
                found = {e.text: outline[outline_key(titles[k][e.text])] for e in src.contents.entries}
                if found == numbers[k]:
                    settled.append(k)
                numbers[k] = found
            todo = [k for k in todo if k not in settled]
            if not todo:
                return counts
    raise RuntimeError(f"seeds {[jobs[k][1].seed for k in todo]}: the contents' page numbers did not settle "
                       f"in {MAX_PASSES} printings")


def _convert(docs: list[tuple[Path, Path]], folder: Path) -> None:
    """`soffice --convert-to pdf` on every .docx at once, in a user profile of its own so that
    runs in parallel do not clash; each PDF is moved to its place."""
    from renderers.libreoffice import soffice

    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed; `make test` installs libreoffice-writer-nogui")
    profile = folder / "profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         *(str(d) for d, _ in docs)],
        check=True, capture_output=True, timeout=300 + 60 * len(docs),
    )
    for docx_path, out in docs:
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(docx_path.with_suffix(".pdf")), out)
