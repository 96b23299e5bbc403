"""Words read from pictures: letters Tesseract left out, and figures boxed wider than they read."""

from __future__ import annotations

from PIL import Image, ImageDraw

from extractors.headline_metrics import _as_wide_as_its_text
from extractors.model import Word
from extractors.ocr import rows_to_ink_boxes


def row(left: int, top: int, width: int, height: int, text: str = "0%") -> dict:
    return {"left": str(left), "top": str(top), "width": str(width), "height": str(height), "text": text, "conf": "95"}


def picture_with_ink(*boxes: tuple[int, int, int, int]) -> Image.Image:
    image = Image.new("L", (400, 120), 255)
    draw = ImageDraw.Draw(image)
    for box in boxes:
        draw.rectangle(box, fill=0)
    return image


def test_ink_beside_a_word_that_no_word_took_widens_it():
    # "10%" read as "0%": the "1" is left as ink a few pixels to the left of the word's box.
    image = picture_with_ink((100, 20, 108, 80), (115, 20, 200, 80))
    assert rows_to_ink_boxes(image, [row(115, 20, 86, 61)]) == [(100, 20, 101, 61)]


def test_ink_taken_by_another_word_or_far_away_or_above_is_no_lost_letter():
    image = picture_with_ink((20, 20, 90, 80), (115, 20, 200, 80), (300, 20, 360, 80), (115, 0, 200, 12))
    # The word on the left was read; the blob on the right is far past the gap; the line
    # above lies outside the middle of the word's height.
    boxes = rows_to_ink_boxes(image, [row(20, 20, 71, 61, "Service"), row(115, 20, 86, 61)])
    assert boxes == [None, None]


def test_a_figure_read_from_a_picture_must_be_as_wide_as_its_characters():
    def word(text: str, width: float, ocr: bool = True) -> Word:
        return Word(text, 100.0, 50.0, 100.0 + width, 70.0, 20.0, ocr_confidence=0.93 if ocr else None)

    assert not _as_wide_as_its_text(word("7", 21.0))  # a bold "77" read as one "7", boxed over both
    assert _as_wide_as_its_text(word("77", 21.0))
    assert _as_wide_as_its_text(word("416", 33.0))
    assert _as_wide_as_its_text(word("-0.05%", 65.0))
    assert _as_wide_as_its_text(word("7", 40.0, ocr=False))  # the text layer says what it printed


def test_a_rule_beside_a_word_is_no_lost_letter():
    # A panel's border drawn a few pixels left of a figure, from well above it to well below.
    image = picture_with_ink((100, 0, 102, 119), (115, 40, 200, 80))
    assert rows_to_ink_boxes(image, [row(115, 40, 86, 41)]) == [None]


def test_the_rules_drawn_in_a_picture_become_lines_of_the_page_model():
    from extractors.ocr import image_to_rules

    # At 72 dpi a pixel is a point: a vertical border 3 px wide, a horizontal rule 2 px high,
    # and a figure's glyph a quarter of an inch tall, which is no rule.
    image = Image.new("L", (300, 200), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 10, 102, 150), fill=0)
    draw.rectangle((20, 170, 250, 171), fill=0)
    draw.rectangle((150, 40, 160, 58), fill=0)
    rules = image_to_rules(image, (50.0, 400.0), 72)
    assert [(g.kind, g.bbox, g.width) for g in rules] == [
        ("line", (151.5, 410.0, 151.5, 551.0), 3.0),
        ("line", (70.0, 571.0, 301.0, 571.0), 2.0),
    ]
    from extractors.lines import graphics_to_dividers

    assert graphics_to_dividers(rules) == [(151.5, 410.0, 551.0)]


