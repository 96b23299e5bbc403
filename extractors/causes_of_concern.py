"""Causes of concern and the recommendations made to address them.

A cause of concern is a heading the generation's layout names ("Cause of
concern", "Accelerated cause of concern") followed by its text; the items
listed under the "Recommendations" heading that follows belong to it.
"""

from __future__ import annotations

import re

from extractors.areas_for_improvement import part_of
from extractors.list_items import Item, marked_lines_to_items, unmarked_lines_to_items
from extractors.model import union_bbox
from extractors.structure import Structure, TextLine, body_right_edges, ended_paragraph, heading_blocks
from extractors.text import join_lines
from extractors.thresholds import LINE_GAP_SLACK_EM
from schemas.records import CauseOfConcern, Finding


def structure_to_causes_of_concern(
    structure: Structure, vocabulary: frozenset[str], questions: list[str], heading: re.Pattern, recommendations: re.Pattern
) -> tuple[list[CauseOfConcern], list[Finding]]:
    findings: list[Finding] = []
    out: list[CauseOfConcern] = []
    blocks = heading_blocks(structure)
    for k, block in enumerate(blocks):
        if not heading.match(block.text):
            continue
        section = part_of(blocks, k, questions)
        end = blocks[k + 1].start if k + 1 < len(blocks) else len(structure.lines)
        text_lines = [t for t in structure.lines[block.end : end] if t.role == "body"]
        items: list[Item] = []
        if k + 1 < len(blocks) and recommendations.match(blocks[k + 1].text):
            rec = blocks[k + 1]
            rec_end = blocks[k + 2].start if k + 2 < len(blocks) else len(structure.lines)
            items = lines_to_items([t for t in structure.lines[rec.end : rec_end] if t.role == "body"], structure)
        if not text_lines:
            findings.append(Finding("empty_cause_of_concern", f"'{block.text}' under '{section}' states nothing", block.page))
            continue
        if not items:
            findings.append(Finding("cause_without_recommendation",
                                    f"the cause of concern under '{section}' lists no recommendation", block.page))
        first_page = text_lines[0].page
        out.append(CauseOfConcern(
            section=section,
            text=join_lines([t.text for t in text_lines], vocabulary),
            recommendations=tuple(join_lines(texts, vocabulary) for _, texts in items),
            accelerated=block.text.lower().startswith("accelerated"),
            page=first_page,
            bbox=union_bbox(t.line.bbox for t in text_lines if t.page == first_page),
        ))
    return out, findings


OPENING_WORDS = 4


def _opening_words(text: str) -> tuple[str, ...]:
    """A line's first four words, as a list's items open alike."""
    return tuple(text.split()[:OPENING_WORDS])


def lines_to_items(lines: list[TextLine], structure: Structure) -> list[Item]:
    """The items of a list of recommendations: one at each bullet or, where none is printed, one a paragraph.

    A list printed without its bullets still shows where each item ends: a gap wider than
    the paragraphs' (or than the list's own lines stand apart, by more than a line's slack),
    or, with no space between items, a last line that stops a sentence short of the text's edge.
    """
    items = marked_lines_to_items(lines)
    if items is not None or not lines:
        return items or []
    edges = body_right_edges(structure)
    pairs = list(zip(lines, lines[1:]))
    # Gaps in ems between lines one under the other on a page; the narrowest is the pitch of an item's own lines.
    gaps = [(below.line.top - above.line.bottom) / below.line.size if below.page == above.page else None
            for above, below in pairs]
    pitch = min((g for g in gaps if g is not None), default=None)
    opener = _opening_words(lines[0].text)
    starts = [False] + [
        ended_paragraph(above, below, edges)
        or (gap is not None and (structure.parts_paragraphs(gap * below.line.size, below.line.size)
                                 or gap > pitch + LINE_GAP_SLACK_EM))
        # The items of a list open alike ("Within six months, the force should ..."): a
        # line that opens as the first item did, after a finished sentence, opens an item,
        # though the line above filled its width or a page break hides the gap.
        or (above.text.rstrip().endswith(".") and _opening_words(below.text) == opener)
        for (above, below), gap in zip(pairs, gaps)]
    return unmarked_lines_to_items(lines, starts)
