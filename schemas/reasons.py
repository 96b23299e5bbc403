"""Every reason code a file can end with, in one place.

The flow, the loader, the README and the tests read this registry, so a code
cannot be raised in one place and unknown in another.  QUARANTINE codes are
written to `quarantine.reason_code` (and `source_files.reason_code`); SKIP codes
describe a file that was not read this run, on purpose.
"""

from __future__ import annotations

import os

QUARANTINE: dict[str, str] = {
    "empty_file": "the file is empty (0 bytes)",
    "not_a_pdf": "no %PDF header",
    "corrupt_pdf": "damaged or truncated",
    "pages_unreadable": "PDFium and pdfminer disagree on the number of pages",
    "no_pages": "the PDF has no page",
    "encrypted": "needs a password to open; permission-only encryption is read normally",
    "unreadable_scan": "pictures in which OCR found no text",
    "no_text": "no text and no pictures of text",
    "ocr_unavailable": "tesseract missing",
    "ocr_failed": "tesseract failed on a picture",
    "not_a_peel_report": "no PEEL title on the cover",
    "unknown_format": "a PEEL title of no generation declared in schemas/layouts/",
    "incomplete_extraction": "read in part: a completeness check failed",
    "validation_failed": "read, but an error-level check failed (see validation_results)",
    "inferior_copy": "same report as a loaded file, with fewer facts of some kind",
    "too_complex": "nested too deeply to read (RecursionError)",
    "too_large": "reading it took longer or more memory than the per-file bound",
    "vanished": "the file (or a link's target) disappeared before it could be read",
    "symlink_loop": "a symbolic link that points back at itself",
    "unreadable_name": "the file name is not valid UTF-8",
    "unreadable_file": "the operating system refused to read it (permissions, I/O error)",
    "internal_error": "a fault in peel-etl while handling this file (exception class and message)",
}

SKIP: dict[str, str] = {
    "already_loaded": "loaded before by the same extractor version",
    "already_quarantined": "quarantined before by the same extractor version",
    "duplicate": "the same bytes as a file loaded under another name",
    "not_selected": "outside the years, forces or pillars asked for",
    "outside_source": "a symbolic link to a place outside --source (not followed)",
    "linked_folder": "a symbolic link to a folder inside --source (its files are read where they are)",
}

REASONS: dict[str, str] = {**QUARANTINE, **SKIP}


def exception_to_reason(exc: BaseException, path: str | None = None) -> tuple[str, str]:
    """(reason code, one-line detail) for an exception raised while reading one file.

    The detail never spans lines: it ends up in the summary and the logs, one line per file.
    """
    if isinstance(exc, RecursionError):
        return "too_complex", "nested too deeply to read (RecursionError)"
    if isinstance(exc, MemoryError):
        return "too_large", "ran out of memory reading it (MemoryError)"
    if isinstance(exc, FileNotFoundError) and path is not None and not os.path.lexists(path):
        return "vanished", "the file disappeared while it was being read"
    if isinstance(exc, UnicodeError) and path is not None and has_unreadable_name(path):
        return "unreadable_name", "the file name is not valid UTF-8; rename it"
    return "internal_error", f"{type(exc).__name__}: {first_line(str(exc))}"


def first_line(text: str, limit: int = 300) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return printable(line[:limit])


def has_unreadable_name(name: str) -> bool:
    """True when `name` carries bytes that are not UTF-8 (decoded by os.fsdecode as surrogates)."""
    return any("\udc80" <= ch <= "\udcff" for ch in name)


def printable(text: str) -> str:
    """`text` with every byte that is not valid UTF-8 and every control character escaped.

    A file name with a newline must not forge a second line in a summary or a log, and
    one with invalid UTF-8 must still be written (as text) to the warehouse.
    """
    out = []
    for ch in text:
        if "\udc80" <= ch <= "\udcff":  # a raw byte kept by surrogateescape
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)