def test_how_far_t_rises_is_measured_on_the_picture_itself():
    from extractors.ocr import _SHORT_ASCENT, short_ascent_of

    def line(*words: tuple[str, int]) -> list[dict]:
        return [{"text": text, "height": str(height)} for text, height in words]

    # A serif face: "not", "cent" and "rate" (tallest letter "t") stand 30 px beside words
    # rising to a full ascender at 36 ("does", "Evidential", "victim": the dot of its "i");
    # a word with a descender or an "f" says nothing of it.
    serif = [line(("cent", 30), ("does", 36), ("support", 44)), line(("not", 30), ("Evidential", 36)),
             line(("rate", 30), ("victim", 36), ("difficulties", 45))]
    assert abs(short_ascent_of(serif) - (30 / 36 * 0.73 - 0.53)) < 1e-9
    # Too few lines to measure on: the value that holds across faces.
    assert short_ascent_of(serif[:2]) == _SHORT_ASCENT


def test_the_sides_of_a_tinted_panel_in_a_picture_part_columns_too():
    from extractors.ocr import image_to_rules

    # Two pale panels side by side with a white gutter, at 72 dpi: each side is a divider.
    image = Image.new("L", (300, 200), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 139, 189), fill=234)
    draw.rectangle((150, 10, 289, 189), fill=234)
    draw.rectangle((30, 40, 120, 52), fill=0)  # a line of text inside the first panel
    vertical = sorted((g.x0, g.top, g.bottom) for g in image_to_rules(image, (0.0, 0.0), 72) if g.x0 == g.x1)
    assert vertical == [(10.5, 10.0, 190.0), (140.5, 10.0, 190.0), (150.5, 10.0, 190.0), (290.5, 10.0, 190.0)]


def test_whether_an_f_falls_below_the_line_is_seen_on_the_picture():
    from extractors.ocr import rows_to_descents, rows_to_words

    # Letters standing on one baseline (y = 60), and in the first word an "f" whose stroke
    # goes on below it, as an italic face draws it; the second word's "f" stops on the line.
    letters = [(10 + 12 * k, 30, 18 + 12 * k, 60) for k in range(8)]
    italic_f = (40, 25, 46, 72)
    upright = [(200 + 12 * k, 30, 208 + 12 * k, 60) for k in range(8)]
    image = picture_with_ink(*letters, italic_f, *upright)
    rows = [row(10, 25, 98, 48, "identified"), row(200, 25, 98, 36, "identified"), row(10, 25, 98, 48, "suspect")]
    assert rows_to_descents(image, rows) == [True, False, None]

    # Sized from its box: the word whose "f" descends is no larger than its neighbour.
    for r, key in zip(rows, ("1", "2", "3")):
        r.update(block_num=key, par_num="1", line_num="1")
    rows[0]["descends"], rows[1]["descends"] = True, False
    descending, standing = rows_to_words(rows[:2], (0.0, 0.0), 1.0)
    assert abs(descending.size - standing.size) < 0.05 * standing.size


def test_words_tesseract_parts_stay_parted_however_close_their_boxes():
    from extractors.lines import words_to_lines
    from extractors.ocr import rows_to_words

    # An italic "percentage of all": Tesseract read three words, boxed a pixel or two apart.
    rows = [row(100, 40, 160, 36, "percentage"), row(261, 40, 30, 28, "of"), row(292, 40, 38, 30, "all")]
    for r in rows:
        r.update(block_num="1", par_num="1", line_num="1")
    (line,) = words_to_lines(rows_to_words(rows, (0.0, 0.0), 0.24), [])
    assert line.text == "percentage of all"


FACES = {
    "Carlito": "/usr/share/fonts/truetype/crosextra/Carlito-{}.ttf",
    "Caladea": "/usr/share/fonts/truetype/crosextra/Caladea-{}.ttf",
    "Liberation Sans": "/usr/share/fonts/truetype/liberation2/LiberationSans-{}.ttf",
}


