"""A sixth producer, and a careless one: the Word document of `renderers.word_document`
printed by AbiWord (`abiword --to=pdf`), a word processor with a layout engine of its own
(PDF through cairo) that no rule was written against.

AbiWord's .docx import loses much of the document's look, and what it prints is what an
unseen word processor may do to a report:
- footnote marks print on the baseline in body type ("from 20162 remain", "acute.1 Under"),
  so a mark and the number before it cannot be told apart;
- list bullets are dropped, and so is the space after each paragraph: a list prints as
  plain lines, one item a paragraph;
- cell fills and white grades, the running header, "page break before" and "different
  first page" are lost; a panel's figures may be clipped by their cell;
- a TOC field prints its cached entries, and cairo writes no outline to read the pages
  headings fell on from, so no AbiWord printing has a contents page.

So an AbiWord printing is not held to every fact: the promise it is held to is the one
every unreadable printing is held to, that the report is read right or quarantined, never
loaded wrong (`python -m renderers.fuzz --producer abiword`).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from renderers.printings import PrintingStyle
from renderers.source_text import ReportSource
from renderers.word_document import printing_to_docx, style_to_word_style


def style_to_abiword_style(style: PrintingStyle) -> PrintingStyle:
    """The seed's Word document, printed by AbiWord; without a contents page (see above)."""
    return replace(style_to_word_style(style), producer="abiword", contents=False)


def abiword() -> str | None:
    return shutil.which("abiword")


def docxs_to_pdfs_by_abiword(jobs: list[tuple[ReportSource, PrintingStyle, Path]]) -> list[int]:
    """Print each report's .docx with AbiWord; returns each one's page count."""
    from renderers.chromium import pdf_to_page_count

    exe = abiword()
    if exe is None:
        raise RuntimeError("AbiWord is not installed; `make test` installs the Debian package abiword")
    counts = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, (src, style, out) in enumerate(jobs):
            docx = Path(tmp) / f"d{k}.docx"
            printing_to_docx(src, style, docx)
            out.parent.mkdir(parents=True, exist_ok=True)
            # AbiWord writes its settings under HOME: one of its own, so that runs in parallel do not clash.
            subprocess.run([exe, "--to=pdf", "-o", str(out), str(docx)], check=True, capture_output=True,
                           timeout=300, env={"HOME": tmp, "PATH": "/usr/bin:/bin"})
            counts.append(pdf_to_page_count(out))
    return counts
