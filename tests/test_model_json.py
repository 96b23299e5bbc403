"""A page model saved as JSON comes back unchanged: what the page fixtures rely on."""

from __future__ import annotations

import json

from page_fixtures import fixture_to_dict

from extractors.model import (
    Graphic,
    Line,
    Page,
    Picture,
    Word,
    dict_to_document,
    dict_to_page,
    document_to_dict,
    page_to_dict,
)


def hand_built_page() -> Page:
    words = (
        Word("Requires", 300.0, 100.0, 340.5, 111.5, 11.5, bold=True, color=(255, 255, 255)),
        Word("7", 341.0, 98.0, 344.0, 104.0, 6.7, superscript=True),
        Word("416", 72.0, 120.0, 110.0, 144.0, 24.0, italic=True, ocr_confidence=0.87, color=(31, 78, 121)),
    )
    return Page(
        number=6, width=595.3, height=841.9,
        lines=(Line(words[:2], 11.5, True), Line(words[2:], 24.0, False)),
        char_count=12, has_images=True, ocr_regions=((50.0, 60.0, 300.0, 400.0),),
        graphics=(Graphic("rect", 295.0, 96.0, 400.0, 130.0, stroke=None, fill=(196, 106, 12)),
                  Graphic("line", 72.0, 750.0, 200.0, 750.5, stroke=(0, 0, 0), width=0.5)),
        pictures=(Picture(50.0, 60.0, 300.0, 400.0, pixel_width=1040, pixel_height=1417),),
    )


def through_json(data: dict) -> dict:
    return json.loads(json.dumps(data))


def test_a_hand_built_page_round_trips_through_json():
    page = hand_built_page()
    back = dict_to_page(through_json(page_to_dict(page)))
    assert back == page
    # Colours come back as tuples (JSON has only lists): compared and hashed like the originals.
    assert back.lines[0].words[0].color == (255, 255, 255)
    assert back.graphics[0].fill == (196, 106, 12) and back.graphics[0].stroke is None
    assert back.lines[0].words[1].is_marker


def test_a_word_saves_only_what_differs_from_the_defaults():
    plain = page_to_dict(Page(1, 100.0, 100.0, (Line((Word("Good", 1.0, 2.0, 3.0, 4.0, 10.0),), 10.0, False),)))
    assert plain["lines"][0][0] == {"text": "Good", "x0": 1.0, "top": 2.0, "x1": 3.0, "bottom": 4.0, "size": 10.0}


def test_a_fixture_document_round_trips_through_json():
    data = fixture_to_dict("grade-table-header-filled-narrow-seed7-p6")
    doc = dict_to_document(data)
    again = dict_to_document(through_json(document_to_dict(doc)))
    assert again == doc
    page = doc.pages[0]
    assert page.number == 6
    # The page holds what the fixture is for: white words, filled cells, rules.
    assert any(w.color == (255, 255, 255) for line in page.lines for w in line.words)
    assert any(g.fill not in (None, (255, 255, 255)) for g in page.graphics)
    assert any(g.stroke is not None for g in page.graphics)