def panel_picture(face: str, body_px: int) -> tuple[Image.Image, list[dict]]:
    """A panel as a house style prints it, at 300 dpi: a bold title at 1.2 times the body, an
    italic description at body size, regular captions a little smaller; and each word's box,
    as Tesseract gives it, with its line."""
    from PIL import ImageFont

    image = Image.new("L", (1400, 320), 255)
    draw = ImageDraw.Draw(image)
    rows, top = [], 20
    lines = [("Bold", 1.2, "Calls for assistance"), ("Italic", 1.0, "Incidents per 1,000 population in the year"),
             ("Regular", 0.9, "Metropolitan Police Service England and Wales")]
    for n, (style, scale, text) in enumerate(lines, start=1):
        font = ImageFont.truetype(FACES[face].format(style), round(scale * body_px))
        left = 20
        for word in text.split():
            x0, y0, x1, y1 = draw.textbbox((left, top), word, font=font)
            draw.text((left, top), word, font=font, fill=0)
            rows.append(row(x0, y0, x1 - x0, y1 - y0, word) | {"block_num": "1", "par_num": "1", "line_num": str(n)})
            left = x1 + round(0.3 * scale * body_px)
        top += round(2 * scale * body_px)
    return image, rows


def test_a_bold_line_is_seen_in_its_strokes_in_serif_and_sans_faces():
    from extractors.ocr import rows_to_stems, rows_to_words

    # 9 and 12 pt at 300 dpi: a picture has no font names, only strokes.
    for face in FACES:
        for body_px in (38, 50):
            image, rows = panel_picture(face, body_px)
            for r, stem in zip(rows, rows_to_stems(image, rows)):
                r["stem"] = stem
            words = rows_to_words(rows, (0.0, 0.0), 0.24)
            bold = {w.text: w.bold for w in words}
            assert [bold["Calls"], bold["Incidents"], bold["Metropolitan"]] == [True, False, False], (face, body_px)


def test_words_with_no_strokes_measured_are_not_bold():
    from extractors.ocr import rows_to_words

    rows = [row(100, 40, 160, 36, "Calls") | {"block_num": "1", "par_num": "1", "line_num": "1"}]
    assert [w.bold for w in rows_to_words(rows, (0.0, 0.0), 0.24)] == [False]


def test_a_word_read_from_a_picture_is_boxed_as_the_text_layer_boxes_it():
    from PIL import ImageFont

    from extractors.lines import word_baseline
    from extractors.ocr import rows_to_words

    # A caption wrapped at 1.5 spacing: "Lancashire" stands on its line and "Constabulary"
    # falls below it. Boxed round their ink, the gap between the two lines is an em wider
    # than between the same lines in text, and a baseline is read at the foot of the "y".
    font = ImageFont.truetype(FACES["Liberation Sans"].format("Regular"), 40)  # 9.6 pt at 300 dpi
    image = Image.new("L", (900, 300), 255)
    draw = ImageDraw.Draw(image)
    rows = []
    for n, (baseline, text) in enumerate(((100, "Lancashire Police"), (160, "Constabulary area"))):
        left = 20
        for word in text.split():
            draw.text((left, baseline), word, font=font, fill=0, anchor="ls")
            x0, y0, x1, y1 = draw.textbbox((left, baseline), word, font=font, anchor="ls")
            rows.append(row(x0, y0, x1 - x0, y1 - y0, word) | {"block_num": "1", "par_num": "1", "line_num": str(n)})
            left = x1 + 12
    words = rows_to_words(rows, (0.0, 0.0), 0.24)
    for w, baseline in zip(words, (100, 100, 160, 160)):
        assert abs(word_baseline(w) - baseline * 0.24) < 0.05 * w.size, w.text
        assert abs(w.bottom - w.top - w.size) < 0.01
    # Lines 1.5 times their size apart leave half an em between their boxes, as in text.
    assert 0.3 < (words[2].top - words[0].bottom) / words[0].size < 0.7


def tsv_row(text, left, width, top, height, conf, line="1"):
    return {"text": text, "left": str(left), "width": str(width), "top": str(top), "height": str(height),
            "conf": str(conf), "block_num": "1", "par_num": "1", "line_num": line}


