"""Write laid-out pages to PDF with two independent PDF producers.

* reportlab, with the standard Type 1 fonts (Helvetica or Times);
* fpdf2, with embedded TrueType fonts (Bitstream Vera, shipped inside the
  reportlab wheel), which gives a different font program, encoding and
  content stream for the same text.

Both write deterministic files: no creation dates, fixed document ids.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from renderers.layout import A4, Layout, PageOps, RuleOp, TextOp, Theme, report_to_layout, report_to_pages
from renderers.source_text import ReportSource

_TYPE1 = {
    "sans": {"regular": "Helvetica", "bold": "Helvetica-Bold", "italic": "Helvetica-Oblique", "bolditalic": "Helvetica-BoldOblique"},
    "serif": {"regular": "Times-Roman", "bold": "Times-Bold", "italic": "Times-Italic", "bolditalic": "Times-BoldItalic"},
}
_VERA = {"regular": "Vera.ttf", "bold": "VeraBd.ttf", "italic": "VeraIt.ttf", "bolditalic": "VeraBI.ttf"}
_FIXED_DATE = datetime(2018, 3, 22, tzinfo=timezone.utc)


def _output_ops(page: PageOps, theme: Theme, index: int) -> list[object]:
    """The page's operations as this theme writes them (ligatures, fake bold, scrambled order)."""
    rules = [op for op in page.ops if isinstance(op, RuleOp)]
    texts: list[TextOp] = []
    for op in page.ops:
        if not isinstance(op, TextOp):
            continue
        if theme.ligatures:
            op = replace(op, text=op.text.replace("fi", "\ufb01").replace("fl", "\ufb02"))
        if theme.fake_bold and op.font in ("bold", "bolditalic"):
            plain = "regular" if op.font == "bold" else "italic"
            texts.append(replace(op, font=plain))
            texts.append(replace(op, font=plain, x=op.x + op.size * 0.04))
        else:
            texts.append(op)
    if theme.shuffle:
        random.Random(index).shuffle(texts)
    return rules + texts


