"""Footnotes: numbered through the whole report, printed in small type at the page foot.

A footnote starts with the next expected number, so a footnote whose text
opens with a figure ("60 case files ...") is not mistaken for a new one,
and the lines that open a page's footnote zone without a number continue the
last footnote of the page before.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from extractors.model import Line, union_bbox
from extractors.structure import Structure, TextLine, side_by_side, unbracketed_note_number
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
    unread: dict[int, list[str]] = defaultdict(list)  # page -> lines of its notes read into no note
    expected = 1
    symbol_note, symbol_page = False, 0
    open_page = None  # page of the last footnote line read
    for page in structure.document.pages:
        zone = rows_to_lines(structure.page_lines(page.number, "footnote"))
        # Only a footnote that ran to the foot of the previous page can continue here.
        current = notes[-1] if notes and open_page == page.number - 1 else None
        previous_text = ""
        # The lines read last open with a symbol, not a number (on this page, or ending the page before).
        symbol_note = symbol_note and symbol_page == page.number - 1
        for k, t in enumerate(zone):
            words = t.line.words
            printed = words[0].text if words else ""
            # "1.", "1)", "(1)", "[1]" and "1" all number a footnote; a tab after the number is a gap in the line.
            first = unbracketed_note_number(printed)
            bare = first[:-1] if len(first) > 1 and first[-1] in ".)" and first[:-1].isdigit() else first
            number = _leading_number(bare, expected)
            starts = number is not None
            text = t.line.text if (words and words[0].is_marker) else t.line.text[len(printed):]
            if starts and len(bare) > len(str(number)):
                # The number printed against the text with no space: "1Full details", "2660 case".
                rest = bare[len(str(number)):]
                # After a finished sentence a glued number opens the next note; after a web address
                # broken at "/", digits carry on the address ("how-we-inspect/" + "2017-peel-...").
                ended = not previous_text or previous_text.rstrip().endswith((".", ")", ":"))
                opens_note = ended or ("/" in previous_text.split()[-1] and not previous_text.rstrip().endswith("/"))
                if rest[0].isdigit() and not opens_note:
                    starts = False  # more likely a figure continuing the last footnote
                elif rest[0].isdigit() and bare == first and not referenced.get(number):
                    # "15 Following ...": a whole number, and no mark in the body calls for note 1,
                    # so it is note 15 (and the notes before it were not read), not "1" against "5 ...";
                    # unless a mark calls for a longer part of it ("2660 case files": note 26,
                    # marked in the body, against "60 case files").
                    marked = [n for n in referenced if bare.startswith(str(n)) and len(bare) > len(str(n))]
                    number = max(marked) if marked else int(bare)
                    if marked:
                        text = bare[len(str(number)):] + t.line.text[len(printed):]
                        findings.append(Finding("footnote_number_glued",
                                                f"footnote {number} is printed against its text ({printed!r})", page.number))
                elif number == expected:
                    text = rest + t.line.text[len(printed):]
                    findings.append(Finding("footnote_number_glued", f"footnote {number} is printed against its text ({printed!r})", page.number))
                else:
                    starts = False
            elif starts and not (words[0].superscript or len(words) > 1):
                # A number alone on its line (the text after its tab wrapped to the next line):
                # the note expected, when the note before has ended its sentence and the line
                # under it opens with a capital; else a number the note before runs on to.
                below = zone[k + 1].line.text if k + 1 < len(zone) else ""
                starts = (number == expected and bare == str(number) and below[:1].isupper()
                          and (not previous_text or previous_text.rstrip().endswith((".", ")"))))
            previous_text = t.line.text
            if starts:
                symbol_note = False
                # "1. Text" printed with the stop apart from the number, or "1]" with the bracket
                # before it lost: the stop and the bracket are no text.
                text = text.lstrip()
                text = text.lstrip(" .)]") if text[:1] in ".)]" else text
                if number != expected:
                    findings.append(Finding("footnote_gap", f"footnote {expected} is missing before {number}", page.number))
                current = {"number": number, "lines": [text], "page": page.number, "boxes": [t.line.bbox]}
                notes.append(current)
                expected = number + 1
            elif current is not None:
                current["lines"].append(t.line.text)
                if current["page"] == page.number:
                    current["boxes"].append(t.line.bbox)
            else:
                # Small type with no number and nothing to continue is no footnote read: lost,
                # unless it is a note marked with a symbol ("*Figures are shown as ..."), and
                # its lines, which belong to no numbered note.
                symbol_note = symbol_note or t.line.text.lstrip().startswith(("*", "\u2020"))
                if symbol_note:
                    symbol_page = page.number
                else:
                    unread[page.number].append(t.line.text)
                continue
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
    for page_number, texts in sorted(unread.items()):
        # Lines of the page's notes read into no note: notes whose numbers were not seen.
        findings.append(Finding("footnote_line_unread", f"{len(texts)} line(s) of the notes on page {page_number} "
                                f"are in no footnote ('{texts[0][:60]}')", page_number))
    for n in sorted(set(referenced) - {f.number for f in footnotes}):
        findings.append(Finding("marker_without_footnote", f"footnote marker {n} has no footnote text", min(referenced[n])))
    return footnotes, findings


def rows_to_lines(zone: list[TextLine]) -> list[TextLine]:
    """The notes' lines, top to bottom, those printed side by side on one row joined into
    one line, left to right.

    A producer that drops the footnote style's superscript prints a note's number in body
    type, and may set an italic title inside a note in body type too: larger than the
    note's text, on a baseline of its own, level with the row or a little below it.  Read
    by their tops alone, "The" at the end of a row would open it ("The counter them ...").
    """
    rows: list[list[TextLine]] = []
    for t in sorted(zone, key=lambda t: t.line.top):
        row = next((r for r in rows if all(side_by_side(u.line, t.line) for u in r)), None)
        if row is None:
            rows.append([t])
        else:
            row.append(t)
    lines = []
    for row in rows:
        if len(row) == 1:
            lines.append(row[0])
            continue
        row.sort(key=lambda t: t.line.x0)
        main = max(row, key=lambda t: sum(len(w.text) for w in t.line.words)).line
        words = tuple(w for t in row for w in t.line.words)
        lines.append(replace(row[0], line=Line(words, main.size, all(t.line.bold for t in row))))
    return lines


def _leading_number(token: str, expected: int) -> int | None:
    """The footnote number a line opens with: the next expected one (or up to two more, for a gap)."""
    candidates = [n for n in range(expected, expected + 3) if token.startswith(str(n))]
    exact = [n for n in candidates if token == str(n)]
    if exact:
        return exact[0]
    return candidates[0] if candidates else None
