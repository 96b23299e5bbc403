"""Give every line of a document a role: heading (with level), body, footnote or furniture.

All tests are relative to the document's body text size, found as the most
common size by character count, so they hold whatever fonts, margins or
page size a producer used.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from extractors.model import Document, Line, Page

HEADING_SIZE_RATIO = 1.1  # a line this much larger than body text is a heading
FOOTNOTE_SIZE_RATIO = 0.92  # footnote text is set smaller than body text
FURNITURE_BAND = 0.1  # running headers and footers sit in this top/bottom share of the page

_NUMERIC = re.compile(r"^[+\-−–]?\d[\d,.]*%?$")


@dataclass(frozen=True)
class TextLine:
    page: int
    line: Line
    role: str  # "heading" | "body" | "footnote" | "furniture"
    level: int = 0  # for headings: 1 is a part of the report, larger numbers are sub-headings

    @property
    def text(self) -> str:
        return self.line.text


@dataclass(frozen=True)
class Structure:
    document: Document
    body_size: float
    lines: tuple[TextLine, ...]  # in reading order, page by page

    def page_lines(self, page: int, role: str | None = None) -> list[TextLine]:
        return [t for t in self.lines if t.page == page and (role is None or t.role == role)]

    def headings(self, level: int | None = None) -> list[TextLine]:
        return [t for t in self.lines if t.role == "heading" and (level is None or t.level == level)]


def document_body_size(doc: Document) -> float:
    counts: Counter[float] = Counter()
    for page in doc.pages:
        for line in page.lines:
            counts[round(line.size * 2) / 2] += len(line.text)
    if not counts:
        return 0.0
    return counts.most_common(1)[0][0]


def _furniture(doc: Document) -> set[tuple[int, int]]:
    """Running headers, footers and page numbers: (page number, line index)."""
    keyed: dict[str, set[int]] = defaultdict(set)
    found: set[tuple[int, int]] = set()
    candidates: list[tuple[int, int, str]] = []
    for page in doc.pages:
        for i, line in enumerate(page.lines):
            in_band = line.bottom < page.height * FURNITURE_BAND or line.top > page.height * (1 - FURNITURE_BAND)
            if not in_band:
                continue
            text = line.raw_text.strip()
            if re.fullmatch(r"(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?", text, re.IGNORECASE):
                found.add((page.number, i))
                continue
            key = re.sub(r"\d+", "#", text.lower())
            keyed[key].add(page.number)
            candidates.append((page.number, i, key))
    repeat = max(3, int(0.4 * len(doc.pages)))
    for number, i, key in candidates:
        if len(keyed[key]) >= repeat:
            found.add((number, i))
    return found


def _footnote_zone(page: Page, body_size: float, furniture: set[tuple[int, int]]) -> set[int]:
    """Indexes of the lines in the block of small type at the foot of the page."""
    zone: set[int] = set()
    order = sorted(
        (i for i in range(len(page.lines)) if (page.number, i) not in furniture),
        key=lambda i: page.lines[i].top,
        reverse=True,
    )
    for i in order:
        line = page.lines[i]
        if all(w.is_marker for w in line.words):
            continue  # a footnote marker wrapped onto a line of its own belongs to the text above
        if line.size <= FOOTNOTE_SIZE_RATIO * body_size:
            zone.add(i)
        else:
            break
    # Whether the zone's lines really are footnotes (a number opens each, or one runs on
    # from the page before) is for the footnote extractor to decide.
    return zone


def document_to_structure(doc: Document) -> Structure:
    body = document_body_size(doc)
    furniture = _furniture(doc)
    heading_sizes: Counter[float] = Counter()
    roles: list[tuple[Page, int, str]] = []
    for page in doc.pages:
        zone = _footnote_zone(page, body, furniture)
        for i, line in enumerate(page.lines):
            if (page.number, i) in furniture:
                role = "furniture"
            elif i in zone:
                role = "footnote"
            elif _is_heading(line, body):
                role = "heading"
                if page.number > 1 and line.size >= HEADING_SIZE_RATIO * body:
                    heading_sizes[round(line.size * 2) / 2] += 1
            else:
                role = "body"
            roles.append((page, i, role))
    ranked = sorted(heading_sizes, reverse=True)
    lines: list[TextLine] = []
    for page, i, role in roles:
        line = page.lines[i]
        level = 0
        if role == "heading":
            size = round(line.size * 2) / 2
            level = ranked.index(size) + 1 if size in ranked else len(ranked) + 1
        lines.append(TextLine(page.number, line, role, level))
    return Structure(doc, body, tuple(lines))


def _is_heading(line: Line, body: float) -> bool:
    text = line.text
    if not text or all(_NUMERIC.match(w.text) for w in line.words):
        return False  # infographic figures are large but are not headings
    if line.size >= HEADING_SIZE_RATIO * body:
        return True
    # A short, wholly bold line at body size is a minor heading.
    return line.bold and line.size >= 0.95 * body and len(text) <= 120 and not text.endswith((".", ",", ";"))


@dataclass(frozen=True)
class HeadingBlock:
    """A heading with its wrapped lines joined."""

    page: int
    level: int
    text: str
    bbox: tuple[float, float, float, float]
    start: int  # index of its first line in Structure.lines
    end: int  # index after its last line


def heading_blocks(structure: Structure) -> list[HeadingBlock]:
    from extractors.model import union_bbox
    from extractors.text import join_lines

    blocks: list[HeadingBlock] = []
    raw: list[list[str]] = []  # each block's printed lines, joined afresh as lines are added
    for i, t in enumerate(structure.lines):
        if t.role != "heading":
            continue
        prev = blocks[-1] if blocks else None
        if (
            prev is not None
            and prev.end == i
            and prev.page == t.page
            and prev.level == t.level
            and 0 <= t.line.top - prev.bbox[3] < 0.8 * t.line.size
            and t.line.x0 < prev.bbox[2]
            and t.line.x1 > prev.bbox[0]
        ):
            raw[-1].append(t.text)
            blocks[-1] = HeadingBlock(
                prev.page, prev.level, join_lines(raw[-1]), union_bbox([prev.bbox, t.line.bbox]), prev.start, i + 1
            )
        else:
            raw.append([t.text])
            blocks.append(HeadingBlock(t.page, t.level, join_lines([t.text]), t.line.bbox, i, i + 1))
    return blocks
