"""Lines and superscripts from hand-built words: smaller, raised, or both."""

from dataclasses import replace

from extractors.lines import words_to_lines
from extractors.model import Word


def w(text, x0, bottom, size=11.0, width=None):
    width = width or len(text) * size * 0.5
    return Word(text, x0, bottom - size, x0 + width, bottom, size)


def test_smaller_and_raised_marker():
    words = [w("strategy", 72, 200), w("3", 116, 196.4, size=6.8, width=3.8), w("and", 123, 200)]
    (line,) = words_to_lines(words)
    assert line.markers == [3]
    assert line.text == "strategy and"


def test_only_smaller_marker_on_the_baseline():
    words = [w("2017", 72, 200), w("7,8", 94, 200, size=6.8, width=9)]
    (line,) = words_to_lines(words)
    assert line.markers == [7, 8]
    assert line.text == "2017"


def test_only_raised_marker_same_size_is_not_glued_into_the_number():
    # "2,700" then a raised "26": a different baseline, re-attached to the line it touches.
    words = [w("2,700", 72, 200, width=28), w("26", 100, 196.0, width=11), w("police", 114, 200)]
    lines = words_to_lines(words)
    assert len(lines) == 1
    assert lines[0].markers == [26]
    assert lines[0].text == "2,700 police"


def test_raised_marker_joins_the_line_below_not_the_line_above():
    above = [w("policing", 72, 186), w("model", 120, 186)]
    below = [w("strategy", 72, 200, width=40), w("3", 112, 196.0, width=5.5), w("and", 121, 200)]
    lines = words_to_lines(above + below)
    assert [l.text for l in lines] == ["policing model", "strategy and"]
    assert lines[1].markers == [3]


def test_a_raised_note_number_between_brackets_opens_its_notes_line():
    # A note numbered "[2]" in small raised type, a tab before its text: the number has a
    # baseline of its own, and goes back into the line it opens (Writer, seed 127).
    words = [w("[2]", 62.5, 767.6, size=6.4, width=8.7), w("The", 72.3, 773.6), w("2016", 92, 773.6)]
    (line,) = words_to_lines(words)
    assert [(x.text, x.superscript) for x in line.words] == [("[2]", True), ("The", False), ("2016", False)]
    assert line.size == 11.0 and line.markers == []  # the note's own number, no mark citing a note


def test_a_raised_note_number_between_brackets_stays_with_a_figure_opening_its_text():
    # "[26]<tab>60 case files were reviewed ...": a small number before a large figure is
    # no caption beside its figure when it is a note's number (Chromium, seed 4).
    words = [w("[26]", 62.2, 73.5, size=5.5, width=9.2), w("60", 79.2, 77.7, size=9.5, width=9.6),
             w("case", 91.1, 77.7, size=9.5, width=16.4)]
    (line,) = words_to_lines(words)
    assert [(x.text, x.superscript) for x in line.words] == [("[26]", True), ("60", False), ("case", False)]


def test_a_line_in_small_capitals_is_set_at_the_size_of_its_full_capitals():
    # Writer draws the small capitals a font lacks as capitals at 0.8 of the size: "P" at
    # 9.5 pt glued to "REVENTING" at 7.6 pt. The heading is 9.5 pt type, not 7.6 pt.
    words = [w("P", 76.7, 76.0, size=9.5, width=6.3), w("REVENTING", 83.0, 75.62, size=7.6, width=44.3),
             w("CRIME", 130.0, 75.62, size=7.6, width=24.4)]
    (line,) = words_to_lines(words)
    assert line.size == 9.5 and line.text == "PREVENTING CRIME"
    # Chromium draws them at 0.7 of the size and maps them back to their lower-case letters;
    # WeasyPrint maps the capitals drawn to either case at random. They are capitals.
    words = [w("E", 76.5, 75.4, size=9.49, width=6.3), w("ffectiveness", 82.8, 74.85, size=6.75, width=50.7),
             w("overview", 136.5, 74.85, size=6.75, width=36.2)]
    (line,) = words_to_lines(words)
    assert line.size == 9.49 and line.text == "EFFECTIVENESS OVERVIEW"
    words = [w("p", 59.5, 91.29, size=22.0, width=13.1), w("reventIng", 72.6, 90.08, size=15.96, width=84.5),
             w("crIme", 160.6, 90.08, size=15.96, width=47.1)]
    (line,) = words_to_lines(words)
    assert line.size == 22.0 and line.text == "PREVENTING CRIME"


