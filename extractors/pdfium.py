"""Read a page's characters, shapes and pictures with PDFium (pypdfium2).

PDFium builds the objects of a page about ten times faster than pdfminer and
half the memory, so it is the first parser; `extractors.plumber` keeps pdfminer
as the second.  Both give the same plain records: character dicts with the keys
pdfplumber's word grouping reads, `Graphic` and `Picture`.

What needs care with PDFium, and why the code below does what it does:
- a character's box is asked for once; its font, size, colour and render mode
  belong to its text object and are asked for once per text object;
- `FPDFTextObj_GetFontSize` is the nominal size: the printed size is that times
  the vertical scale of the character's matrix;
- the "loose" box is as wide as the glyph's advance (as pdfminer's) but taller;
  its bottom is put `DESCENT_EM` below the baseline and its top one size above
  that, so every glyph of a line, regular or italic, shares one exact baseline
  (fonts' own descents differ, and PDFium and pdfminer read them differently);
- colours come as RGBA, already converted from CMYK or spot inks;
- shapes inside form XObjects have their coordinates in the form's space: the
  form's matrix is applied on the way down.
"""

from __future__ import annotations

import ctypes
import math
import re

from extractors.model import DESCENT_EM, RGB, Graphic, Picture

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC_NAME = re.compile(r"italic|oblique", re.IGNORECASE)

_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
# Text render modes: 3 is invisible (the text layer over a scan), 2 fills and strokes
# (how some printers make a font look bold).
_INVISIBLE, _FILL_STROKE = 3, 2

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _raw():
    import pypdfium2.raw as raw

    return raw


def open_pdf(path):
    """The PDFium document; raises pypdfium2's PdfiumError when PDFium cannot open it."""
    import pypdfium2

    return pypdfium2.PdfDocument(str(path))


def document_info(pdf) -> dict[str, str]:
    try:
        return {k: str(v) for k, v in (pdf.get_metadata_dict(skip_empty=True) or {}).items()}
    except Exception:  # damaged Info dictionaries are common and never matter to the facts
        return {}


def page_objects(page) -> tuple[float, float, list[dict], list[Graphic], list[Picture]]:
    """(width, height, characters, shapes, pictures) of one pypdfium2 page."""
    raw = _raw()
    # The page box as PDFium uses it (inherited from the page tree when the page has none of
    # its own: `get_mediabox` would answer US Letter then).
    left, bottom, right, top = page.get_bbox()
    width, height = right - left, top - bottom
    chars = _chars(raw, page, left, top)
    graphics: list[Graphic] = []
    pictures: list[Picture] = []
    n = raw.FPDFPage_CountObjects(page.raw)
    for i in range(n):
        _walk(raw, raw.FPDFPage_GetObject(page.raw, i), _IDENTITY, left, top, graphics, pictures, depth=0)
    return width, height, chars, graphics, pictures


