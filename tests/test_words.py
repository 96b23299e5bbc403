"""Characters become the words pdfplumber's `extract_words` would make of them, whichever code groups them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extractors.model import Line
from extractors.plumber import _LIGATURES, chars_to_words, chars_to_words_by_pdfplumber


def _char(text, x0, top, size=10.0, upright=True, bold=False, color=(0, 0, 0), width=5.0):
    return [text, x0, x0 + width, top, top + size, (size, "Helvetica", bold, False, color, upright)]


def _word(text, x0, top, **style):
    return [_char(ch, x0 + 5 * k, top, **style) for k, ch in enumerate(text)]


CASES = {
    "a line of words": _word("one", 10, 100) + [_char(" ", 25, 100)] + _word("two", 30, 100),
    "a gap wider than the tolerance": _word("ab", 10, 100) + _word("cd", 22, 100),
    "a gap within the tolerance": _word("ab", 10, 100) + _word("cd", 21.4, 100),
    "a raised superscript": _word("text", 10, 100) + _word("12", 30, 97, size=6.0),
    "tops within the tolerance, chained": _word("abc", 10, 100.0) + _word("def", 25, 100.9) + _word("ghi", 40, 101.8),
    "drawn right to left": list(reversed(_word("abcd", 10, 100))),
    "a character left of the one before": _word("ab", 10, 100) + [_char("c", 12, 100)],
    "a change of style inside a run": _word("ab", 10, 100) + _word("cd", 20, 100, bold=True),
    "a change of colour": _word("ab", 10, 100) + _word("cd", 20, 100, color=(255, 255, 255)),
    "a ligature": _word("o", 10, 100) + [_char("\ufb01", 15, 100)] + _word("ce", 20, 100),
    "an empty character": _word("ab", 10, 100) + [_char("", 20, 100)] + _word("cd", 25, 100),
    "two lines in one run": _word("first", 10, 100) + _word("second", 10, 112),
    "equal x0 keeps drawing order": [_char("b", 10, 100), _char("a", 10, 100)],
    "rotated text": _word("up", 10, 100, upright=False) + _word("flat", 10, 120),
    "small type, no space drawn": _word("ab", 10, 100, size=7.6) + _word("cd", 21.44, 100, size=7.6),
    "large type, letters spaced": _word("ab", 10, 100, size=24.0) + _word("cd", 22, 100, size=24.0),
    "nothing": [],
}


@pytest.mark.parametrize("case", list(CASES))
def test_words_are_pdfplumbers_words(case):
    # pdfplumber's words do not say whether a space stands before each: compared without it.
    chars = CASES[case]
    assert [replace(w, spaced=False) for w in chars_to_words(chars)] == chars_to_words_by_pdfplumber(chars)


def test_a_word_after_a_space_says_so_however_narrow_the_gap():
    # "of Practice": the space after an italic "f" whose hook overhangs it leaves less than
    # a tenth of an em; the word after it is still spaced from it.
    chars = _word("of", 10, 100) + [_char(" ", 20.4, 100)] + _word("Practice", 20.8, 100)
    words = chars_to_words(chars)
    assert [(w.text, w.spaced) for w in words] == [("of", False), ("Practice", True)]
    assert Line(tuple(words), 10.0, False).text == "of Practice"
    touching = chars_to_words(_word("London", 10, 100) + _word(".", 40, 100, bold=True))
    assert [w.spaced for w in touching] == [False, False]


def test_the_word_settings_split_what_they_should():
    raised = _word("text", 10, 200) + _word("12", 30, 197, size=6.0)
    words = chars_to_words(CASES["a gap wider than the tolerance"] + raised)
    assert [w.text for w in words] == ["ab", "cd", "text", "12"]


def test_ligatures_expand_as_pdfplumbers_do():
    from pdfplumber.utils.text import LIGATURES

    assert _LIGATURES == LIGATURES


@pytest.mark.parametrize("lower", [0.0, 0.3])
def test_a_glyph_drawn_twice_a_fraction_of_its_width_apart_is_read_once(lower):
    # "Fake bold": the heading drawn again 0.4 pt to the right (and maybe a little lower), in the regular font.
    heading = _word("Head", 10, 100) + _word("Head", 10.4, 100 + lower)
    assert [w.text for w in chars_to_words(heading)] == ["Head"]


def test_a_real_double_letter_is_kept():
    assert [w.text for w in chars_to_words(_word("all", 10, 100))] == ["all"]


def test_words_set_with_no_space_between_them_part_at_a_share_of_their_size():
    # Skia sets each word of justified text as a run of its own, with no space glyph: in notes
    # at 7.6 pt "Policing," and "staff" stood 1.44 pt (0.19 em) apart and read as one word.
    notes = _word("Policing,", 10, 100, size=7.6) + _word("staff", 10 + 45 + 1.44, 100, size=7.6)
    assert [w.text for w in chars_to_words(notes)] == ["Policing,", "staff"]
    # Type three times larger, letters spaced a twelfth of an em: one word.
    tracked = _word("NOTES", 10, 200, size=24.0, width=17.0)
    for k, ch in enumerate(tracked):
        ch[1], ch[2] = 10 + 19.0 * k, 10 + 19.0 * k + 17.0
    assert [w.text for w in chars_to_words(tracked)] == ["NOTES"]


def test_a_typographic_hyphen_is_read_as_a_hyphen():
    # WeasyPrint's hyphenation prints U+2010 ("Requires im‐" / "provement" in a grade cell):
    # read as itself, the grade's pieces were no grade.
    assert [w.text for w in chars_to_words(_word("im\u2010", 10, 100))] == ["im-"]
    assert [w.text for w in chars_to_words(_word("non\u2011crime", 10, 100))] == ["non-crime"]
