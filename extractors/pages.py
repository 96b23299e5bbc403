"""Read a PDF into the page model: PDFium first, pdfminer when PDFium cannot.

Each page is parsed once and closed straight after, so memory stays flat on
long documents.  Both parsers give the same records (characters, shapes,
pictures); everything after this module is pure and does not know which one
read the page.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from extractors.errors import ExtractionError
from extractors.lines import graphics_to_bullets, graphics_to_dividers, words_to_lines
from extractors.model import Document, Graphic, Page, Picture, Word
from extractors.unmapped_glyphs import (
    UNMAPPED,
    GlyphReading,
    chars_to_samples,
    chars_with_glyph_texts,
    samples_to_glyph_texts,
)

PARSERS = ("pdfium", "pdfplumber")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# A picture this large (share of the page) with hardly any text over it holds
# its text only as pixels, and is read by OCR.
OCR_MIN_AREA = 0.04
OCR_MAX_CHARS_INSIDE = 20


def _picture_regions(width: float, height: float, chars: list[list], pictures: list[Picture]):
    regions = []
    area = width * height
    for pic in pictures:
        x0, top = max(0.0, pic.x0), max(0.0, pic.top)
        x1, bottom = min(width, pic.x1), min(height, pic.bottom)
        if x1 <= x0 or bottom <= top or (x1 - x0) * (bottom - top) < OCR_MIN_AREA * area:
            continue
        inside = sum(
            1 for text, cx0, cx1, ctop, cbottom, _ in chars
            if not text.isspace() and x0 <= (cx0 + cx1) / 2 <= x1 and top <= (ctop + cbottom) / 2 <= bottom
        )
        if inside <= OCR_MAX_CHARS_INSIDE:
            regions.append((x0, top, x1, bottom))
    return regions


def _native_dpi(pictures: list[Picture], box) -> float:
    """The resolution the picture was stored at: reading it finer only costs time."""
    best = 0.0
    for pic in pictures:
        width_pt = pic.x1 - pic.x0
        if width_pt > 0 and abs(pic.x0 - box[0]) < 2 and abs(pic.top - box[1]) < 2:
            best = max(best, pic.pixel_width / width_pt * 72)
    return best


def _render_region(path: Path, page_number: int, box, dpi: int):
    """The part `box` of a page as a PIL image: the whole page drawn by PDFium without
    anti-aliasing (crisper edges read better), then cut out."""
    from extractors.pdfium import open_pdf

    pdf = open_pdf(path)
    try:
        page = pdf[page_number - 1]
        image = page.render(scale=dpi / 72, no_smoothtext=True, no_smoothpath=True, no_smoothimage=True,
                            prefer_bgrx=True).to_pil().convert("RGB")
        page.close()
    finally:
        pdf.close()
    scale = dpi / 72
    x0, top, x1, bottom = box
    return image.crop((int(x0 * scale), int(top * scale), int(x1 * scale), int(bottom * scale)))


def _ocr_words(path: Path, page_number: int, pictures: list[Picture], regions) -> tuple[list[Word], list[Graphic]]:
    """The words read by OCR from each picture region, and the rules drawn in it."""
    from extractors.ocr import OCR_DPI, image_to_rules, image_to_words

    words: list[Word] = []
    rules: list[Graphic] = []
    for box in regions:
        dpi = int(min(OCR_DPI, max(150, _native_dpi(pictures, box) or OCR_DPI)))
        image = _render_region(path, page_number, box, dpi)
        words += image_to_words(image, (box[0], box[1]), dpi, f"{path.name}, page {page_number}")
        rules += image_to_rules(image, (box[0], box[1]), dpi)
    return words, rules


def _read_unmapped_glyphs(path: Path, number: int, size: tuple[float, float], chars: list[list],
                          glyphs: GlyphReading) -> list[list]:
    """The page's characters, each glyph with no text given the text OCR reads in its words."""
    from extractors.ocr import OCR_DPI, pictures_to_texts, tesseract_path

    samples = chars_to_samples(chars, glyphs.settled())
    if samples and tesseract_path() is None:
        raise ExtractionError(
            "ocr_unavailable",
            f"{path.name}, page {number} prints characters its PDF gives no text for, which only OCR can read, "
            "but tesseract is not installed; install the Debian package tesseract-ocr (`make setup` does)",
        )
    if samples:
        image = _render_region(path, number, (0.0, 0.0, *size), OCR_DPI)
        scale, pad = OCR_DPI / 72, 2.0
        cuts = [image.crop((int((x0 - pad) * scale), int((top - pad) * scale),
                            int((x1 + pad) * scale), int((bottom + pad) * scale)))
                for x0, top, x1, bottom in (s.box for s in samples)]
        where = f"{path.name}, page {number}"
        found = samples_to_glyph_texts(samples, pictures_to_texts(cuts, OCR_DPI, where))
        # Tesseract lays a page out before it reads it: a word it passed over among many is
        # read again among the few whose glyphs are still unread.
        again = [k for k, s in enumerate(samples) if s.key not in found]
        if again and len(again) < len(samples):
            found.update(samples_to_glyph_texts([samples[k] for k in again],
                                                pictures_to_texts([cuts[k] for k in again], OCR_DPI, where)))
        glyphs.learn(samples, found)
    return chars_with_glyph_texts(chars, glyphs.known)