def test_a_large_figure_read_on_its_captions_line_gets_a_line_of_its_own_and_its_pieces_joined():
    from extractors.ocr import rows_to_parted_lines

    # As Tesseract read two panels printed with captions beside their figures (seeds 53 and
    # 192 with "Force in numbers" as a picture, 300 dpi): each figure on its caption's line,
    # parted into pieces, the point of "-0.05%" read as a small ";".
    constabulary = [tsv_row("Lancashire", 1294, 154, 632, 25, 96), tsv_row("Constabulary", 1460, 189, 632, 33, 96),
                    tsv_row("3", 1705, 37, 646, 59, 96), tsv_row("0", 1749, 37, 646, 59, 97),
                    tsv_row("1", 1796, 32, 646, 59, 96)]
    parted = rows_to_parted_lines(constabulary)
    assert [(r["text"], r["line_num"]) for r in parted] == [("Lancashire", "1"), ("Constabulary", "1"), ("301", "1+")]
    assert (parted[2]["left"], parted[2]["width"], parted[2]["conf"]) == ("1705", "123", "96.0")
    # Read in pieces on its caption's line, each piece sure ("2" "3" "2" for "282" in seed 73),
    # the figure is marked to be read again on its own however sure the pieces were.
    assert [r.get("parted", False) for r in parted] == [False, False, True]

    wales = [tsv_row("England", 1320, 154, 1232, 39, 96), tsv_row("and", 1492, 69, 1232, 32, 96),
             tsv_row("Wales", 1578, 114, 1232, 32, 97), tsv_row("-O", 1720, 97, 1244, 73, 35),
             tsv_row(";", 1832, 17, 1297, 19, 4), tsv_row("05%", 1863, 221, 1244, 73, 96)]
    parted = rows_to_parted_lines(wales)
    assert [(r["text"], r["line_num"], float(r["conf"])) for r in parted] == [
        ("England", "1", 96), ("and", "1", 96), ("Wales", "1", 97), ("-O;05%", "1+", 4)]


def test_a_tiny_piece_of_punctuation_does_not_set_where_caption_and_figure_part():
    from extractors.ocr import rows_to_parted_lines

    # As Tesseract read "England and" beside "-0.05%" (writer-picture seed 11, 300 dpi): the
    # point read as a ";" 14 pixels high. Measured with it, the cut between small and large
    # fell below "England" (its capital and descender make it 41 pixels an em), which then
    # went with the figure and sized it as caption type.
    wales = [tsv_row("England", 744, 147, 2022, 39, 96.8), tsv_row("and", 907, 65, 2022, 31, 95.8),
             tsv_row("-0", 1018, 72, 2034, 64, 87.1), tsv_row(";", 1099, 13, 2083, 14, 31.0),
             tsv_row("05%", 1122, 174, 2034, 64, 96.9)]
    assert [(r["text"], r["line_num"]) for r in rows_to_parted_lines(wales)] == [
        ("England", "1"), ("and", "1"), ("-0;05%", "1+")]


def test_a_line_of_one_size_is_left_as_read_and_words_are_never_joined():
    from extractors.ocr import rows_to_parted_lines

    # A heading of large words a narrow space apart is one line, as read.
    heading = [tsv_row("Calls", 100, 120, 40, 70, 96), tsv_row("for", 245, 70, 40, 70, 96)]
    assert rows_to_parted_lines(heading) == heading
    # A line of text with a footnote number 0.6 times its size: the number is parted from
    # the words (each sized on its own, as the text layer has them), and the words, one of
    # them unsure and a narrow space apart, stay two words.
    marked = [tsv_row("recorded", 100, 180, 40, 42, 96), tsv_row("crime.", 290, 130, 40, 42, 62),
              tsv_row("12", 422, 30, 34, 25, 80)]
    assert [(r["text"], r["line_num"], r.get("parted", False)) for r in rows_to_parted_lines(marked)] == [
        ("12", "1", False), ("recorded", "1+", False), ("crime.", "1+", False)]


