"""Every threshold of the layout layer, in one place.

Sizes are ratios to the body text's size (or to a line's own size); distances are in
ems of the text they measure, never in points or page coordinates, so the same rule
holds at 9 pt and at 12 pt, on A4 and on Letter.  Page bands are shares of the page.
Each value was judged against the random printings of `make fuzz`, never one PDF.
"""

from __future__ import annotations

# ------------------------------------------------------- a line's text (extractors/model.py)
# Two words of a line further apart than this share of their size are set apart by a space
# (words split at a change of font touch); before closing punctuation ("," "." ")"), which
# follows no space in English, only a gap wider than the second: a slanted word's box may
# stand off from its roman comma by more than a tenth of an em, never by a word space.
WORD_SPACE_EM = 0.1
CLOSING_PUNCTUATION_SPACE_EM = 0.2

# ------------------------------------------------------- words (extractors/plumber.py)
# Two glyphs on a line further apart than this share of their size are two words, when
# the PDF draws no space between them (Skia sets words as runs of their own).  Below
# every font's space (0.2-0.32 em, and justification only widens it), above the
# nothing between the letters of a word.
WORD_GAP_EM = 0.15

# ---------------------------------------------------------------- lines (extractors/lines.py)
# Two words on one baseline further apart than this sit in different columns
# (infographic blocks, table cells), not in one line of prose.
COLUMN_GAP_EM = 1.5
# A word this much smaller than its line's text, or raised this far above its
# baseline, is a superscript.
SUPERSCRIPT_SIZE_RATIO = 0.85
SUPERSCRIPT_RISE_EM = 0.2
# Small capitals a font lacks are drawn as capitals at this share of the type's size
# (LibreOffice 0.8, browsers 0.7): a line of them is set at the size of its full capitals.
SMALL_CAPITALS_MIN_RATIO = 0.6
SMALL_CAPITALS_MAX_RATIO = 0.9
# A heading's next line stands at most this far under it, baseline to baseline: double
# spacing of a heading's type (2 x 1.15 em).
SMALL_CAPITALS_PITCH_EM = 2.5
# Words whose bottoms differ by less than this share a baseline.
SAME_BASELINE_EM = 0.15
# No glyph a text sets advances less than this (an "i" or a stop is about a quarter of an em).
NARROWEST_GLYPH_EM = 0.15
# A number that opens a row and is followed, across a tab, by text no smaller than it
# is the number of a footnote, list item or heading ("1<tab>Full details ..."), not a
# column of its own; this far it may stand from its text.
NUMBER_TAB_EM = 6.0
# A figure set beside its caption is much larger than the caption and stands apart
# from it; a superscript is much smaller but glued to its word.
FIGURE_SIZE_RATIO = 1.6
FIGURE_GAP_EM = 0.25
# A list bullet drawn as a shape (a dot or square, no character) is at most this share
# of its text's size across, and stands at most this far (in ems) before the text.
BULLET_MAX_EM = 0.6
BULLET_GAP_EM = 3.0

# ------------------------------------------------------- text in pictures (extractors/ocr.py)
# A line whose strokes are this much thicker, for its size, than the picture's text at large
# is bold. Measured on panels printed in five faces (serif and sans) at 300 dpi: bold titles
# 1.23-1.8 times, regular and italic lines 0.9-1.12.
BOLD_STEM_RATIO = 1.17
# Words this many times larger (in ems) than others of the line Tesseract put them on have
# a line of their own: a large figure beside its caption ("England and Wales 282"), shrunk
# to fit a narrow panel, was read 1.7-1.8 times its caption; the words of a line in one type
# are read up to 1.4 times apart (an italic "f" taken to rise). A raised footnote number,
# 1.7 times smaller, is parted from its line so: each sized and placed as the text layer has them.
MIXED_LINE_RATIO = 1.5