def test_a_double_spaced_heading_in_small_capitals_wraps_onto_a_line_of_its_size():
    # Chromium, double spaced (seed 18): "4. Preventing crime and tackling anti-" at 21 pt, its
    # small capitals at 15 pt, and "behaviour" alone on the next line, 46.8 pt lower.
    first = [w("4.", 62.2, 97.2, size=21.0, width=15.8), w("P", 83.2, 97.2, size=21.0, width=12.9),
             w("reventing", 96.1, 96.0, size=15.0, width=90.3), w("crime", 192.2, 96.0, size=15.0, width=50.9),
             w("and", 249.1, 96.0, size=15.0, width=31.7), w("tackling", 286.8, 96.0, size=15.0, width=80.1),
             w("anti", 372.6, 96.0, size=15.0, width=37.0),
             w("-", 410.1, 97.2, size=21.0, width=7.0)]
    wrapped = [w("behaviour", 62.2, 144.0, size=15.0, width=90.7)]
    body = [w("The", 62.2, 190.0, size=11.5, width=17.9), w("force", 83.0, 190.0, size=11.5, width=23.6)]
    lines = words_to_lines(first + wrapped + body)
    assert [(line.text, line.size) for line in lines] == [
        ("4. PREVENTING CRIME AND TACKLING ANTI-", 21.0), ("BEHAVIOUR", 21.0), ("The force", 11.5)]
    # A line of that size further down is no line of the heading.
    (_, apart, _) = words_to_lines(first + [replace(wrapped[0], top=170.0, bottom=185.0)] + body)
    assert apart.size == 15.0


def test_a_panel_title_a_little_smaller_than_the_small_capitals_above_is_no_wrapped_line():
    # WeasyPrint seed 4: "FORCE IN NUMBERS" in small capitals (17 pt, drawn at 11.92 pt), then a
    # panel's title in capitals at 11.4 pt, indented into its panel: not the heading's line.
    heading = [w("F", 62.4, 88.99, size=17.0, width=10.4), w("ORCE", 72.8, 87.98, size=11.92, width=34.4),
               w("IN", 110.2, 87.98, size=11.92, width=13.2), w("NUMBERS", 126.4, 87.98, size=11.92, width=59.5)]
    title = [w("CALLS", 70.2, 129.95, size=11.4, width=24.7), w("FOR", 97.8, 129.95, size=11.4, width=14.3)]
    lines = words_to_lines(heading + title)
    assert [(line.text, line.size) for line in lines] == [("FORCE IN NUMBERS", 17.0), ("CALLS FOR", 11.4)]


def test_a_small_word_in_capitals_beside_a_larger_one_is_no_small_capitals():
    # Words of two sizes apart, or a larger piece holding a lower-case letter: only a full
    # capital glued to smaller letters opens a word in small capitals.
    apart = [w("A", 72, 200, size=11.0, width=7.3), w("ROAD", 84, 199.6, size=8.8, width=24)]
    (line,) = words_to_lines(apart)
    assert line.size == 8.8
    lower = [w("Pr", 72, 200, size=11.0, width=11.3), w("eventing", 83.3, 199.6, size=8.8, width=36)]
    (line,) = words_to_lines(lower)
    assert line.size == 8.8


def test_a_comma_after_an_italic_word_follows_no_space():
    # AbiWord seed 1932: "Weapons" in italics ends 0.96 pt (0.11 em) before its roman ",",
    # a gap that parts two words of a line, but no word space before closing punctuation.
    words = [w("Lethal", 250.0, 200, size=9.0, width=26.0), replace(w("Weapons", 279.0, 200, size=9.0, width=52.34),
                                                                   italic=True),
             w(",", 332.3, 200, size=9.0, width=2.3), w("Home", 337.0, 200, size=9.0, width=22.0)]
    (line,) = words_to_lines(words)
    assert line.text == "Lethal Weapons, Home"
    # A word a word space apart is spaced, whatever it opens with.
    (line,) = words_to_lines([w("Weapons", 279.0, 200, size=9.0, width=52.34), w("(2003)", 334.0, 200, size=9.0)])
    assert line.text == "Weapons (2003)"


