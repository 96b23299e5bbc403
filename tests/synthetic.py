"""Synthetic 2017 effectiveness reports for other forces, made from the real report's structure.

Each keeps the real report's England and Wales figures and text, swaps in
another force's name, and states that force's own figures: rates derived
from a plausible count over the force's real mid-2016 population.  Every one
says on its cover that it is a synthetic test document; they are written to
temporary folders only, never to raw_reports/.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "samples" / "peel-effectiveness-2017-metropolitan.txt"
MET = "Metropolitan Police Service"


def _population(key: str) -> int:
    with open(ROOT / "schemas" / "reference" / "force_population_mid2016.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["force"] == key:
                return int(row["population"])
    raise KeyError(key)


def force_text(
    force: str, population_key: str, seed: int, ew_overrides: dict[str, str] | None = None,
    prose_overrides: dict[str, str] | None = None,
) -> str:
    """The sample's text re-written for `force`, with figures consistent with its population.

    The prose sentences that restate infographic figures are re-written to match
    them, so the report is consistent with itself; `prose_overrides` then
    replaces exact phrases of the prose, to seed an inconsistency.
    """
    text = SOURCE.read_text(encoding="utf-8").replace(MET, force)
    text = text.replace("ISBN: 978-1-78655-549-6", f"ISBN: 978-1-78655-{600 + seed:03d}-{seed % 10}")
    text = text.replace(
        "March 2018\n", "March 2018\n\nSynthetic test document made by peel-etl's tests: not an HMICFRS publication.\n", 1
    )
    population = _population(population_key)
    lines = text.splitlines()
    # The infographic lists, per metric: description, force label, force value, E&W label, E&W value.
    start = lines.index("## Force in numbers")
    end = lines.index("## Risk-based inspection")
    out = lines[:start]
    metric = None
    label = None
    figures: dict[str, str] = {}
    for line in lines[start:end]:
        plain = line.strip().strip("*")
        if plain in (force, "England and Wales"):
            label = plain
        elif re.fullmatch(r"[+\-]?[\d.,]+%?", plain) and label:
            if label == force:
                figures[metric] = _force_figure(metric, plain, population, seed)
                line = line.replace(plain, figures[metric])
            elif ew_overrides and metric in ew_overrides:
                line = line.replace(plain, ew_overrides[metric])
            label = None
        elif plain and not plain.startswith("#"):
            metric = plain
        out.append(line)
    prose = "\n".join(lines[end:])
    for metric, figure in figures.items():
        prose = _restate(prose, metric, figure)
    for phrase, replacement in (prose_overrides or {}).items():
        if phrase not in prose:
            raise ValueError(f"{phrase!r} is not in the prose")
        prose = prose.replace(phrase, replacement)
    return "\n".join(out) + "\n" + prose


def _restate(prose: str, metric: str | None, figure: str) -> str:
    """Re-write the sample's sentences that restate an infographic figure, keeping their own arithmetic."""
    value = figure.strip("+-%")
    if metric and metric.startswith("Evidential difficulties"):
        prose = prose.replace("2017, 11 percent of investigations", f"2017, {value} percent of investigations")
    if metric and metric.startswith("Organised crime groups per 1 million population"):
        # "... was 100. This has increased 21 percent from 83 ...": the earlier figure follows from 21 percent.
        prose = prose.replace("in the force area was 100.", f"in the force area was {value}.")
        prose = prose.replace("from 83 OCGs", f"from {round(int(value) / 1.21)} OCGs")
    return prose


def _force_figure(metric: str | None, printed: str, population: int, seed: int) -> str:
    """A figure for this force: a count over its population for rates, a nearby share for percentages."""
    if printed.endswith("%"):
        sign = printed[0] if printed[0] in "+-" else ""
        value = abs(float(printed.strip("+-%"))) + (seed % 3) - 1
        return f"{sign}{max(round(value), 0)}%"
    per = 1_000_000 if metric and "million" in metric else 1_000
    count = int(float(printed.replace(",", "")) * 0.8 * population / per) + seed * 17
    return str(round(count * per / population))
