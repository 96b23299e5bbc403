"""Controlled vocabularies shared by extractors, validation and the warehouse."""

from __future__ import annotations

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

# PEEL grades, best first.  "Adequate" exists only on the five-tier scale
# used from PEEL 2021/22; "Ungraded" marks a question inspected but not graded.
GRADES = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
UNGRADED = "Ungraded"
GRADE_VOCABULARY = GRADES + (UNGRADED,)
FOUR_TIER = ("Outstanding", "Good", "Requires improvement", "Inadequate")
# Each generation declares its scale (schemas/layouts/): grades best first.
GRADE_SCALES = {"four-tier": FOUR_TIER, "five-tier": GRADES}

# "integrated": one report grading all three pillars (2018/19) or areas of policing (2021 on).
PILLARS = ("effectiveness", "efficiency", "legitimacy", "leadership", "integrated")

# Units of "Force in numbers" figures and the range a value may take.
UNIT_RANGES: dict[str, tuple[float, float]] = {
    "per 1,000 population": (0.0, 1000.0),
    "per 1 million population": (0.0, 1_000_000.0),
    "percent": (0.0, 100.0),
    "percent change": (-100.0, 1000.0),
}
UNITS = tuple(UNIT_RANGES)

ENGLAND_AND_WALES = "England and Wales"


def canonical_grade(text: str) -> str | None:
    """'requires  Improvement' -> 'Requires improvement'; None when not a grade."""
    wanted = " ".join(text.replace("\u00ad", "").split()).lower()
    for grade in GRADE_VOCABULARY:
        if grade.lower() == wanted:
            return grade
    return None
