"""`peel debug-page`: the box of every fact read from a page, drawn over the page.

Each kind of fact has its own colour, and a legend in the corner says which
is which, so a person can see at a glance what was read from where and what
was missed.  The page picture comes from `extractors.pages.page_image`; only
the extractors open PDFs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from schemas.records import BBox, Extraction

# Colour-blind-safe-ish, distinct on white and on grey infographic blocks.
KIND_COLOURS: dict[str, tuple[int, int, int]] = {
    "grade": (214, 39, 40),
    "overall_grade": (148, 103, 189),
    "area_for_improvement": (31, 119, 180),
    "cause_of_concern": (140, 86, 75),
    "practice_example": (23, 190, 207),
    "footnote": (44, 160, 44),
    "headline_metric": (255, 127, 14),
    "narrative_statistic": (227, 119, 194),
}
_OVERALL_ROW = re.compile(r"^Overall\s+\w.*\b(?:19|20)\d\d\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mark:
    bbox: BBox
    kind: str
    label: str


def _same_row(a, b) -> bool:
    return abs(a.bottom - b.bottom) < 0.3 * max(a.size, b.size)


def overall_rows_to_marks(page, overall_grade: str | None) -> list[Mark]:
    """The row stating the overall grade ("Overall effectiveness 2017 … Requires improvement").

    Reports whose layout has no pillar-level grade record keep it only as
    `overall_grade`, with no box, so the row is found on the page itself.
    """
    from extractors.model import union_bbox

    marks = []
    for line in page.lines if page is not None else ():
        if _OVERALL_ROW.match(line.text):
            row = [other for other in page.lines if _same_row(line, other)]
            marks.append(Mark(union_bbox(x.bbox for x in row), "overall_grade", f"{overall_grade or '?'}"))
    return marks


def extraction_to_marks(extraction: Extraction, page_number: int, page=None) -> list[Mark]:
    """Every fact of `extraction` read from `page_number`; `page` (the parsed page) finds the overall row."""
    on = lambda fact: fact.page == page_number  # noqa: E731
    marks = [Mark(g.bbox, "overall_grade" if g.level == "pillar" else "grade", f"{g.question} = {g.grade}")
             for g in extraction.grades if on(g)]
    if not any(m.kind == "overall_grade" for m in marks):
        marks += overall_rows_to_marks(page, extraction.overall_grade)
    marks += [Mark(a.bbox, "area_for_improvement", a.headline or a.text) for a in extraction.areas_for_improvement if on(a)]
    marks += [Mark(c.bbox, "cause_of_concern", c.text) for c in extraction.causes_of_concern if on(c)]
    marks += [Mark(p.bbox, "practice_example", p.label) for p in extraction.practice_examples if on(p)]
    marks += [Mark(f.bbox, "footnote", str(f.number)) for f in extraction.footnotes if on(f)]
    marks += [Mark(m.bbox, "headline_metric", f"{m.metric}: {m.force_value} / {m.england_wales_value}")
              for m in extraction.headline_metrics if on(m)]
    marks += [Mark(n.bbox, "narrative_statistic", f"{n.value:g} {n.unit}") for n in extraction.narrative_statistics if on(n)]
    return marks


def draw_legend(draw, kinds: list[str], width: int) -> None:
    """Kind -> colour, in the top-right corner, on white so it reads over any page."""
    row, pad, swatch = 13, 6, 10
    text_width = max(len(k) for k in kinds) * 6
    x0, y0 = width - text_width - swatch - 3 * pad, pad
    draw.rectangle([x0, y0, width - pad, y0 + pad * 2 + row * len(kinds)], fill=(255, 255, 255), outline=(0, 0, 0))
    for k, kind in enumerate(kinds):
        y = y0 + pad + k * row
        draw.rectangle([x0 + pad, y + 1, x0 + pad + swatch, y + 1 + swatch], fill=KIND_COLOURS[kind])
        draw.text((x0 + 2 * pad + swatch, y), kind, fill=(0, 0, 0))


def marks_to_image(image, marks: list[Mark], resolution: int):
    """Draw each mark's box and label over `image` (a page drawn at `resolution` dpi), and the legend."""
    from PIL import ImageDraw

    scale = resolution / 72
    draw = ImageDraw.Draw(image)
    for mark in marks:
        x0, top, x1, bottom = mark.bbox
        colour = KIND_COLOURS[mark.kind]
        rect = [x0 * scale - 2, top * scale - 2, x1 * scale + 2, bottom * scale + 2]
        draw.rectangle(rect, outline=colour, width=2)
        draw.text((rect[0], max(0, rect[1] - 11)), f"{mark.kind}: {mark.label}"[:60], fill=colour)
    draw_legend(draw, list(KIND_COLOURS), image.width)
    return image


def page_to_debug_png(pdf: Path, page_number: int, marks: list[Mark], out: Path, resolution: int = 110) -> None:
    from extractors.pages import page_image

    image = marks_to_image(page_image(pdf, page_number, resolution), marks, resolution)
    out.parent.mkdir(parents=True, exist_ok=True)  # a new folder for the pictures is the common case
    image.save(out, format="PNG")