def _on_text_word(w: Word, words: list[Word]) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return any(t.x0 <= cx <= t.x1 and t.top <= cy <= t.bottom for t in words)


def objects_to_page(path: Path, number: int, width: float, height: float, chars: list[list],
                    graphics: list[Graphic], pictures: list[Picture], glyphs: GlyphReading | None = None) -> Page:
    """The page model of one page from its parser's records (`extractors.plumber.Char`, `Graphic`, `Picture`).

    `glyphs`: what the document's pages before taught of glyphs the PDF gives no text for
    (`extractors.unmapped_glyphs`), added to here.
    """
    from extractors.plumber import chars_to_words

    if glyphs is not None and any(c[0] == UNMAPPED for c in chars):
        chars = _read_unmapped_glyphs(path, number, (width, height), chars, glyphs)
    words = chars_to_words(chars)
    words += graphics_to_bullets(graphics, words)
    regions = _picture_regions(width, height, chars, pictures) if pictures else []
    ocr, drawn = _ocr_words(path, number, pictures, regions) if regions else ([], [])
    # A picture's borders and rules join the page's graphics: they part columns and cells as
    # vector rules do.
    graphics = graphics + drawn
    # Text drawn over a picture region (a caption layer, or a page number printed where a
    # picture runs into the footer) is read from the text layer; OCR reads it again from the
    # rendered region, so an OCR word lying on a text-layer word is that word, kept once.
    ocr = [w for w in ocr if not _on_text_word(w, words)]
    words += ocr
    return Page(
        number=number,
        width=round(width, 2),
        height=round(height, 2),
        lines=tuple(words_to_lines(words, graphics_to_dividers(graphics))) if words else (),
        char_count=sum(1 for c in chars if not c[0].isspace()) + sum(len(w.text) for w in ocr),
        has_images=bool(pictures),
        ocr_regions=tuple(regions),
        graphics=tuple(graphics),
        pictures=tuple(pictures),
    )


def pdf_to_document(path: Path, parser: str = "pdfium") -> Document:
    """Parse every page of the PDF at `path` into a `Document`.

    PDFium reads first.  A file it cannot open, or a page it cannot load, is read
    again by pdfminer; when the two disagree on how many pages there are, the
    report is not read in part: it is refused as `pages_unreadable`.
    """
    path = Path(path)
    if parser not in PARSERS:
        raise ValueError(f"parser must be one of {PARSERS}")
    if path.stat().st_size == 0:
        raise ExtractionError("empty_file", f"{path.name}: the file is empty (0 bytes); replace it with the full PDF")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise ExtractionError("not_a_pdf", f"{path.name}: not a PDF (no %PDF header); check the file type")
    sha = file_sha256(path)
    damage = compressed_stream_damage(path)
    if damage:
        # Both parsers read round a damaged stream and go on with what is left: the text lost
        # with it would go missing without a trace, so the file is refused as it is.
        raise ExtractionError("corrupt_pdf", f"{path.name}: {damage}; the file is damaged, download it again")
    if parser == "pdfplumber":
        return _read_with_pdfminer(path, sha)
    try:
        return _read_with_pdfium(path, sha)
    except _PdfiumCannotRead as why:
        try:
            doc = _read_with_pdfminer(path, sha)
        except ExtractionError as second:
            if why.password:
                raise ExtractionError(
                    "encrypted", f"{path.name}: the PDF is password-protected; supply an unprotected copy"
                ) from None
            raise second from None
        if why.page_count is not None and why.page_count != len(doc.pages):
            raise ExtractionError(
                "pages_unreadable",
                f"{path.name}: PDFium finds {why.page_count} pages and pdfminer {len(doc.pages)} "
                f"({why.detail}); the file is damaged, download it again",
            ) from None
        return doc


