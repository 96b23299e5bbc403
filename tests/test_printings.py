"""Printings drawn at random (renderers/printings.py) must give every expected fact.

A fixed list of seeds, chosen so that together they take every value of
every style parameter, is rendered in one batch and each printing is
compared with its document's expected facts exactly as `make fuzz` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from renderers.facts import document_names, document_text
from renderers.fuzz import pdf_to_problems, reproduce_command
from renderers.printings import (
    BODY_SIZES,
    CHOICES,
    COVER_PICTURE_SHARE,
    DOUBLE_SPACED_SHARE,
    FULL_NOTE_RULE_SHARE,
    GREY_TEXT_SHARE,
    GREY_TEXTS,
    HEADING_CAPS_SHARE,
    HEADING_FONT_SHARE,
    HEADING_RULE_SHARE,
    HEADING_RULES,
    HEADING_SMALL_CAPS_SHARE,
    HYPHENATE_SHARE,
    INDENTED_SHARE,
    LINE_SPACINGS,
    NOTE_BRACKETS,
    NOTE_BRACKETS_SHARE,
    TABLE_BANDS_SHARE,
    PrintingStyle,
    render_printings,
    style_from_seed,
)

# The first twenty seeds, and the few more that bring the values those miss; then seeds
# of `make fuzz --start 200` once misread, each for a different kind of page: figures set
# close after their captions (205), a contents title with no room for leaders (270), a
# note whose text opens with a figure (271), grades run into their years or questions
# (384, 385), a table read from its grade column after the row reading gave up (365);
# and printings once misread at wider line spacing: captions split over a page by columns
# of uneven height (61, 1.15 lines), headings wrapped at 1.5 lines (96, 158). Four of the
# first twenty are double spaced (2, 11, 17, 18: a note's last word alone at the page's foot,
# captions split over a page beside lower figures), and 113 (a contents page too long for one);
# 116 sets its parts' headings in capitals. Headings in small capitals (2, 6, 14, 15, 1191),
# notes numbered between brackets (4, 18, 61), grey text (14, 22, 202, 205) and a banner
# opening the cover (3, 22, 61, 205) come with seeds already here; so do headings over a rule
# (3) or in a band (0, 16, 116), and notes under a full-width rule (13, 15, 205).
# Seven are hyphenated automatically (0, 2, 3, 16, 19, 61, 116).
SEEDS = sorted(set(range(20)) | {22, 69, 116, 202, 1191} | {205, 270, 271, 365, 384, 385} | {61, 96, 158, 113})


def style_values(style: PrintingStyle) -> set[tuple[str, object]]:
    return {(name, getattr(style, name))
            for name in (*CHOICES, "document", "body_size", "line_spacing", "paragraphs", "heading_caps", "table_bands",
                         "heading_small_caps", "note_brackets", "text_colour", "cover_picture", "heading_rule", "note_rule_width", "hyphenate")
            } | {("heading_font", bool(style.heading_font))}


def test_the_seeds_cover_every_parameter_value():
    every = {(name, v) for name, values in CHOICES.items() for v in values}
    every |= {("document", d) for d in document_names()} | {("body_size", b) for b in BODY_SIZES}
    every |= {("line_spacing", v) for v in (*LINE_SPACINGS, 2.0)} | {("paragraphs", v) for v in ("spaced", "indented")}
    every |= {("heading_caps", v) for v in (False, True)} | {("table_bands", v) for v in (False, True)}
    every |= {("heading_small_caps", v) for v in (False, True)} | {("cover_picture", v) for v in (False, True)}
    every |= {("note_brackets", v) for v in ("", *NOTE_BRACKETS)} | {("text_colour", v) for v in ("#000000", *GREY_TEXTS)}
    every |= {("heading_rule", v) for v in ("", *HEADING_RULES)} | {("note_rule_width", v) for v in ("short", "full")}
    every |= {("hyphenate", v) for v in (False, True)} | {("heading_font", v) for v in (False, True)}
    covered = set().union(*(style_values(style_from_seed(s)) for s in SEEDS))
    assert sorted(every - covered, key=str) == []
    assert len(SEEDS) >= 24


def test_a_seed_always_gives_the_same_style():
    assert [style_from_seed(s) for s in SEEDS] == [style_from_seed(s) for s in SEEDS]
    assert len({style_from_seed(s) for s in range(50)}) == 50


def test_the_real_report_is_printed_about_half_the_time():
    real = sum(style_from_seed(s).document == document_names()[0] for s in range(400))
    assert 150 <= real <= 250


def test_line_spacing_is_drawn_apart_from_the_other_parameters():
    # A seed's other parameters are what they were before printings drew a line spacing
    # (seed 205 as `make fuzz` reported it then).
    style = style_from_seed(205)
    assert (style.document, style.producer, style.font, style.body_size, style.page, style.margins_cm,
            style.fin_columns, style.fin_panel, style.fin_captions, style.footer) == (
        "peel-effectiveness-2017-metropolitan", "writer", "Liberation Sans", 11.0, "Letter", (2.2, 1.8, 1.8, 2.8),
        3, "filled", "beside", "number")
    spacings = [style_from_seed(s).line_spacing for s in range(300)]
    assert set(spacings) == {*LINE_SPACINGS, 2.0} and spacings.count(1.0) > spacings.count(1.5)
    # Double spacing is drawn apart again, so that the seeds it leaves alone keep their spacing.
    assert 0.5 * DOUBLE_SPACED_SHARE < spacings.count(2.0) / 300 < 1.5 * DOUBLE_SPACED_SHARE


def test_indented_paragraphs_are_drawn_for_a_share_of_writer_seeds_only():
    styles = [style_from_seed(s) for s in range(400)]
    writer = [s for s in styles if s.producer == "writer"]
    indented = [s for s in writer if s.paragraphs == "indented"]
    assert 0.5 * INDENTED_SHARE < len(indented) / len(writer) < 1.5 * INDENTED_SHARE
    assert all(s.paragraphs == "spaced" for s in styles if s.producer != "writer")


@pytest.mark.parametrize("name, share, undrawn", [
    ("heading_caps", HEADING_CAPS_SHARE, False), ("table_bands", TABLE_BANDS_SHARE, False),
    ("heading_small_caps", HEADING_SMALL_CAPS_SHARE, False), ("cover_picture", COVER_PICTURE_SHARE, False),
    ("note_brackets", NOTE_BRACKETS_SHARE, ""), ("text_colour", GREY_TEXT_SHARE, "#000000"),
    ("heading_rule", HEADING_RULE_SHARE, ""), ("hyphenate", HYPHENATE_SHARE, False),
    ("heading_font", HEADING_FONT_SHARE, ""),
])
def test_the_later_house_styles_are_drawn_for_a_share_of_writer_seeds_only(name, share, undrawn):
    styles = [style_from_seed(s) for s in range(600)]
    writer = [s for s in styles if s.producer == "writer"]
    assert 0.5 * share < sum(getattr(s, name) != undrawn for s in writer) / len(writer) < 1.5 * share
    assert all(getattr(s, name) == undrawn for s in styles if s.producer != "writer")


def test_a_full_width_note_rule_is_drawn_for_a_share_of_writer_seeds_with_a_rule_only():
    styles = [style_from_seed(s) for s in range(800)]
    ruled = [s for s in styles if s.producer == "writer" and s.note_rule]
    full = [s for s in ruled if s.note_rule_width == "full"]
    assert 0.5 * FULL_NOTE_RULE_SHARE < len(full) / len(ruled) < 1.5 * FULL_NOTE_RULE_SHARE
    assert all(s.note_rule_width == "short" for s in styles if s.producer != "writer" or not s.note_rule)


def test_headings_are_never_drawn_in_capitals_and_small_capitals_at_once():
    styles = [style_from_seed(s) for s in range(1000)]
    assert not any(s.heading_caps and s.heading_small_caps for s in styles)


def test_a_writer_style_varies_every_parameter_it_draws():
    writer = [style_from_seed(s) for s in range(300) if style_from_seed(s).producer == "writer"]
    for name, values in CHOICES.items():
        if name not in ("producer", "font"):
            assert {getattr(s, name) for s in writer} == set(values), name


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("printings")
    styles = [style_from_seed(s) for s in SEEDS]
    pdfs = {s.seed: folder / f"seed-{s.seed}.pdf" for s in styles}
    render_printings([(document_text(s.document), pdfs[s.seed], s) for s in styles])
    return pdfs


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_printing_is_read_right_or_refused_as_read_in_part(seed, printed):
    """Never loaded half-read: a printing is either read with every fact right, or the
    report's own checks quarantine it (issue of completeness, not luck)."""
    style = style_from_seed(seed)
    problems, verdict = pdf_to_problems(printed[seed], style)
    assert not problems or verdict.startswith("quarantined"), "\n".join(
        [f"seed {seed} would load wrong facts: {style.line()}", *problems, f"reproduce: {reproduce_command(seed)}"]
    )


def test_a_seed_read_by_the_second_parser_is_reproduced_with_it():
    assert reproduce_command(3).endswith("--seed 3 --keep seed-3.pdf")
    assert reproduce_command(3, parser="pdfplumber").endswith("--seed 3 --parser pdfplumber --keep seed-3.pdf")
    assert reproduce_command(3, "word", "pdfplumber").endswith("--seed 3 --producer word --parser pdfplumber --keep seed-3.pdf")


# Printings the extractor does not yet read in full (each is quarantined, as the test
# above holds): what goes wrong, as `make fuzz` reports it.  A seed that starts to
# pass fails its strict xfail, and is taken off this list.
NOT_YET_READ: dict[int, str] = {}


@pytest.mark.slow
@pytest.mark.parametrize(
    "seed",
    [pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=NOT_YET_READ[s])) if s in NOT_YET_READ else s
     for s in SEEDS],
)
def test_printing_gives_the_expected_facts(seed, printed):
    style = style_from_seed(seed)
    problems, verdict = pdf_to_problems(printed[seed], style)
    assert not problems, "\n".join(
        [f"seed {seed} ({verdict}): {style.line()}", *problems, f"reproduce: {reproduce_command(seed)}"]
    )
