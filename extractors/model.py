"""The parsed page model every extractor works on.

Plain frozen dataclasses, built once per PDF by `extractors.pages`, so that
extractors are pure functions and tests can build pages by hand.
Coordinates are PDF points from the page's top-left corner.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cached_property

from extractors.thresholds import CLOSING_PUNCTUATION_SPACE_EM, WORD_SPACE_EM

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom
RGB = tuple[int, int, int]
# How far a glyph box reaches below the baseline, in ems: about a fifth of the size
# in the common text fonts.  The parsers place boxes by it and lines find baselines by it.
DESCENT_EM = 0.2
BLACK: RGB = (0, 0, 0)

_MARKER = re.compile(r"^\d{1,3}(,\d{1,3})*$")
_CLOSING = frozenset(",.;:)]?!")


@dataclass(frozen=True, slots=True)  # slots: a long report holds hundreds of thousands of words
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
    italic: bool = False
    color: RGB = BLACK  # fill colour of the glyphs: white text on a coloured cell is a grade label
    # A space stands before it on its line: the word break is the text's own, however narrow
    # the gap it leaves (a space after an italic "f" may leave a tenth of an em or less).
    spaced: bool = False

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def is_marker(self) -> bool:
        """A footnote reference: superscript digits such as 7 or 7,8."""
        return self.superscript and bool(_MARKER.match(self.text))


@dataclass(frozen=True)
class Line:
    """Words on one baseline, not separated by a column-sized gap.

    A line never changes, and the extractors ask for its text and edges many times
    over (tens of thousands of times a report): each is worked out once, on first use.
    """

    words: tuple[Word, ...]
    size: float  # the dominant font size of the line's ordinary (non-superscript) text
    bold: bool  # every ordinary word is bold

    @cached_property
    def bbox(self) -> BBox:
        return union_bbox(w.bbox for w in self.words)

    @cached_property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @cached_property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @cached_property
    def read_by_ocr(self) -> bool:
        """Some of its words were read from a picture: its size is an estimate, its weight seen in strokes."""
        return any(w.ocr_confidence is not None for w in self.words)

    @cached_property
    def text(self) -> str:
        """The line's text without footnote markers."""
        return "".join(piece for piece, _ in self._plain_pieces).strip()

    @cached_property
    def raw_text(self) -> str:
        return "".join(piece for piece, _ in self._pieces(keep_markers=True)).strip()

    def word_spans(self) -> list[tuple[int, int, Word]]:
        """(start, end, word) of each word's characters in `text`."""
        out: list[tuple[int, int, Word]] = []
        at = 0
        for piece, word in self._plain_pieces:
            if word is not None:
                out.append((at, at + len(piece), word))
            at += len(piece)
        return out

    @cached_property
    def _plain_pieces(self) -> tuple[tuple[str, Word | None], ...]:
        return tuple(self._pieces(keep_markers=False))

    def _pieces(self, keep_markers: bool) -> list[tuple[str, Word | None]]:
        # Words split at a font change ("London" in italics, then ".") touch: a word the
        # text itself spaces from the one before is spaced, and so is one a real gap parts
        # from it, however narrow (a tenth of an em of the larger of the two: parsers that
        # give no spaces; a row may join type of two sizes).
        pieces: list[tuple[str, Word | None]] = []
        prev: Word | None = None
        for w in self.words:
            # Punctuation that closes what goes before it follows no space in English: after a
            # slanted word its box may stand off by more than a tenth of an em (AbiWord sets
            # "Weapons" in italics 0.11 em from its roman ","), never by a word space's quarter.
            apart = CLOSING_PUNCTUATION_SPACE_EM if w.text[:1] in _CLOSING else WORD_SPACE_EM
            spaced = prev is not None and (w.spaced or w.x0 - prev.x1 > apart * max(prev.size, w.size))
            prev = w
            if w.is_marker and not keep_markers:
                continue
            if pieces and spaced:
                pieces.append((" ", None))
            pieces.append((w.text, w))
        while pieces and not pieces[0][0].strip():
            pieces.pop(0)  # `text` is stripped: keep offsets aligned with it
        return pieces

    @cached_property
    def markers(self) -> list[int]:
        out: list[int] = []
        for w in self.words:
            if w.is_marker:
                out += [int(n) for n in w.text.split(",")]
        return out

    def __getstate__(self) -> dict:
        # What is worked out on use is not part of the line: pickles carry the fields alone.
        return {f: self.__dict__[f] for f in ("words", "size", "bold")}


