"""A third, fully independent producer: LibreOffice Writer.

The report is written as a flat OpenDocument text file (.fodt) with real
Writer footnotes, tables and bullet lists, and LibreOffice lays it out and
prints it to PDF itself (`soffice --headless --convert-to pdf`).  Nothing of
peel-etl's own layout engine is involved, as when a report is written in a
word processor and printed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from renderers.source_text import (
    ForceInNumbers,
    GradeLine,
    Heading,
    Judgments,
    Paragraph,
    ReportSource,
    Run,
)

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def _styles(font: str) -> str:
    def para(name: str, size: float, bold: bool = False, before: float = 0.0, after: float = 0.12,
             page_break: bool = False, keep: bool = False, extra: str = "") -> str:
        weight = ' fo:font-weight="bold"' if bold else ""
        brk = ' fo:break-before="page"' if page_break else ""
        keep_attr = ' fo:keep-with-next="always"' if keep else ""
        return (
            f'<style:style style:name="{name}" style:family="paragraph">'
            f'<style:paragraph-properties fo:margin-top="{before}in" fo:margin-bottom="{after}in"{brk}{keep_attr}{extra}/>'
            f'<style:text-properties style:font-name="{font}" fo:font-size="{size}pt"{weight}/></style:style>'
        )

    return "".join([
        '<style:default-style style:family="paragraph"><style:text-properties '
        f'style:font-name="{font}" fo:font-size="11pt" fo:language="en" fo:country="GB"/></style:default-style>',
        para("Body", 11),
        para("Cover", 13),
        para("CoverTitle", 28, bold=True, before=2.0, after=0.3),
        para("Part", 20, bold=True, after=0.15, page_break=True, keep=True),
        para("Section", 14, bold=True, before=0.15, keep=True),
        para("Minor", 12, bold=True, before=0.1, keep=True),
        para("Grade", 14, bold=True, after=0.2, keep=True),
        para("Cell", 11, after=0.02),
        para("CellBold", 11, bold=True, after=0.02),
        para("BlockTitle", 12.5, bold=True, after=0.05),
        para("Label", 10, after=0.0),
        para("Value", 24, bold=True, after=0.08),
        para("Note", 8.5),
        para("Footer", 8.5, extra=' fo:text-align="center"'),
        # The number hangs in the indent, with the text after a tab, as in Word's footnotes.
        para("Footnote", 8.5, after=0.02, extra=' fo:margin-left="0.2in" fo:text-indent="-0.2in"'),
        para("Contents", 11, after=0.03,
             extra='><style:tab-stops><style:tab-stop style:position="6.2in" style:type="right" '
                   'style:leader-style="dotted" style:leader-text="."/></style:tab-stops></style:paragraph-properties'
                   '><style:paragraph-properties'),
        '<text:notes-configuration text:note-class="footnote" style:num-format="1" text:start-value="0" '
        'text:footnotes-position="page" text:start-numbering-at="document"/>',
    ])


_AUTO = (
    '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" '
    'fo:margin-top="2cm" fo:margin-bottom="1.5cm" fo:margin-left="2.2cm" fo:margin-right="2.2cm"/>'
    '<style:footer-style><style:header-footer-properties fo:min-height="0.8cm"/></style:footer-style></style:page-layout>'
    '<style:style style:name="sup" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>'
    '<style:style style:name="b" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
    '<style:style style:name="i" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>'
    '<style:style style:name="bi" style:family="text"><style:text-properties fo:font-weight="bold" fo:font-style="italic"/></style:style>'
    '<text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" text:bullet-char="•">'
    '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
    '<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.25in" '
    'fo:text-indent="-0.2in" fo:margin-left="0.25in"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>'
    '<style:style style:name="Judg" style:family="table"><style:table-properties style:width="16.6cm" table:align="left"/></style:style>'
    '<style:style style:name="JudgA" style:family="table-column"><style:table-column-properties style:column-width="9.6cm"/></style:style>'
    '<style:style style:name="JudgB" style:family="table-column"><style:table-column-properties style:column-width="4cm"/></style:style>'
    '<style:style style:name="JudgC" style:family="table-column"><style:table-column-properties style:column-width="3cm"/></style:style>'
    '<style:style style:name="Rule" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" '
    'fo:border-bottom="0.5pt solid #000000" fo:border-top="none" fo:border-left="none" fo:border-right="none"/></style:style>'
    '<style:style style:name="Fin" style:family="table"><style:table-properties style:width="16.6cm" table:align="left"/></style:style>'
    '<style:style style:name="FinCol" style:family="table-column"><style:table-column-properties style:column-width="8.3cm"/></style:style>'
    '<style:style style:name="FinCell" style:family="table-cell"><style:table-cell-properties fo:padding="0.2cm" '
    'fo:background-color="#eeeeee" fo:border="2pt solid #ffffff"/></style:style>'
    '<style:style style:name="Pair" style:family="table"><style:table-properties style:width="7.8cm" table:align="left"/></style:style>'
    '<style:style style:name="PairCol" style:family="table-column"><style:table-column-properties style:column-width="3.9cm"/></style:style>'
    '<style:style style:name="Plain" style:family="table-cell"><style:table-cell-properties fo:padding="0.02cm" fo:border="none"/></style:style>'
)


class _Writer:
    def __init__(self, src: ReportSource, source_levels: bool = False, fin_columns: int = 2) -> None:
        self.src = src
        self.source_levels = source_levels
        self.fin_columns = fin_columns
        self.out: list[str] = []
        self.note_prefix = ""  # what a footnote's text starts with after its number (a tab, a space)

    def runs(self, runs: list[Run]) -> str:
        parts = []
        for r in runs:
            if r.sup:
                numbers = [n.strip() for n in r.text.split(",")]
                notes = []
                for n in numbers:
                    if n.isdigit() and int(n) in self.src.footnotes:
                        body = self.note_prefix + self.runs([x for x in self.src.footnotes[int(n)]])
                        notes.append(
                            f'<text:note text:note-class="footnote"><text:note-citation>{n}</text:note-citation>'
                            f'<text:note-body><text:p text:style-name="Footnote">{body}</text:p></text:note-body></text:note>'
                        )
                    else:
                        notes.append(f'<text:span text:style-name="sup">{escape(n)}</text:span>')
                # A superscript comma between two notes prints "7,8" as in the report.
                parts.append('<text:span text:style-name="sup">,</text:span>'.join(notes))
                continue
            style = "bi" if r.bold and r.italic else "b" if r.bold else "i" if r.italic else None
            text = escape(r.text).replace("  ", " <text:s/>")
            parts.append(f'<text:span text:style-name="{style}">{text}</text:span>' if style else text)
        return "".join(parts)

    def p(self, style: str, content: str) -> None:
        self.out.append(f'<text:p text:style-name="{style}">{content}</text:p>')

    def document(self) -> str:
        self.cover()
        self.contents()
        self.body()
        return "".join(self.out)

    cover_title_style = "CoverTitle"
    cover_small_style = "Body"  # the cover's notice, copyright, ISBN and address

    def cover(self) -> None:
        c = self.src.cover
        self.p(self.cover_title_style, escape(c.title))
        self.p("Cover", escape(c.subtitle))
        self.p("Cover", escape(c.month_year))
        if c.notice:
            self.p(self.cover_small_style, escape(c.notice))
        for line in (c.copyright, c.isbn, c.url):
            self.p(self.cover_small_style, escape(line))

    def contents(self) -> None:
        # Each entry's page number is a reference to a bookmark on its heading, which Writer
        # fills in when it lays the document out: the numbers are the pages the headings fall on.
        self.out.append('<text:h text:style-name="Part" text:outline-level="1">Contents</text:h>')
        for e in self.src.contents.entries:
            label = f'<text:span text:style-name="b">{escape(e.text)}</text:span>' if e.level == 1 else escape(e.text)
            number = (f'<text:bookmark-ref text:reference-format="page" text:ref-name="{self.bookmark_of(e.text)}">'
                      "1</text:bookmark-ref>")
            self.p("Contents", f"{label}<text:tab/>{number}")

    def bookmark_of(self, heading: str) -> str:
        names = {e.text: f"h{k}" for k, e in enumerate(self.src.contents.entries)}
        return names.get(heading, "")

    def heading_mark(self, item: Heading) -> str:
        """A bookmark on the first heading a contents entry names, for its page number."""
        text = "".join(r.text for r in item.runs)
        marked = self.__dict__.setdefault("_marked", set())
        name = self.bookmark_of(text)
        if not name or text in marked:
            return ""
        marked.add(text)
        return f'<text:bookmark text:name="{name}"/>'

    def body(self) -> None:
        in_list = False
        for item in self.src.body:
            if isinstance(item, Paragraph) and item.bullet:
                if not in_list:
                    self.out.append('<text:list text:style-name="L1">')
                    in_list = True
                self.out.append(f'<text:list-item><text:p text:style-name="Body">{self.runs(item.runs)}</text:p></text:list-item>')
                continue
            if in_list:
                self.out.append("</text:list>")
                in_list = False
            if isinstance(item, Heading):
                self.heading(item)
            elif isinstance(item, GradeLine):
                self.p("Grade", escape(item.grade))
            elif isinstance(item, Paragraph):
                self.p("Body", self.runs(item.runs))
            elif isinstance(item, Judgments):
                self.judgments(item)
            elif isinstance(item, ForceInNumbers):
                self.force_in_numbers(item)
        if in_list:
            self.out.append("</text:list>")

    def heading(self, item: Heading) -> None:
        # Either the report's structure, or the converted text's '#' levels taken
        # literally (the infographic then sits at the same level as its own blocks).
        level = item.source_level if self.source_levels and item.source_level else item.level
        style = {1: "Part", 2: "Section"}.get(level, "Minor")
        self.out.append(
            f'<text:h text:style-name="{style}" text:outline-level="{level}">'
            f"{self.heading_mark(item)}{self.runs(item.runs)}</text:h>"
        )

    def judgments(self, j: Judgments) -> None:
        for label, grade in j.overall:
            self.p("CellBold", f"{escape(label)}<text:tab/>{escape(grade)}")
        rows = [j.header] + j.rows
        self.out.append('<table:table table:name="Judgments" table:style-name="Judg">'
                        '<table:table-column table:style-name="JudgA"/><table:table-column table:style-name="JudgB"/>'
                        '<table:table-column table:style-name="JudgC"/>')
        for k, row in enumerate(rows):
            style = "CellBold" if k == 0 else "Cell"
            cells = "".join(
                f'<table:table-cell table:style-name="Rule" office:value-type="string">'
                f'<text:p text:style-name="{style}">{escape(c)}</text:p></table:table-cell>'
                for c in row
            )
            self.out.append(f"<table:table-row>{cells}</table:table-row>")
        self.out.append("</table:table>")

    def force_in_numbers(self, fin: ForceInNumbers) -> None:
        cols = self.fin_columns
        self.out.append('<table:table table:name="ForceInNumbers" table:style-name="Fin">'
                        f'<table:table-column table:style-name="FinCol" table:number-columns-repeated="{cols}"/>')
        blocks = fin.blocks
        for start in range(0, len(blocks), cols):
            self.out.append("<table:table-row>")
            for k, block in enumerate(blocks[start : start + cols]):
                inner = [f'<text:p text:style-name="BlockTitle">{escape(block.title)}</text:p>']
                for m in block.metrics:
                    inner.append(f'<text:p text:style-name="Label">{escape(m.description)}</text:p>')
                    inner.append(
                        f'<table:table table:name="Pair{start + k}{len(inner)}" table:style-name="Pair">'
                        '<table:table-column table:style-name="PairCol" table:number-columns-repeated="2"/>'
                        "<table:table-row>"
                        f'<table:table-cell table:style-name="Plain" office:value-type="string"><text:p text:style-name="Label">{escape(fin.force_label)}</text:p></table:table-cell>'
                        '<table:table-cell table:style-name="Plain" office:value-type="string"><text:p text:style-name="Label">England and Wales</text:p></table:table-cell>'
                        "</table:table-row><table:table-row>"
                        f'<table:table-cell table:style-name="Plain" office:value-type="string"><text:p text:style-name="Value">{escape(m.force_value)}</text:p></table:table-cell>'
                        f'<table:table-cell table:style-name="Plain" office:value-type="string"><text:p text:style-name="Value">{escape(m.england_wales_value)}</text:p></table:table-cell>'
                        "</table:table-row></table:table>"
                    )
                self.out.append(f'<table:table-cell table:style-name="FinCell" office:value-type="string">{"".join(inner)}</table:table-cell>')
            for _ in range(cols - len(blocks[start : start + cols])):
                self.out.append('<table:table-cell table:style-name="FinCell"><text:p text:style-name="Body"/></table:table-cell>')
            self.out.append("</table:table-row>")
        self.out.append("</table:table>")
        if fin.note:
            self.p("Note", self.runs(fin.note))


def report_to_fodt(src: ReportSource, font: str = "Liberation Serif", source_levels: bool = False, fin_columns: int = 2) -> str:
    body = _Writer(src, source_levels, fin_columns).document()
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">'
        f'<office:meta><dc:title>{escape(src.cover.title)} – {escape(src.cover.subtitle)}</dc:title></office:meta>'
        f'<office:font-face-decls><style:font-face style:name="{font}" svg:font-family="&apos;{font}&apos;"/></office:font-face-decls>'
        f"<office:styles>{_styles(font)}</office:styles>"
        f"<office:automatic-styles>{_AUTO}</office:automatic-styles>"
        '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
        '<style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current"/></text:p></style:footer>'
        "</style:master-page></office:master-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document>"
    )


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_with_libreoffice(
    src: ReportSource, out: Path, font: str = "Liberation Serif", source_levels: bool = False, fin_columns: int = 2
) -> int:
    """Write the report as .fodt and have LibreOffice print it to `out`; returns the page count."""
    return fodts_to_pdfs([(report_to_fodt(src, font, source_levels, fin_columns), out)])[0]


def fodts_to_pdfs(documents: list[tuple[str, Path]]) -> list[int]:
    """Print several .fodt texts to PDF in one LibreOffice run; returns each one's page count.

    Starting LibreOffice costs more than printing a short report, so one
    `soffice --convert-to pdf` is given every file at once.
    """
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed; `make test` installs libreoffice-writer-nogui")
    if not documents:
        return []
    import pypdfium2

    with tempfile.TemporaryDirectory() as tmp:
        # Numbered names: two outputs may share a file name in different folders.
        fodts = []
        for k, (fodt, _) in enumerate(documents):
            fodts.append(Path(tmp) / f"d{k}.fodt")
            fodts[-1].write_text(fodt, encoding="utf-8")
        profile = Path(tmp) / "profile"
        subprocess.run(
            [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp,
             *map(str, fodts)],
            check=True, capture_output=True, timeout=300 + 60 * len(documents),
        )
        pages = []
        for fodt, (_, out) in zip(fodts, documents):
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(fodt.with_suffix(".pdf")), out)
            pdf = pypdfium2.PdfDocument(str(out))
            pages.append(len(pdf))
            pdf.close()
    return pages