def _chars(raw, page, left: float, top: float) -> list[dict]:
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        count = raw.FPDFText_CountChars(tp)
        box = raw.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        styles: dict[int, dict] = {}
        fonts: dict[int, tuple] = {}
        out: list[dict] = []
        last: dict | None = None  # the previous character drawn, whose right edge the next one may trim
        ligature: list[dict] = []  # the characters sharing the previous character's origin
        last_y = 0.0
        codes = _page_codes(raw, tp, count)  # every character's code in one call, not one call each
        for i in range(count):
            code = codes[i]
            # Only spaces and line breaks can be PDFium's own: ask about those alone.
            generated = code in (0x20, 0x0D, 0x0A) and raw.FPDFText_IsGenerated(tp, i)
            if code in (0, 0xFFFE, 0xFFFF) or generated:
                # Spaces and line breaks PDFium inferred are not in the file, but where it puts
                # a space is where the glyph before it ends (its advance).
                if last is not None and code == 0x20:
                    raw.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(box))
                    if box.left - left > last["x0"]:
                        last["x1"] = min(last["x1"], box.left - left)
                continue
            obj = raw.FPDFText_GetTextObject(tp, i)
            key = ctypes.cast(obj, ctypes.c_void_p).value or 0
            style = styles.get(key)
            if style is None:
                style = styles[key] = _text_style(raw, tp, i, obj, fonts)
            raw.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(box))
            raw.FPDFText_GetCharOrigin(tp, i, ctypes.byref(ox), ctypes.byref(oy))
            size = style["size"]
            x0 = ox.value - left
            # The loose box of a slanted glyph overhangs its advance: the next glyph's origin
            # on the same baseline is where this one ends.
            if last is not None and abs(oy.value - last_y) < 0.1 * size and last["x0"] < x0 < last["x1"]:
                last["x1"] = x0
            x1 = max(box.right - left, x0)
            if ligature and abs(x0 - ligature[0]["origin"]) < 0.01 and abs(oy.value - last_y) < 0.01:
                # A ligature ("fi", "ffi") comes out as its letters sharing one origin and box:
                # share the box out among them, in order.
                ligature.append({"origin": x0})
                start, end = ligature[0]["origin"], max(ligature[0]["end"], x1)
                ligature[0]["end"] = end
                step = (end - start) / len(ligature)
                parts = ligature[1:-1]
                for k, ch in enumerate([ligature[0]["char"]] + [p["char"] for p in parts if p.get("char")]):
                    ch["x0"], ch["x1"] = start + k * step, start + (k + 1) * step
                x0, x1 = start + (len(ligature) - 1) * step, end
            char_bottom = top - oy.value + DESCENT_EM * size
            # PDFium marks a hyphen at a line end as 0x02, whether it was printed soft (U+00AD) or
            # hard, and passes some soft hyphens through as they are: all read as "-", and the text
            # joiner decides from the document's own words whether the hyphen stays.
            text = "-" if code in (0x02, 0xAD) else chr(code)
            if code == 0x02 and last is not None and last["text"] in ("-", "\xad") and abs(x0 - last["x0"]) < 0.5 * size:
                continue  # the mark of a hyphen already read
            last = {
                "text": text, "x0": x0, "x1": x1, "top": char_bottom - size,
                "bottom": char_bottom, "doctop": char_bottom - size,
                "upright": True, "size": size, "fontname": style["fontname"], "bold": style["bold"],
                "italic": style["italic"], "color": style["color"],
            }
            if ligature and ligature[-1].get("char") is None and len(ligature) > 1:
                ligature[-1]["char"] = last
            else:
                ligature = [{"origin": x0, "end": x1, "char": last}]
            last_y = oy.value
            out.append(last)
        return out
    finally:
        textpage.close()


def _page_codes(raw, tp, count: int) -> list[int]:
    """The code of each character of the text page, by index.

    `FPDFText_GetText` gives UTF-16 with one unit per character index (PDFium keeps
    the two in step), so one call replaces a call per character.
    """
    buf = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(tp, 0, count, buf)
    codes = list(buf[: max(0, written - 1)])
    if len(codes) != count:  # not in step: ask character by character
        return [raw.FPDFText_GetUnicode(tp, i) for i in range(count)]
    # The text call writes 0xFFFE where a character has no text of its own, such as the
    # mark of a hyphen that ends a line: ask about those one by one.
    return [raw.FPDFText_GetUnicode(tp, i) if c == 0xFFFE else c for i, c in enumerate(codes)]


def _font_facts(raw, font, fonts: dict[int, tuple]) -> tuple[str, int, int]:
    """(base name, weight, italic angle) of a font, asked once per font of the page."""
    key = ctypes.cast(font, ctypes.c_void_p).value or 0
    facts = fonts.get(key)
    if facts is None:
        buf = ctypes.create_string_buffer(256)
        length = raw.FPDFFont_GetBaseFontName(font, buf, 256)
        name = buf.raw[: max(0, length - 1)].decode("latin-1", "replace")
        angle = ctypes.c_int()
        italic_angle = angle.value if raw.FPDFFont_GetItalicAngle(font, ctypes.byref(angle)) else 0
        facts = fonts[key] = (name, raw.FPDFFont_GetWeight(font), italic_angle)
    return facts


def _text_style(raw, tp, index: int, obj, fonts: dict[int, tuple]) -> dict:
    """Font, printed size, colour, weight and slant of the text object character `index` belongs to."""
    nominal = ctypes.c_float()
    if not obj or not raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(nominal)):
        nominal.value = raw.FPDFText_GetFontSize(tp, index) or 0.0
    matrix = raw.FS_MATRIX()
    scale = 1.0
    if raw.FPDFText_GetMatrix(tp, index, ctypes.byref(matrix)):
        scale = math.hypot(matrix.b, matrix.d) or 1.0
    size = round(nominal.value * scale, 2)
    font = raw.FPDFTextObj_GetFont(obj) if obj else None
    name, weight, italic_angle = "", 400, 0
    if font:
        name, weight, italic_angle = _font_facts(raw, font, fonts)
    mode = raw.FPDFTextObj_GetTextRenderMode(obj) if obj else 0
    color = _fill_rgb(raw, obj) if obj else (0, 0, 0)
    short = name.split("+")[-1]
    return {
        "size": size,
        "fontname": name,
        "bold": bool(_BOLD_NAME.search(short)) or weight >= 600 or mode == _FILL_STROKE,
        "italic": bool(_ITALIC_NAME.search(short)) or italic_angle != 0,
        "color": color if mode != _INVISIBLE else (0, 0, 0),
    }