def test_normal_numbers_are_not_markers():
    (line,) = words_to_lines([w("In", 72, 200), w("2017", 86, 200), w("we", 112, 200)])
    assert line.markers == [] and line.text == "In 2017 we"


def test_column_gap_splits_lines_but_a_large_figure_does_not_merge_neighbouring_lines():
    left1 = [w("Metropolitan", 80, 543.7, size=10.1), w("Police", 145, 543.7, size=10.1)]
    left2 = [w("Service", 80, 556.3, size=10.1)]
    right = [w("11%", 315, 557.7, size=22.0, width=36)]
    lines = words_to_lines(left1 + left2 + right)
    texts = sorted(l.text for l in lines)
    assert texts == ["11%", "Metropolitan Police", "Service"]


# ------------------------------------------------------------ bullets drawn as shapes
DOTS = "bullets-drawn-as-dots-chromium-seed2-p4"


def _page_without_bullet_words(name: str, number: int):
    from page_fixtures import load_document

    page = load_document(name).pages[number - 1]
    return page, [w for line in page.lines for w in line.words if w.text != "•"]


def test_dots_drawn_before_list_items_become_their_bullets():
    # Chromium draws each bullet of a list as a 3 pt filled circle, with no character in the
    # text: the three items (two recommendations, one area for improvement) would read as
    # one paragraph each with the line under them.
    from extractors.lines import graphics_to_bullets, graphics_to_dividers

    page, words = _page_without_bullet_words(DOTS, 4)
    bullets = graphics_to_bullets(page.graphics, words)
    lines = words_to_lines(words + bullets, graphics_to_dividers(page.graphics))
    assert [line.text[:40].rstrip() for line in lines if line.text.startswith("• ")] == [
        "• Within three months, the force should",
        "• Within six months, the force should en",
        "• The force should improve the way it re",
    ]


def test_a_dot_within_a_line_or_a_shape_as_large_as_the_text_is_no_bullet():
    from extractors.lines import graphics_to_bullets
    from extractors.model import Graphic

    words = [Word("Police", 100.0, 100.0, 130.0, 110.0, 10.0), Word("data", 140.0, 100.0, 160.0, 110.0, 10.0)]
    dot_between = Graphic("curve", 133.0, 103.5, 136.0, 106.5, None, (0, 0, 0))  # a mark inside the line
    large = Graphic("rect", 82.0, 98.0, 94.0, 110.0, None, (0, 0, 0))  # an icon as large as the text
    flat = Graphic("rect", 90.0, 104.0, 96.0, 105.0, None, (0, 0, 0))  # a dash, not a dot
    invisible = Graphic("curve", 92.0, 103.5, 95.0, 106.5, None, None)
    assert graphics_to_bullets([dot_between, large, flat, invisible], words) == []
    dot = Graphic("curve", 92.0, 103.5, 95.0, 106.5, None, (0, 0, 0))
    assert [(w.text, w.x0, w.top, w.size) for w in graphics_to_bullets([dot], words)] == [("•", 92.0, 100.0, 10.0)]


def test_a_word_space_narrowed_by_an_overhanging_f_is_still_a_space():
    # Chromium's bold 9.5 pt "Area of policing": the space after "of" leaves 1.34 pt (0.14 em)
    # between the hook of the "f" and the "p"; words split at a change of font touch.
    from extractors.model import Line

    of, policing = Word("of", 79.08, 137.2, 88.04, 147.0, 9.5, True), Word("policing", 89.38, 137.2, 123.48, 147.0, 9.5, True)
    assert Line((of, policing), 9.5, True).text == "of policing"
    london, stop = Word("London", 100.0, 137.2, 130.0, 147.0, 9.5, italic=True), Word(".", 130.3, 137.2, 132.5, 147.0, 9.5)
    assert Line((london, stop), 9.5, False).text == "London."
