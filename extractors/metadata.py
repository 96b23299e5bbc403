"""Report metadata from the cover page: title, force, pillar, year, month published, ISBN."""

from __future__ import annotations

import re

from extractors.structure import Structure
from extractors.text import join_lines
from schemas.forces import name_to_force
from schemas.layouts import title_to_layout
from schemas.records import ReportMeta
from schemas.vocab import MONTHS

_FORCE = re.compile(r"^An?\s+inspection\s+of\s+(?:the\s+)?(?P<force>.+?)\s*$", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"^(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>20\d\d)$")
_SYNTHETIC = re.compile(r"\bsynthetic\b", re.IGNORECASE)
_ISBN = re.compile(r"ISBN:?\s*(?P<isbn>97[89][\d\-‐ ]{10,16}\d)")


def _cover_blocks(structure: Structure) -> list[tuple[float, str]]:
    """Cover lines with wrapped lines of the same size joined: (size, text)."""
    blocks: list[tuple[float, str, float]] = []  # size, text, bottom
    for t in structure.page_lines(1):
        line = t.line
        gap = line.top - blocks[-1][2] if blocks else 0.0
        if blocks and abs(blocks[-1][0] - line.size) < 0.05 * line.size and (
                gap < 0.6 * line.size or structure.follows_on(gap, line.size)):
            size, text, _ = blocks[-1]
            blocks[-1] = (size, f"{text}\n{line.text}", line.bottom)
        else:
            blocks.append((line.size, line.text, line.bottom))
    return [(s, join_lines(t.split("\n"))) for s, t, _ in blocks]


def structure_to_report_meta(structure: Structure) -> ReportMeta:
    doc = structure.document
    blocks = _cover_blocks(structure) if doc.pages else []
    pillar = year = force = published = isbn = generation = None
    # The title is the largest cover text a generation's layout recognises as one: a cover
    # may open with larger type that is no title (the inspectorate's name or device in a
    # banner, a partner's logo). A short title ("PEEL 2021/22") may continue in the next
    # cover block ("Police effectiveness, efficiency and legitimacy"). With none recognised,
    # the largest text is what the cover offers as its title.
    title = max(blocks, key=lambda b: b[0])[1] if blocks else None
    by_size = sorted(range(len(blocks)), key=lambda k: -blocks[k][0])
    for k in by_size:
        text = blocks[k][1]
        candidates = [text] + ([f"{text} {blocks[k + 1][1]}"] if k + 1 < len(blocks) else [])
        match = next((m for c in candidates if (m := title_to_layout(c)) is not None), None)
        if match is not None:
            title, pillar, year, generation = text, match.pillar, match.year, match.layout.id
            break
    for _, text in blocks:
        if force is None and (m := _FORCE.match(text)):
            force = m.group("force")
        if published is None and (m := _MONTH_YEAR.match(text)):
            published = f"{m.group('year')}-{MONTHS.index(m.group('month')) + 1:02d}"
        if isbn is None and (m := _ISBN.search(text)):
            isbn = re.sub(r"[‐ ]", "-", m.group("isbn"))
    return ReportMeta(
        title=title,
        force=force,
        pillar=pillar,
        year=year,
        published=published,
        isbn=isbn,
        sha256=doc.sha256,
        pages=len(doc.pages),
        file_name=doc.file_name,
        force_id=(f.force_id if (f := name_to_force(force)) else None),
        generation=generation,
        # Test corpora mark themselves so that they are never compared with published grades.
        synthetic=any(_SYNTHETIC.search(text) for _, text in blocks)
        or any(_SYNTHETIC.search(str(v)) for k, v in doc.info.items() if k in ("Title", "Subject", "Keywords")),
    )
