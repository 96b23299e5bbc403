"""Areas for improvement: the items listed under each "Areas for improvement" heading.

Items are split at list bullets; where a producer drew the bullets as
graphics (no bullet character in the text), they are split where a
recommendation opener ("The force should ...") starts a sentence, found with
spaCy Matcher rules.
"""

from __future__ import annotations

import re

from extractors.model import union_bbox
from extractors.nlp import find_spans
from extractors.structure import Structure, TextLine, heading_blocks
from extractors.list_items import Item, marked_lines_to_items, unmarked_lines_to_items
from extractors.text import join_lines
from schemas.records import AreaForImprovement, Finding

_AFI_HEADING = re.compile(r"^areas? for improvement$", re.IGNORECASE)


def part_of(blocks, k: int, questions: list[str]) -> str:
    """The part of the report a heading sits in.

    That is the nearest heading before it that names a question of the
    judgments table (the table may shorten it: "Protecting vulnerable people"
    heads "Protecting vulnerable people and supporting victims"); without a
    table, the nearest top-level heading.
    """
    wanted = [q.lower() for q in questions]
    for b in reversed(blocks[:k]):
        text = b.text.lower()
        if any(text.startswith(q) or q.startswith(text) for q in wanted):
            return b.text
    parts = [b for b in blocks[:k] if b.level == 1]
    return parts[-1].text if parts else ""


def structure_to_areas_for_improvement(
    structure: Structure, vocabulary: frozenset[str], questions: list[str] = (),
    heading: re.Pattern = _AFI_HEADING, headlines: bool = False,
) -> tuple[list[AreaForImprovement], list[Finding]]:
    """The items under each areas-for-improvement heading.

    With `headlines` (2023 on) an item is a one-sentence headline followed by
    the paragraph that explains it; the two are kept apart as well as whole.
    """
    findings: list[Finding] = []
    items: list[AreaForImprovement] = []
    blocks = heading_blocks(structure)
    for k, block in enumerate(blocks):
        if not heading.match(block.text):
            continue
        section = part_of(blocks, k, list(questions))
        body: list[TextLine] = []
        for t in structure.lines[block.end :]:
            if t.role == "heading":
                break
            if t.role == "body":
                body.append(t)
        if not body:
            findings.append(Finding("empty_afi_list", f"'{block.text}' under '{section}' lists nothing", block.page))
            continue
        for group, texts in _split_items(body):
            text = join_lines(texts, vocabulary)
            if not text:
                continue
            first_page = group[0].page
            headline, explanation = _headline_and_explanation(text) if headlines else (None, None)
            items.append(
                AreaForImprovement(
                    section=section,
                    text=text,
                    page=first_page,
                    bbox=union_bbox(t.line.bbox for t in group if t.page == first_page),
                    headline=headline,
                    explanation=explanation,
                )
            )
    return items, findings


def _split_items(lines: list[TextLine]) -> list[Item]:
    """The items of a list: at its marks or, where none is printed, at each line that opens with a recommendation."""
    items = marked_lines_to_items(lines)
    return items if items is not None else unmarked_lines_to_items(lines, [_opens_item(t.text) for t in lines])


def _opens_item(text: str) -> bool:
    spans = find_spans("afi_openers", text)
    return bool(spans) and spans[0][1] == 0


def _headline_and_explanation(text: str) -> tuple[str, str | None]:
    """'Kent Police should improve X. In 12 of 20 cases ...' -> ('Kent Police should improve X.', 'In 12 of 20 cases ...')."""
    from extractors.nlp import text_to_doc

    sentences = list(text_to_doc(text).sents)
    if len(sentences) < 2:
        return text, None
    head = sentences[0].text.strip()
    return head, text[sentences[1].start_char :].strip()