_FILTERED_STREAM = re.compile(rb"/Filter\s*(\[[^\]]*\]|/\w+)[^>]*?>>\s*stream\r?\n", re.DOTALL)
_TEXT_FILTERS = (b"ASCII85Decode", b"ASCIIHexDecode")


def _undo_text_filter(name: bytes, data: bytes) -> bytes:
    import binascii

    body = re.sub(rb"\s", b"", data)
    if name == b"ASCII85Decode":
        body = body.removeprefix(b"<~")
        return _a85decode(body[: body.find(b"~>")] if b"~>" in body else body)
    return binascii.unhexlify(body.split(b">")[0] + (b"0" if len(body.split(b">")[0]) % 2 else b""))


# The value of each ASCII85 digit ("!" to "u": 0 to 84); 255 for every other byte.
_A85_DIGITS = bytes(c - 33 if 33 <= c <= 117 else 255 for c in range(256))


def _a85decode(body: bytes) -> bytes:
    """`base64.a85decode(body)` of ASCII85 without whitespace, five digits at a time.

    base64 decodes byte by byte in Python, and reportlab writes every content stream in
    ASCII85: that was most of the damage check's time.  Whatever is not plain groups of
    digits (a "z" for four zero bytes, a byte that is no digit, a group over 2**32) is
    left to base64, which decodes it, or raises the same error as it always did.
    """
    import base64
    import struct

    digits = body.translate(_A85_DIGITS)
    if b"\xff" in digits:
        return base64.a85decode(body)
    pad = -len(digits) % 5
    digits += b"\x54" * pad  # a last short group is filled out with "u" (84), as base64 does
    columns = (digits[k::5] for k in range(5))  # the first digits of every group, the second ...
    groups = [(((a * 85 + b) * 85 + c) * 85 + d) * 85 + e for a, b, c, d, e in zip(*columns)]
    try:
        decoded = struct.pack(f">{len(groups)}I", *groups)
    except struct.error:
        return base64.a85decode(body)
    return decoded[: len(decoded) - pad]


def compressed_stream_damage(path: Path) -> str | None:
    """What is wrong with the first Flate-compressed stream that does not decompress, or None.

    pdfminer only logs "data-loss while decompressing corrupted data" and PDFium says
    nothing; a stream that zlib cannot inflate to its end has lost part of a page.
    Streams encoded as text first (ASCII85, hex: reportlab's habit) are decoded first;
    a stream behind any other filter, or in an encrypted file, is not judged.
    """
    import zlib

    data = Path(path).read_bytes()
    if b"/Encrypt" in data:
        return None  # encrypted streams are ciphertext until a parser decrypts them
    for m in _FILTERED_STREAM.finditer(data):
        filters = re.findall(rb"/(\w+)", m.group(1))
        if b"FlateDecode" not in filters or any(f not in _TEXT_FILTERS for f in filters[: filters.index(b"FlateDecode")]):
            continue
        end = data.find(b"endstream", m.end())
        if end < 0:
            return f"a compressed stream at byte {m.start()} has no end"
        body = data[m.end():end]
        inflater = zlib.decompressobj()
        try:
            for name in filters[: filters.index(b"FlateDecode")]:
                body = _undo_text_filter(name, body)
            # A megabyte at a time, kept nowhere: a stream that inflates a thousandfold costs
            # time here, never memory.
            while body and not inflater.eof:
                inflater.decompress(body, 1 << 20)
                body = inflater.unconsumed_tail
        except (zlib.error, ValueError) as exc:
            return f"the compressed stream at byte {m.end()} does not decompress ({exc})"
        if not inflater.eof:
            return f"the compressed stream at byte {m.end()} stops short of its end"
    return None


