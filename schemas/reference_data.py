"""Lookups into the versioned reference data of schemas/reference/: populations and published grades.

A value the reference does not hold comes back as None with a note saying
why, so a check that needs it is skipped with that note instead of run on a guess.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from schemas.forces import REFERENCE, forces

# Rates in a report are per head of the population of the year before: the 2017
# reports divide by the mid-2016 estimates.
POPULATION_FILES = {2017: "force_population_mid2016.csv"}
ENGLAND_AND_WALES_ROW = "England and Wales (total)"


@lru_cache(maxsize=None)
def _populations(file_name: str) -> dict[str, int | None]:
    with open(REFERENCE / file_name, encoding="utf-8", newline="") as fh:
        return {r["force"]: (int(r["population"]) if r["population"].strip() else None) for r in csv.DictReader(fh)}


def population_of(force_id: str | None, report_year: int | None) -> tuple[int | None, str | None]:
    """(population the report's rates divide by, None) or (None, why it is not known)."""
    file_name = POPULATION_FILES.get(report_year)
    if file_name is None:
        return None, f"no population reference for reports of {report_year} in schemas/reference"
    force = next((f for f in forces() if f.force_id == force_id), None)
    if force is None:
        return None, "the force is not one of the 43"
    value = _populations(file_name).get(force.population_key)
    if value is None:
        return None, f"no population for {force.name} in schemas/reference/{file_name}"
    return value, None


def england_wales_population(report_year: int | None) -> int | None:
    file_name = POPULATION_FILES.get(report_year)
    return _populations(file_name).get(ENGLAND_AND_WALES_ROW) if file_name else None


@lru_cache(maxsize=1)
def _published() -> dict[tuple[str, str, str], str]:
    with open(REFERENCE / "peel_grades.csv", encoding="utf-8", newline="") as fh:
        return {(r["force"], r["year"], r["pillar"]): r["grade"] for r in csv.DictReader(fh) if r["question"] == "overall"}


def _grade_year(year: int | None) -> str:
    # The integrated inspection of 2018/19 is one year in the reference.
    return "2018/19" if year in (2018, 2019) else str(year)


def published_grade(force_id: str | None, year: int | None, pillar: str | None) -> tuple[str | None, str | None]:
    """(the pillar grade HMICFRS published, None) or (None, why there is none to compare with)."""
    force = next((f for f in forces() if f.force_id == force_id), None)
    if force is None:
        return None, "the force is not one of the 43"
    grade = _published().get((force.grades_key, _grade_year(year), pillar))
    if grade is None:
        return None, f"no published {year} {pillar} grade for {force.name} in schemas/reference/peel_grades.csv"
    return grade, None