def _rgba(raw, getter, obj) -> tuple[int, int, int, int] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return None
    return r.value, g.value, b.value, a.value


def _fill_rgb(raw, obj) -> RGB:
    rgba = _rgba(raw, raw.FPDFPageObj_GetFillColor, obj)
    return rgba[:3] if rgba else (0, 0, 0)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _object_matrix(raw, obj) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _walk(raw, obj, outer: Matrix, left: float, top: float, graphics: list, pictures: list, depth: int) -> None:
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == _PATH:
        graphics.extend(_path_graphics(raw, obj, outer, left, top))
    elif kind == _IMAGE:
        x0, y0, x1, y1 = _bounds(raw, obj, outer)
        w, h = ctypes.c_uint(), ctypes.c_uint()
        raw.FPDFImageObj_GetImagePixelSize(obj, ctypes.byref(w), ctypes.byref(h))
        pictures.append(Picture(round(x0 - left, 2), round(top - y1, 2), round(x1 - left, 2), round(top - y0, 2),
                                int(w.value), int(h.value)))
    elif kind == _FORM and depth < 12:  # forms nest; a cycle or absurd depth is not followed
        inner = _multiply(_object_matrix(raw, obj), outer)
        for i in range(raw.FPDFFormObj_CountObjects(obj)):
            _walk(raw, raw.FPDFFormObj_GetObject(obj, i), inner, left, top, graphics, pictures, depth + 1)


def _bounds(raw, obj, outer: Matrix) -> tuple[float, float, float, float]:
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(obj, ctypes.byref(l), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t))
    corners = [_apply(outer, x, y) for x in (l.value, r.value) for y in (b.value, t.value)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _path_graphics(raw, obj, outer: Matrix, left: float, top: float) -> list[Graphic]:
    fillmode, stroked = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fillmode), ctypes.byref(stroked))
    fill = _rgba(raw, raw.FPDFPageObj_GetFillColor, obj) if fillmode.value else None
    stroke = _rgba(raw, raw.FPDFPageObj_GetStrokeColor, obj) if stroked.value else None
    fill_rgb = fill[:3] if fill and fill[3] > 0 else None
    stroke_rgb = stroke[:3] if stroke and stroke[3] > 0 else None
    if fill_rgb is None and stroke_rgb is None:
        return []  # a clipping path draws nothing
    width = ctypes.c_float()
    raw.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(width))
    matrix = _multiply(_object_matrix(raw, obj), outer)
    scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])) or 1.0
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    curved: list[bool] = []
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        px, py = _apply(matrix, x.value, y.value)
        point = (px - left, top - py)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == _MOVETO or not subpaths:
            subpaths.append([point])
            curved.append(False)
        else:
            subpaths[-1].append(point)
            curved[-1] = curved[-1] or kind == _BEZIERTO
        if raw.FPDFPathSegment_GetClose(seg) and subpaths[-1][0] != point:
            subpaths[-1].append(subpaths[-1][0])
    out = []
    for points, is_curve in zip(subpaths, curved):
        if len(points) < 2:
            continue
        out.append(points_to_graphic(points, is_curve, stroke_rgb, fill_rgb, round(width.value * scale, 2)))
    return out


def points_to_graphic(points, is_curve: bool, stroke: RGB | None, fill: RGB | None, width: float) -> Graphic:
    """One subpath as a line, an axis-aligned rectangle, or a curve (anything else)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    bbox = (round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))
    distinct = list(dict.fromkeys((round(px, 1), round(py, 1)) for px, py in points))
    if not is_curve and len(distinct) == 2:
        kind = "line"
        fill = None  # a two-point path encloses nothing
    elif not is_curve and _is_axis_rectangle(distinct):
        kind = "rect"
    else:
        kind = "curve"
    return Graphic(kind, *bbox, stroke=stroke, fill=fill, width=width)


def _is_axis_rectangle(points) -> bool:
    if len(points) != 4:
        return False
    xs, ys = {p[0] for p in points}, {p[1] for p in points}
    return len(xs) <= 2 and len(ys) <= 2