def _objects_to_pages(path: Path, objects) -> list[Page]:
    """The page models of a document from each page's parser records, in page order
    ((number, width, height, chars, graphics, pictures), pages closed by the parser as it goes).

    A page whose glyphs with no text OCR could not settle waits with its characters: a page
    after it may teach them (one misreading among a cover's words, "proporttons", leaves the
    cover's "ti" unsettled, the next page reads it four times alike), and it is built again
    with what was taught.
    """
    glyphs = GlyphReading()
    pages: list[Page] = []
    waiting: list[tuple[int, tuple]] = []
    for number, width, height, chars, graphics, pictures in objects:
        pages.append(objects_to_page(path, number, width, height, chars, graphics, pictures, glyphs))
        if glyphs.may_yet_learn(chars):
            waiting.append((len(pages) - 1, (number, width, height, chars, graphics, pictures)))
    for index, (number, width, height, chars, graphics, pictures) in waiting:
        if glyphs.knows_any(chars):
            pages[index] = objects_to_page(path, number, width, height, chars_with_glyph_texts(chars, glyphs.known),
                                           graphics, pictures)
    return pages


class _PdfiumCannotRead(Exception):
    def __init__(self, detail: str, password: bool = False, page_count: int | None = None) -> None:
        super().__init__(detail)
        self.detail, self.password, self.page_count = detail, password, page_count


def _read_with_pdfium(path: Path, sha: str) -> Document:
    import pypdfium2

    from extractors.pdfium import document_info, open_pdf, page_objects

    try:
        pdf = open_pdf(path)
    except pypdfium2.PdfiumError as exc:
        password = getattr(exc, "err_code", None) == 4  # FPDF_ERR_PASSWORD
        raise _PdfiumCannotRead(str(exc), password=password) from None
    try:
        count = len(pdf)
        if count == 0:
            raise _PdfiumCannotRead("PDFium finds no pages", page_count=0)
        info = document_info(pdf)

        def objects():
            for index in range(count):
                try:
                    page = pdf[index]
                except pypdfium2.PdfiumError as exc:
                    raise _PdfiumCannotRead(f"page {index + 1}: {exc}", page_count=count) from None
                try:
                    yield (index + 1, *page_objects(page))
                finally:
                    page.close()

        pages = _objects_to_pages(path, objects())
        return Document(sha256=sha, file_name=path.name, pages=tuple(pages), info=info, parser="pdfium")
    finally:
        pdf.close()


def _read_with_pdfminer(path: Path, sha: str) -> Document:
    from extractors.plumber import open_pdf, page_objects, pdfminer_errors

    password_errors, damage_errors = pdfminer_errors()
    def objects(pdf):
        for number, page in enumerate(pdf.pages, start=1):
            try:
                yield (number, *page_objects(page))
            finally:
                page.close()

    try:
        with open_pdf(path) as pdf:
            info = {k: _info_str(v) for k, v in (pdf.metadata or {}).items()}
            pages = _objects_to_pages(path, objects(pdf))
    except ExtractionError:
        raise
    except Exception as exc:  # pdfplumber wraps pdfminer's many error types
        inner = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else exc
        if isinstance(inner, password_errors):
            raise ExtractionError(
                "encrypted", f"{path.name}: the PDF is password-protected; supply an unprotected copy"
            ) from exc
        raise ExtractionError(
            "corrupt_pdf",
            f"{path.name}: the PDF is damaged or truncated and neither PDFium nor pdfminer can read it "
            f"({type(inner).__name__}); download it again",
        ) from exc
    if not pages:
        raise ExtractionError("no_pages", f"{path.name}: neither PDFium nor pdfminer finds a page in it; download it again")
    return Document(sha256=sha, file_name=path.name, pages=tuple(pages), info=info, parser="pdfminer")


def _info_str(value) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1", "replace")
    return str(value)


def page_image(path: Path, page_number: int, resolution: int = 110):
    """The page drawn as an RGB PIL image at `resolution` dpi (for `peel debug-page`)."""
    from extractors.pdfium import open_pdf

    pdf = open_pdf(path)
    try:
        if not 1 <= page_number <= len(pdf):
            raise ExtractionError(
                "no_such_page", f"{Path(path).name}: page {page_number} does not exist (the PDF has {len(pdf)} pages)"
            )
        page = pdf[page_number - 1]
        try:
            return page.render(scale=resolution / 72).to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        pdf.close()
