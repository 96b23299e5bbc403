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
_SOFT_HYPHEN = "\u00ad"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _page_words(page) -> list[Word]:
    # Doubled "fake bold" glyphs are drawn twice at nearly the same spot.
    # (pdfplumber's dedupe_chars does the same but costs ~0.5 s a page.)
    seen: set[tuple] = set()
    doubles: set[int] = set()
    for ch in page.chars:
        key = (ch["text"], round(ch["x0"]), round(ch["top"]))
        if key in seen:
            doubles.add(id(ch))
        seen.add(key)
    if doubles:
        page = page.filter(lambda obj: id(obj) not in doubles)
    raw = page.extract_words(
        x_tolerance=1.5,
        y_tolerance=1.0,  # tight, so a raised superscript becomes its own word
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=["fontname", "size"],
        expand_ligatures=True,
    )
    words = []
    for w in raw:
        text = w["text"].replace(_SOFT_HYPHEN, "")
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


def pdf_to_document(path: Path) -> Document:
    """Parse every page of the PDF at `path` into a `Document`."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

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
                    words = _page_words(page)
                    pages.append(
                        Page(
                            number=number,
                            width=float(page.width),
                            height=float(page.height),
                            lines=tuple(words_to_lines(words)) if words else (),
                            char_count=len(page.chars),
                            has_images=bool(page.images),
                        )
                    )
                finally:
                    page.close()
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ExtractionError("encrypted", f"{path.name}: the PDF is encrypted; supply an unprotected copy") from exc
    except PDFSyntaxError as exc:
        raise ExtractionError("corrupt_pdf", f"{path.name}: the PDF is damaged or truncated ({exc}); download it again") from exc
    except ExtractionError:
        raise
    except Exception as exc:  # pdfminer raises many types on broken files
        if type(exc).__name__ in ("PdfminerException", "PSEOF", "PDFNoValidXRef"):
            raise ExtractionError("corrupt_pdf", f"{path.name}: the PDF is damaged or truncated; download it again") from exc
        raise
    return Document(sha256=sha, file_name=path.name, pages=tuple(pages), info=info)


def _info_str(value) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1", "replace")
    return str(value)