@dataclass(frozen=True, slots=True)
class Graphic:
    """A ruling line, rectangle or curve: what draws table rules, cell fills, panels and separators.

    `stroke` and `fill` are None when the shape is not stroked or not filled, so an
    invisible clipping rectangle is neither.
    """

    kind: str  # "rect" | "line" | "curve"
    x0: float
    top: float
    x1: float
    bottom: float
    stroke: RGB | None = None
    fill: RGB | None = None
    width: float = 0.0  # stroke width in points

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def visible(self) -> bool:
        return self.stroke is not None or (self.fill is not None and self.fill != WHITE)


WHITE: RGB = (255, 255, 255)


@dataclass(frozen=True, slots=True)
class Picture:
    """A raster image placed on the page, with the pixel size it is stored at."""

    x0: float
    top: float
    x1: float
    bottom: float
    pixel_width: int = 0
    pixel_height: int = 0

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]
    char_count: int = 0
    has_images: bool = False
    ocr_regions: tuple[BBox, ...] = ()  # parts of the page read by OCR
    graphics: tuple[Graphic, ...] = ()
    pictures: tuple[Picture, ...] = ()


@dataclass(frozen=True)
class Document:
    sha256: str
    file_name: str
    pages: tuple[Page, ...]
    info: dict[str, str] = field(default_factory=dict)
    parser: str = "pdfium"  # which parser built the model: "pdfium" or "pdfminer"


def page_to_dict(page: Page) -> dict:
    """A page as plain JSON data: small pages saved this way are the extractors' test fixtures."""
    return {
        "number": page.number, "width": page.width, "height": page.height,
        "char_count": page.char_count, "has_images": page.has_images,
        "ocr_regions": [list(b) for b in page.ocr_regions],
        "lines": [[_word_to_dict(w) for w in line.words] for line in page.lines],
        "line_sizes": [[line.size, line.bold] for line in page.lines],
        "graphics": [asdict(g) for g in page.graphics],
        "pictures": [asdict(p) for p in page.pictures],
    }


def dict_to_page(data: dict) -> Page:
    sizes = data.get("line_sizes") or [[None, None]] * len(data["lines"])
    lines = []
    for words, (size, bold) in zip(data["lines"], sizes):
        ws = tuple(_dict_to_word(w) for w in words)
        lines.append(Line(ws, size if size is not None else max(w.size for w in ws),
                          bold if bold is not None else all(w.bold for w in ws)))
    return Page(
        number=data["number"], width=data["width"], height=data["height"], lines=tuple(lines),
        char_count=data.get("char_count", 0), has_images=data.get("has_images", False),
        ocr_regions=tuple(tuple(b) for b in data.get("ocr_regions", ())),
        graphics=tuple(_dict_to_graphic(g) for g in data.get("graphics", ())),
        pictures=tuple(Picture(**p) for p in data.get("pictures", ())),
    )


def document_to_dict(doc: Document) -> dict:
    return {"sha256": doc.sha256, "file_name": doc.file_name, "info": doc.info, "parser": doc.parser,
            "pages": [page_to_dict(p) for p in doc.pages]}


def dict_to_document(data: dict) -> Document:
    return Document(data["sha256"], data["file_name"], tuple(dict_to_page(p) for p in data["pages"]),
                    dict(data.get("info", {})), data.get("parser", "pdfium"))


def _word_to_dict(w: Word) -> dict:
    d = asdict(w)
    d["color"] = list(w.color)
    # Defaults are left out, so a hand-written fixture stays short.
    return {k: v for k, v in d.items() if k in _WORD_REQUIRED or v != _WORD_DEFAULTS[k]}


def _dict_to_word(d: dict) -> Word:
    d = dict(d)
    if "color" in d:
        d["color"] = tuple(d["color"])
    return Word(**d)


def _dict_to_graphic(d: dict) -> Graphic:
    d = dict(d)
    for key in ("stroke", "fill"):
        if d.get(key) is not None:
            d[key] = tuple(d[key])
    return Graphic(**d)


_WORD_REQUIRED = {"text", "x0", "top", "x1", "bottom", "size"}
_WORD_DEFAULTS = {"bold": False, "superscript": False, "ocr_confidence": None, "italic": False, "color": list(BLACK),
                  "spaced": False}


def union_bbox(boxes) -> BBox:
    boxes = list(boxes)
    return (
        round(min(b[0] for b in boxes), 2),
        round(min(b[1] for b in boxes), 2),
        round(max(b[2] for b in boxes), 2),
        round(max(b[3] for b in boxes), 2),
    )
