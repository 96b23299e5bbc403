"""Load the page-model fixtures of tests/fixtures/pages/ (made by tests/fixtures/make_fixtures.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from extractors.model import Document, Page, dict_to_document

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def fixture_to_dict(name: str) -> dict:
    return json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))


def load_document(name: str) -> Document:
    """The fixture's pages, with blank pages standing in for those cut away.

    Extractors find page n at `document.pages[n - 1]`, as in a whole report, so a
    fixture of pages 5 and 6 is given empty pages 1 to 4 (no lines, so they change
    no size or role).
    """
    return document_to_padded(document_to_regrouped(dict_to_document(fixture_to_dict(name))))


def document_to_regrouped(doc: Document) -> Document:
    """The fixture's words grouped into lines afresh by today's rules.

    A fixture keeps the lines it was saved with; grouping its words again means a
    change to how lines are made is tested by every fixture, not only by new ones.
    """
    from extractors.lines import graphics_to_dividers, words_to_lines

    pages = []
    for page in doc.pages:
        words = [replace(w, superscript=False) for line in page.lines for w in line.words]
        lines = tuple(words_to_lines(words, graphics_to_dividers(page.graphics))) if words else ()
        pages.append(replace(page, lines=lines))
    return replace(doc, pages=tuple(pages))


def document_to_padded(doc: Document) -> Document:
    have = {p.number: p for p in doc.pages}
    first = doc.pages[0]
    pages = tuple(have.get(n) or Page(n, first.width, first.height, ()) for n in range(1, max(have) + 1))
    return replace(doc, pages=pages)


def page_without_lines(page: Page, drop) -> Page:
    """The page without the lines for which `drop(line)` is true (to build the broken case of a rule)."""
    return replace(page, lines=tuple(line for line in page.lines if not drop(line)))


def document_with_page(doc: Document, page: Page) -> Document:
    return replace(doc, pages=tuple(page if p.number == page.number else p for p in doc.pages))