def _inside(op, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    if isinstance(op, TextOp):
        return x0 <= op.x <= x1 and top <= op.y <= bottom
    return x0 <= op.x0 and op.x1 <= x1 and top <= op.y0 and op.y1 <= bottom


def _reportlab_measure(family: str):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts = _TYPE1[family]
    return lambda text, font, size: stringWidth(text, fonts[font], size)


def render_with_reportlab(src: ReportSource, out: Path, theme: Theme) -> int:
    """Render with reportlab; returns the number of pages."""
    from reportlab.pdfgen.canvas import Canvas

    fonts = _TYPE1[theme.family]
    pages = report_to_pages(src, theme, _reportlab_measure(theme.family))
    canvas = Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(f"{src.cover.title} – {src.cover.subtitle}")
    canvas.setAuthor("HMICFRS")
    canvas.setCreator(f"peel-etl sample renderer ({theme.name})")
    height = A4[1]
    for index, page in enumerate(pages):
        _draw_reportlab(canvas, _output_ops(page, theme, index), fonts, height)
        canvas.showPage()
    canvas.save()
    return len(pages)


def _draw_reportlab(canvas, ops: list[object], fonts: dict[str, str], height: float) -> None:
    for op in ops:
        if isinstance(op, RuleOp):
            if op.fill is not None:
                canvas.setFillGray(op.fill)
                canvas.rect(op.x0, height - op.y1, op.x1 - op.x0, op.y1 - op.y0, stroke=0, fill=1)
                canvas.setFillGray(0)
            else:
                canvas.setLineWidth(op.width)
                canvas.line(op.x0, height - op.y0, op.x1, height - op.y1)
        elif isinstance(op, TextOp):
            canvas.setFont(fonts[op.font], op.size)
            canvas.drawString(op.x, height - op.y, op.text)


def _vera_dir() -> Path:
    import reportlab

    return Path(reportlab.__file__).parent / "fonts"


def vera_measure():
    """Text widths in the Vera TrueType fonts, read from their metrics tables."""
    from fontTools.ttLib import TTFont  # fpdf2 depends on fontTools

    metrics = {}
    for key, file in _VERA.items():
        tt = TTFont(str(_vera_dir() / file))
        metrics[key] = (tt.getBestCmap(), tt["hmtx"], tt["head"].unitsPerEm)

    def measure(text: str, font: str, size: float) -> float:
        cmap, hmtx, upm = metrics[font]
        return sum(hmtx[cmap.get(ord(ch), cmap[ord("?")])][0] for ch in text) * size / upm

    return measure


def render_with_fpdf2(src: ReportSource, out: Path, theme: Theme) -> int:
    """Render with fpdf2 and embedded TrueType fonts; returns the number of pages."""
    layout = report_to_layout(src, theme, vera_measure())
    if theme.fin_as_image or theme.scanned:
        return _render_with_pictures(src, theme, layout, out)
    return _write_fpdf2(src, theme, layout.pages, out, pictures={})


def _render_with_pictures(src: ReportSource, theme: Theme, layout: Layout, out: Path) -> int:
    """Print once with text, photograph the parts that must be pictures, print again with the pictures."""
    import tempfile

    import pypdfium2

    plain = replace(theme, fin_as_image=False, scanned=False)
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "draft.pdf"
        _write_fpdf2(src, plain, layout.pages, draft, pictures={})
        doc = pypdfium2.PdfDocument(str(draft))
        pictures: dict[int, tuple[tuple[float, float, float, float], object]] = {}
        if theme.scanned:
            for index in range(len(layout.pages)):
                image = doc[index].render(scale=150 / 72, grayscale=True).to_pil()
                pictures[index] = ((0.0, 0.0, A4[0], A4[1]), image)
        else:
            (first, y0), (last, y1) = layout.fin_start, layout.fin_end
            for number in range(first, last + 1):
                top = y0 - 2 if number == first else layout.top - 4
                bottom = y1 + 4 if number == last else layout.bottom + 4
                box = (layout.left - 6, top, layout.right + 6, bottom)
                scale = 300 / 72
                image = doc[number - 1].render(
                    scale=scale, crop=(box[0], A4[1] - box[3], A4[0] - box[2], box[1])
                ).to_pil()
                pictures[number - 1] = (box, image)
        doc.close()
    return _write_fpdf2(src, theme, layout.pages, out, pictures)


def _write_fpdf2(src: ReportSource, theme: Theme, pages: list[PageOps], out: Path, pictures: dict) -> int:
    from fpdf import FPDF

    font_dir = _vera_dir()
    pdf = FPDF(unit="pt", format=A4)
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_title(f"{src.cover.title} – {src.cover.subtitle}")
    pdf.set_author("HMICFRS")
    pdf.set_creator(f"peel-etl sample renderer ({theme.name})")
    styles = {"regular": "", "bold": "B", "italic": "I", "bolditalic": "BI"}
    for key, file in _VERA.items():
        pdf.add_font("Vera", styles[key], str(font_dir / file))
    for index, page in enumerate(pages):
        pdf.add_page()
        picture = pictures.get(index)
        for op in _output_ops(page, theme, index):
            if picture is not None and _inside(op, picture[0]):
                continue  # this text is only in the picture
            if isinstance(op, RuleOp):
                if op.fill is not None:
                    grey = int(op.fill * 255)
                    pdf.set_fill_color(grey, grey, grey)
                    pdf.rect(op.x0, op.y0, op.x1 - op.x0, op.y1 - op.y0, style="F")
                else:
                    pdf.set_line_width(op.width)
                    pdf.line(op.x0, op.y0, op.x1, op.y1)
            elif isinstance(op, TextOp):
                pdf.set_font("Vera", styles[op.font], op.size)
                pdf.text(op.x, op.y, op.text)
        if picture is not None:
            (x0, top, x1, bottom), image = picture
            pdf.image(image, x=x0, y=top, w=x1 - x0, h=bottom - top)
    pdf.output(str(out))
    return len(pages)
