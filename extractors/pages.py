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


def _page_words(page) -> list[Word]:
    # "Fake bold" draws each glyph twice, a fraction of its width apart; a real
    # double letter ("ll") is a whole glyph width apart.  (pdfplumber's
    # dedupe_chars does this with a fixed tolerance and costs ~0.5 s a page.)
    doubles: set[int] = set()
    kept: dict[tuple, list[float]] = {}
    for ch in sorted(page.chars, key=lambda c: (c["text"], round(c["top"]), c["x0"])):
        key = (ch["text"], round(ch["top"]))
        xs = kept.setdefault(key, [])
        if xs and abs(ch["x0"] - xs[-1]) < max(1.0, 0.5 * (ch["x1"] - ch["x0"])):
            doubles.add(id(ch))
        else:
            xs.append(ch["x0"])
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
