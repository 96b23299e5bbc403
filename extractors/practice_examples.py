"""Examples of innovative, promising or notable practice: the text under such a heading."""

from __future__ import annotations

import re

from extractors.areas_for_improvement import part_of
from extractors.model import union_bbox
from extractors.structure import Structure, heading_blocks
from extractors.text import join_lines
from schemas.records import PracticeExample


def structure_to_practice_examples(
    structure: Structure, vocabulary: frozenset[str], questions: list[str], heading: re.Pattern
) -> list[PracticeExample]:
    out: list[PracticeExample] = []
    blocks = heading_blocks(structure)
    for k, block in enumerate(blocks):
        if not heading.match(block.text):
            continue
        end = blocks[k + 1].start if k + 1 < len(blocks) else len(structure.lines)
        lines = [t for t in structure.lines[block.end : end] if t.role == "body"]
        if not lines:
            continue
        first_page = lines[0].page
        out.append(PracticeExample(
            label=block.text,
            section=part_of(blocks, k, questions),
            text=join_lines([t.text for t in lines], vocabulary),
            page=first_page,
            bbox=union_bbox(t.line.bbox for t in lines if t.page == first_page),
        ))
    return out
