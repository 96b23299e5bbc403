"""Read a PDF into the page model.  The only module that imports pdfplumber.

Each page is parsed once and closed straight after, so memory stays flat on
long documents (pdfplumber keeps per-page caches until `page.close()`).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from extractors.errors import ExtractionError
from extractors.lines import words_to_lines
from extractors.model import Document, Page, Word

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _page_objects(page) -> tuple[list[dict], list[dict]]:
    """The page's characters and pictures, read straight from its layout.

    pdfplumber's `page.chars` turns every object on the page (rules, curves,
    every attribute of every character) into a dict; words need five keys of
    the characters only, so building just those halves the cost of a page.
    The dicts carry the keys, values and order `page.chars` would give.
    """
    from pdfminer.layout import LTChar, LTContainer, LTImage

    height, initial_doctop = float(page.height), float(page.initial_doctop)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    chars: list[dict] = []
    images: list[dict] = []

    def walk(container) -> None:
        for obj in container:
            if isinstance(obj, LTChar):
                top = height - obj.y1 + mb_top
                fontname = obj.fontname
                chars.append({
                    "text": obj.get_text(), "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "top": top,
                    "bottom": height - obj.y0 + mb_top, "doctop": initial_doctop + top, "upright": obj.upright,
                    "size": obj.size,
                    "fontname": fontname.decode("latin-1", "replace") if isinstance(fontname, bytes) else fontname,
                })
            elif isinstance(obj, LTImage):
                images.append({"x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "top": height - obj.y1 + mb_top,
                               "bottom": height - obj.y0 + mb_top, "srcsize": obj.srcsize})
            if isinstance(obj, LTContainer):
                walk(obj)

    walk(page.layout)
    return chars, images


def _page_words(chars: list[dict]) -> list[Word]:
    from pdfplumber.utils import extract_words

    # "Fake bold" draws each glyph twice, a fraction of its width apart; a real
    # double letter ("ll") is a whole glyph width apart.  (pdfplumber's
    # dedupe_chars does this with a fixed tolerance and costs ~0.5 s a page.)
    doubles: set[int] = set()
    kept: dict[tuple, list[float]] = {}
    for ch in sorted(chars, key=lambda c: (c["text"], round(c["top"]), c["x0"])):
        key = (ch["text"], round(ch["top"]))
        xs = kept.setdefault(key, [])
        if xs and abs(ch["x0"] - xs[-1]) < max(1.0, 0.5 * (ch["x1"] - ch["x0"])):
            doubles.add(id(ch))
        else:
            xs.append(ch["x0"])
    if doubles:
        chars = [c for c in chars if id(c) not in doubles]
    raw = extract_words(
        chars,
        x_tolerance=1.5,
        y_tolerance=1.0,  # tight, so a raised superscript becomes its own word
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=["fontname", "size"],
        expand_ligatures=True,
    )
    words = []
    for w in raw:
        text = w["text"]
        if not text:
            continue
        words.append(
            Word(
                text=text,
                x0=round(w["x0"], 2),
                top=round(w["top"], 2),
                x1=round(w["x1"], 2),
                bottom=round(w["bottom"], 2),
                size=round(w["size"], 2),
                bold=bool(_BOLD.search(w["fontname"].split("+")[-1])),
            )
        )
    return words


# A picture this large (share of the page) with hardly any text over it holds
# its text only as pixels, and is read by OCR.
OCR_MIN_AREA = 0.04
OCR_MAX_CHARS_INSIDE = 20


def _picture_regions(page, chars: list[dict], images: list[dict]) -> list[tuple[float, float, float, float]]:
    regions = []
    area = float(page.width) * float(page.height)
    for img in images:
        x0, top = max(0.0, float(img["x0"])), max(0.0, float(img["top"]))
        x1, bottom = min(float(page.width), float(img["x1"])), min(float(page.height), float(img["bottom"]))
        if x1 <= x0 or bottom <= top or (x1 - x0) * (bottom - top) < OCR_MIN_AREA * area:
            continue
        inside = sum(
            1 for c in chars
            if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
        )
        if inside <= OCR_MAX_CHARS_INSIDE:
            regions.append((x0, top, x1, bottom))
    return regions


def _native_dpi(images: list[dict], box) -> float:
    """The resolution the picture was stored at: reading it finer only costs time."""
    best = 0.0
    for img in images:
        width_pt = float(img["x1"]) - float(img["x0"])
        if width_pt > 0 and abs(float(img["x0"]) - box[0]) < 2 and abs(float(img["top"]) - box[1]) < 2:
            best = max(best, img["srcsize"][0] / width_pt * 72)
    return best


def _ocr_words(page, images: list[dict], regions, where: str) -> list[Word]:
    from extractors.ocr import OCR_DPI, image_to_words

    words: list[Word] = []
    for box in regions:
        dpi = int(min(OCR_DPI, max(150, _native_dpi(images, box) or OCR_DPI)))
        image = page.crop(box, strict=False).to_image(resolution=dpi).original
        words += image_to_words(image, (box[0], box[1]), dpi, f"{where}, page {page.page_number}")
    return words


def pdf_to_document(path: Path) -> Document:
    """Parse every page of the PDF at `path` into a `Document`."""
    import pdfplumber

    path = Path(path)
    data_ok = path.stat().st_size > 0
    if not data_ok:
        raise ExtractionError("empty_file", f"{path.name}: the file is empty; replace it with the full PDF")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise ExtractionError("not_a_pdf", f"{path.name}: not a PDF (no %PDF header); check the file type")
    sha = file_sha256(path)
    pages: list[Page] = []
    try:
        with pdfplumber.open(path) as pdf:
            info = {k: _info_str(v) for k, v in (pdf.metadata or {}).items()}
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    chars, images = _page_objects(page)
                    words = _page_words(chars)
                    regions = _picture_regions(page, chars, images) if images else []
                    ocr = _ocr_words(page, images, regions, path.name) if regions else []
                    # Text drawn over a picture region is the picture's caption layer, if any: keep both.
                    words += ocr
                    pages.append(
                        Page(
                            number=number,
                            width=float(page.width),
                            height=float(page.height),
                            lines=tuple(words_to_lines(words)) if words else (),
                            char_count=len(chars) + sum(len(w.text) for w in ocr),
                            has_images=bool(images),
                            ocr_regions=tuple(regions),
                        )
                    )
                finally:
                    page.close()
    except ExtractionError:
        raise
    except Exception as exc:  # pdfplumber wraps pdfminer's many error types
        raise _to_extraction_error(path, exc) from exc
    return Document(sha256=sha, file_name=path.name, pages=tuple(pages), info=info)


def _to_extraction_error(path: Path, exc: Exception) -> Exception:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSEOF, PSException

    inner = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else exc
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
        return ExtractionError(
            "encrypted", f"{path.name}: the PDF is password-protected; supply an unprotected copy"
        )
    if isinstance(inner, (PDFSyntaxError, PSEOF, PSException)) or type(exc).__name__ == "PdfminerException":
        return ExtractionError("corrupt_pdf", f"{path.name}: the PDF is damaged or truncated; download it again")
    return exc


def _info_str(value) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1", "replace")
    return str(value)


# Colours for `page_to_png`, by kind of fact.
KIND_COLOURS = {
    "grade": (214, 39, 40),
    "area_for_improvement": (31, 119, 180),
    "footnote": (44, 160, 44),
    "headline_metric": (255, 127, 14),
    "overall_grade": (148, 103, 189),
}


def page_image(path: Path, page_number: int, resolution: int = 110):
    """The page drawn as an RGB PIL image at `resolution` dpi (for `peel debug-page`)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        if not 1 <= page_number <= len(pdf.pages):
            raise ExtractionError(
                "no_such_page", f"{Path(path).name}: page {page_number} does not exist (the PDF has {len(pdf.pages)} pages)"
            )
        page = pdf.pages[page_number - 1]
        try:
            return page.to_image(resolution=resolution).original.convert("RGB")
        finally:
            page.close()


def page_to_png(path: Path, page_number: int, boxes: list[tuple[tuple[float, float, float, float], str, str]],
                out: Path, resolution: int = 110) -> None:
    """Draw each (bbox, kind, label) over the page image and save it as PNG."""
    import pdfplumber
    from PIL import ImageDraw

    with pdfplumber.open(path) as pdf:
        if not 1 <= page_number <= len(pdf.pages):
            raise ExtractionError(
                "no_such_page", f"{Path(path).name}: page {page_number} does not exist (the PDF has {len(pdf.pages)} pages)"
            )
        page = pdf.pages[page_number - 1]
        image = page.to_image(resolution=resolution).original.convert("RGB")
        scale = resolution / 72
        draw = ImageDraw.Draw(image)
        for (x0, top, x1, bottom), kind, label in boxes:
            colour = KIND_COLOURS.get(kind, (0, 0, 0))
            rect = [x0 * scale - 2, top * scale - 2, x1 * scale + 2, bottom * scale + 2]
            draw.rectangle(rect, outline=colour, width=2)
            draw.text((rect[0], max(0, rect[1] - 11)), f"{kind}: {label}"[:60], fill=colour)
        page.close()
    image.save(out)