def test_a_word_boxed_over_two_lines_is_read_again_as_the_lines_it_covers():
    from PIL import ImageFont

    from extractors.ocr import rows_with_lines_read_apart, tesseract_path

    # As Tesseract boxed a wrapped caption beside its figure (writer-picture seed 22, 300 dpi):
    # one word, "Constabulary", over both the caption's lines; "Lancashire" was not read.
    serif = "/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf"
    image = Image.new("L", (700, 160), 255)
    draw = ImageDraw.Draw(image)
    caption = ImageFont.truetype(serif.format("Regular"), 40)
    draw.text((20, 60), "Lancashire", font=caption, fill=0, anchor="ls")
    draw.text((20, 116), "Constabulary", font=caption, fill=0, anchor="ls")
    draw.text((300, 110), "301", font=ImageFont.truetype(serif.format("Bold"), 100), fill=0, anchor="ls")
    top, bottom = draw.textbbox((20, 60), "Lancashire", font=caption, anchor="ls")[1], \
        draw.textbbox((20, 116), "Constabulary", font=caption, anchor="ls")[3]
    boxed = tsv_row("Constabulary", 20, 230, top, bottom - top, 71.8)
    figure = tsv_row("301", 300, 170, 40, 72, 22.9)
    rows = rows_with_lines_read_apart(tesseract_path(), image, 300, [boxed, figure], "a test picture")
    assert [r["text"] for r in rows] == ["Lancashire", "Constabulary", "301"]
    assert len({r["line_num"] for r in rows[:2]}) == 2  # a line each, neither the figure's
    assert all(int(r["height"]) < 50 for r in rows[:2])
    # A word whose box holds one band of ink is left as it is.
    assert rows_with_lines_read_apart(tesseract_path(), image, 300, [figure], "a test picture") == [figure]


def test_a_large_word_that_reads_as_no_figure_is_read_again_glyph_by_glyph():
    from PIL import ImageFont

    from extractors.ocr import _read_large_words_glyph_by_glyph, tesseract_path

    # Bold Caladea figures read by Tesseract as a whole (writer-picture seeds 7, 14, 597, 602):
    # "77" read as "Cl", or as one "7"; each glyph alone reads as a seven.
    bold = ImageFont.truetype(FACES["Caladea"].format("Bold"), 96)
    image = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(image)
    rows = []
    for n, (left, text) in enumerate(((20, "England"), (200, "and"), (300, "Wales"))):
        draw.text((left, 120), text, font=ImageFont.truetype(FACES["Caladea"].format("Regular"), 40), fill=0, anchor="ls")
        x0, y0, x1, y1 = draw.textbbox((left, 120), text, font=ImageFont.truetype(FACES["Caladea"].format("Regular"), 40),
                                       anchor="ls")
        rows.append(tsv_row(text, x0, x1 - x0, y0, y1 - y0, 96, line="1"))
    for left, figure, read in ((480, "77", "Cl"), (700, "89", "89")):
        draw.text((left, 150), figure, font=bold, fill=0, anchor="ls")
        x0, y0, x1, y1 = draw.textbbox((left, 150), figure, font=bold, anchor="ls")
        rows.append(tsv_row(read, x0, x1 - x0, y0, y1 - y0, 76.8, line="2"))
    _read_large_words_glyph_by_glyph(tesseract_path(), image, 300, rows, "a test picture")
    assert [r["text"] for r in rows] == ["England", "and", "Wales", "77", "89"]
    assert float(rows[3]["conf"]) >= 90  # each glyph read surely
    # The same "77" read as one "7": fewer characters than glyphs, read again too.
    rows[3] = dict(rows[3], text="7", conf="96")
    _read_large_words_glyph_by_glyph(tesseract_path(), image, 300, rows, "a test picture")
    assert rows[3]["text"] == "77"


def test_a_figure_read_glyph_by_glyph_may_gain_digits_but_never_lose_what_it_read():
    from extractors.ocr import _only_adds_digits

    assert _only_adds_digits("7", "77") and _only_adds_digits("0%", "10%") and _only_adds_digits("+1%", "+13%")
    # A "%" whose parts stand apart, each read as a figure, is not a figure gained.
    assert not _only_adds_digits("10%", "1000") and not _only_adds_digits("-0.05%", "-0,05%")
