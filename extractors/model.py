"""The parsed page model every extractor works on.

Plain frozen dataclasses, built once per PDF by `extractors.pages`, so that
extractors are pure functions and tests can build pages by hand.
Coordinates are PDF points from the page's top-left corner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom

_MARKER = re.compile(r"^\d{1,3}(,\d{1,3})*$")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool = False
    superscript: bool = False  # set when the word is grouped into a line
    ocr_confidence: float | None = None  # 0..1 when the word was read from a picture by OCR

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def is_marker(self) -> bool:
        """A footnote reference: superscript digits such as 7 or 7,8."""
        return self.superscript and bool(_MARKER.match(self.text))


@dataclass(frozen=True)
class Line:
    """Words on one baseline, not separated by a column-sized gap."""

    words: tuple[Word, ...]
    size: float  # the dominant font size of the line's ordinary (non-superscript) text
    bold: bool  # every ordinary word is bold

    @property
    def bbox(self) -> BBox:
        return union_bbox(w.bbox for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        """The line's text without footnote markers."""
        return self._join(keep_markers=False)

    @property
    def raw_text(self) -> str:
        return self._join(keep_markers=True)

    def _join(self, keep_markers: bool) -> str:
        return "".join(piece for piece, _ in self._pieces(keep_markers)).strip()

    def word_spans(self) -> list[tuple[int, int, Word]]:
        """(start, end, word) of each word's characters in `text`."""
        out: list[tuple[int, int, Word]] = []
        at = 0
        for piece, word in self._pieces(keep_markers=False):
            if word is not None:
                out.append((at, at + len(piece), word))
            at += len(piece)
        return out

    def _pieces(self, keep_markers: bool) -> list[tuple[str, Word | None]]:
        # Words split at a font change ("London" in italics, then ".") touch:
        # only a real gap becomes a space.
        pieces: list[tuple[str, Word | None]] = []
        prev: Word | None = None
        for w in self.words:
            spaced = prev is not None and w.x0 - prev.x1 > 0.15 * self.size
            prev = w
            if w.is_marker and not keep_markers:
                continue
            if pieces and spaced:
                pieces.append((" ", None))
            pieces.append((w.text, w))
        while pieces and not pieces[0][0].strip():
            pieces.pop(0)  # `text` is stripped: keep offsets aligned with it
        return pieces

    @property
    def markers(self) -> list[int]:
        out: list[int] = []
        for w in self.words:
            if w.is_marker:
                out += [int(n) for n in w.text.split(",")]
        return out


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]
    char_count: int = 0
    has_images: bool = False
    ocr_regions: tuple[BBox, ...] = ()  # parts of the page read by OCR


@dataclass(frozen=True)
class Document:
    sha256: str
    file_name: str
    pages: tuple[Page, ...]
    info: dict[str, str] = field(default_factory=dict)


def union_bbox(boxes) -> BBox:
    boxes = list(boxes)
    return (
        round(min(b[0] for b in boxes), 2),
        round(min(b[1] for b in boxes), 2),
        round(max(b[2] for b in boxes), 2),
        round(max(b[3] for b in boxes), 2),
    )
