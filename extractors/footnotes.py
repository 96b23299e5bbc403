"""Footnotes: numbered through the whole report, printed in small type at the page foot.

A footnote starts with the next expected number, so a footnote whose text
opens with a figure ("60 case files ...") is not mistaken for a new one,
and the lines that open a page's footnote zone without a number continue the
last footnote of the page before.
"""

from __future__ import annotations

from collections import defaultdict

from extractors.model import union_bbox
from extractors.structure import Structure
from extractors.text import join_lines
from schemas.records import Finding, Footnote


def structure_to_footnotes(structure: Structure, vocabulary: frozenset[str]) -> tuple[list[Footnote], list[Finding]]:
    findings: list[Finding] = []
    referenced: dict[int, set[int]] = defaultdict(set)
    for t in structure.lines:
        if t.role in ("body", "heading"):
            for n in t.line.markers:
                referenced[n].add(t.page)

    notes: list[dict] = []  # number, lines, page, boxes
    expected = 1
    open_page = None  # page of the last footnote line read
    for page in structure.document.pages:
        zone = structure.page_lines(page.number, "footnote")
        zone.sort(key=lambda t: t.line.top)
        # Only a footnote that ran to the foot of the previous page can continue here.
        current = notes[-1] if notes and open_page == page.number - 1 else None
        for t in zone:
            words = t.line.words
            first = words[0].text if words else ""
            number = _leading_number(first)
            if number is not None and number >= expected and number <= expected + 2 and (words[0].superscript or len(words) > 1):
                if number != expected:
                    findings.append(Finding("footnote_gap", f"footnote {expected} is missing before {number}", page.number))
                text = t.line.text if words[0].is_marker else t.line.text[len(first):]
                current = {"number": number, "lines": [text], "page": page.number, "boxes": [t.line.bbox]}
                notes.append(current)
                expected = number + 1
            elif current is not None:
                current["lines"].append(t.line.text)
                if current["page"] == page.number:
                    current["boxes"].append(t.line.bbox)
            else:
                continue  # small type with no number and nothing to continue is not a footnote
            open_page = page.number
    footnotes = [
        Footnote(
            number=n["number"],
            text=join_lines(n["lines"], vocabulary),
            page=n["page"],
            bbox=union_bbox(n["boxes"]),
            referenced_on=tuple(sorted(referenced.get(n["number"], ()))),
        )
        for n in notes
    ]
    for n in sorted(set(referenced) - {f.number for f in footnotes}):
        findings.append(Finding("marker_without_footnote", f"footnote marker {n} has no footnote text", min(referenced[n])))
    return footnotes, findings


def _leading_number(token: str) -> int | None:
    digits = ""
    for ch in token:
        if ch.isdigit():
            digits += ch
        else:
            break
    return int(digits) if digits and len(digits) <= 3 else None
