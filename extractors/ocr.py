"""Read text that a PDF holds only as a picture, with Tesseract.

Tesseract (Debian package `tesseract-ocr`) is called as a program and its
TSV output turned into the same `Word`s the text layer gives, positioned in
PDF points and carrying their recognition confidence.  Font sizes are
estimated from each recognised line's height, so the size-relative rules
downstream (headings, large figures) work on pictures too.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from extractors.errors import ExtractionError
from extractors.model import Word

OCR_DPI = 300
# How tall a word's glyphs are, as a share of the font size, in common text
# fonts: lower-case letters reach the x-height (about 0.53 em); capitals,
# digits and ascenders add about 0.2 em; descenders add about 0.22 em.
_X_HEIGHT = 0.53
_ASCENT = 0.2
_DESCENT = 0.22
_ASCENDERS = set("bdfhiklt'\"!?/%#&()[]{}|")
_DESCENDERS = set("gjpqy,;()[]{}")


def _height_share(text: str) -> float:
    up = any(c.isupper() or c.isdigit() or c in _ASCENDERS for c in text)
    down = any(c in _DESCENDERS for c in text)
    return _X_HEIGHT + (_ASCENT if up else 0.0) + (_DESCENT if down else 0.0)


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


def image_to_words(image, origin: tuple[float, float], dpi: int, where: str) -> list[Word]:
    """OCR a PIL image whose top-left corner sits at `origin` (PDF points) on the page."""
    exe = tesseract_path()
    if exe is None:
        raise ExtractionError(
            "ocr_unavailable",
            f"{where} holds text only as a picture and needs OCR, but tesseract is not installed; "
            "install the Debian package tesseract-ocr (`make setup` does)",
        )
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "region.png"
        image.convert("L").save(png)
        done = subprocess.run(
            [exe, str(png), "stdout", "--dpi", str(dpi), "--psm", "11", "tsv"],
            capture_output=True, text=True, timeout=300,
        )
    if done.returncode != 0:
        raise ExtractionError("ocr_failed", f"{where}: tesseract failed ({done.stderr.strip()[:200]})")
    return tsv_to_words(done.stdout, origin, 72.0 / dpi)


def tsv_to_words(tsv: str, origin: tuple[float, float], scale: float) -> list[Word]:
    """Tesseract TSV rows -> Words in PDF points (pure, so tests can feed it text)."""
    rows = [r for r in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)]
    words = [r for r in rows if r.get("level") == "5" and (r.get("text") or "").strip() and float(r["conf"]) >= 0]
    lines: dict[tuple[str, str, str], list[dict]] = {}
    for r in words:
        lines.setdefault((r["block_num"], r["par_num"], r["line_num"]), []).append(r)
    out: list[Word] = []
    ox, oy = origin
    for members in lines.values():
        top = min(int(r["top"]) for r in members)
        bottom = max(int(r["top"]) + int(r["height"]) for r in members)
        # Each word's height says what size it is, given which of its letters rise or fall.
        # J and Q fall below the line in some fonts and not others: use them only if alone.
        sure = [r for r in members if not set(r["text"]) & set("JQ")] or members
        sizes = sorted(int(r["height"]) * scale / _height_share(r["text"]) for r in sure)
        size = round(sizes[(len(sizes) - 1) // 2], 2)
        for r in members:
            left, width = int(r["left"]), int(r["width"])
            out.append(
                Word(
                    text=r["text"].strip(),
                    x0=round(ox + left * scale, 2),
                    # Boxes span the line's glyphs: place words on a common baseline.
                    top=round(oy + top * scale, 2),
                    x1=round(ox + (left + width) * scale, 2),
                    bottom=round(oy + bottom * scale, 2),
                    size=size,
                    ocr_confidence=round(float(r["conf"]) / 100, 3),
                )
            )
    return out