# ---------------------------------------------------------- regions (extractors/structure.py)
HEADING_SIZE_RATIO = 1.1  # a line this much larger than body text is a heading
# A size read from a picture is an estimate, a tenth or so either way with the face: a line
# read so is a heading by size alone only when this much larger (between the two, only bold).
OCR_HEADING_SIZE_RATIO = 1.25
# Two lines read from a picture are in one type when their sizes differ by less than this share
# of the larger: DejaVu Serif's lines of one description were read at 10.89 and 9.38 (14 %).
OCR_SIZE_PLAY = 0.16
FOOTNOTE_SIZE_RATIO = 0.92  # footnote text is set smaller than body text
FURNITURE_BAND = 0.1  # running headers and footers sit in this top/bottom share of the page
# Lines of one paragraph follow each other at the text's leading (in ems of the line):
# never further apart than this at single spacing, nor than the document's own measured
# gap between a paragraph's lines (1.5 or double spacing) and this much more.
CONTINUATION_GAP_EM = 0.45
# A line that stops mid-phrase ("... 12 months to") goes on in the line under it, set up to
# this far under it (in ems): double spacing, where the document's own leading is tighter
# (a report of tables at single spacing, its infographic's captions double spaced).
OPEN_LINE_GAP_EM = 1.5
# A paragraph's first line may be indented (a house style with no space between paragraphs):
# its next line starts left of it by up to this (Word's 1.27 cm default tab is 4 em of 9 pt type).
FIRST_LINE_INDENT_EM = 4.5
# Lines set at a leading tighter than their type (9 pt lines of 9.5 pt type) have boxes that
# overlap by up to this: a gap down to minus this is still a line's own leading.
LINE_OVERLAP_EM = 0.3
# A line reaching this share of the text's width wrapped: the line under it goes on with its paragraph.
FULL_LINE_RATIO = 0.75
LINE_GAP_SLACK_EM = 0.3
# A line that ends a sentence with this much room to spare after the next line's first word
# (and a word space) ended its paragraph: a word processor wraps only a word that does not fit.
ROOM_TO_SPARE_EM = 0.5
# The body stops at least this far above a footnote run on at the top of the note area.
SET_APART_EM = 1.5
# One footnote's lines follow each other at one pitch (top to top); a line further above than
# this times that pitch is set at another leading (the body's, or a gap between two notes).
NOTE_PITCH_RATIO = 1.15
# A word fits in the room a line leaves when the room exceeds the word and a space before it
# by this much more (rounding, kerning).
NOTE_WORD_ROOM_EM = 0.1
# Lines of one flow step down the page alike to a hundredth of a point; a step unlike the
# others by more than this (in ems) starts another flow (the footnote area under the body).
FLOW_STEP_EM = 0.08
# A space taken as wide as a monospaced font's, where a line gives none to measure.
WIDE_SPACE_EM = 0.6
# A line nearer the line above than the document's gap between a paragraph's lines, by more than
# this (in ems), is not that paragraph's next line: it is set in another flow (the footnote area
# stands at the page's foot, off the body's grid of lines).
OFF_LEADING_EM = 0.2
# A frame that reaches this far above a line holds more than the line.
FRAME_REACH_EM = 2.0
CONTENTS_MIN_ENTRIES = 3  # a page with this many "title .... page" lines is a contents page

# ---------------------------------------------------------- tables (extractors/grade_table.py)
# In ems of the table's own text: how far a cell's text may sit from its row's grade,
# how far apart two grades of one table may be, and how far a cell may stray from its column.
ROW_REACH_EM = 2.6
TABLE_GAP_EM = 8.0
COLUMN_SLACK_EM = 1.0
# Lines of one cell follow each other at the text's leading; rows are set further apart
# (cell padding).
CELL_LINE_GAP_EM = 0.45

# ------------------------------------------------- infographic (extractors/headline_metrics.py)
VALUE_SIZE_RATIO = 1.15  # figures are set at least this much larger than body text (a panel may shrink them to fit)

# ---------------------------------------------------- prose (extractors/narrative_statistics.py)
# Lines further apart than this (in line heights) start a new paragraph.
PARAGRAPH_GAP = 1.0
# A heading set in a band: a fill at least this share of the page's width (wider than any
# table cell or infographic panel of two or more columns), at most this many ems of the
# heading's type high (a heading of up to three lines double spaced, and the band's padding).
BAND_WIDTH_RATIO = 0.5
BAND_HEIGHT_EM = 7.0
# A word box read from a picture this much taller than the tallest band of ink inside it
# was boxed over more than its word (over two lines of a caption).
LOOSE_BOX_RATIO = 1.5

# Words: a closed form at least this common in English (wordfreq's Zipf scale, 3 = once a
# million words) is the word a line-end hyphen broke, when the document's own words cannot
# tell. At 3.0 the compounds the reports hyphenate ("full-time" 2.9, "decision-making" 2.1,
# "re-offending" 2.0) stay hyphenated; "co-ordinated" (3.8) does not, unless the document
# writes it whole elsewhere.
COMMON_WORD_ZIPF = 3.0
# A phrasal compound's closed form is often a word too ("set-up" and "setup", "roll-out"
# and "rollout", 3.1 to 4.2): a line-end hyphen before a particle stays unless the closed
# form is as common as "nearby" (4.6), "throughout" (5.0) or "without" (5.7).
CLOSED_PHRASAL_ZIPF = 4.5
