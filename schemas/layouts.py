"""The declared layout of each PEEL generation, kept as data in schemas/layouts/*.json.

A layout says how to recognise a generation's reports from the cover title,
which grade scale they use, what is graded (pillars or areas of policing),
how many overall grades a report states, the wording of the headings that
carry findings, and the assumptions made where the generation's PDFs were
not seen.  Layouts are validated when loaded, so a broken declaration stops
the program with a message naming the file, never a report.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from schemas.vocab import GRADE_SCALES

LAYOUTS = Path(__file__).parent / "layouts"
HEADING_KINDS = ("areas_for_improvement", "causes_of_concern", "recommendations", "practice", "force_in_numbers")
_REQUIRED = {
    "id": str, "label": str, "years": list, "per_force_pdf": bool, "title_patterns": list, "pillars": list,
    "grade_scale": str, "graded_unit": str, "overall_grades": int, "judgments_table": bool, "force_in_numbers": bool, "afi_form": str,
    "headings": dict, "summary_headings": list, "overall_statement": str, "assumptions": list,
}


class LayoutError(ValueError):
    """A layout declaration is malformed."""


@dataclass(frozen=True)
class Layout:
    id: str
    label: str
    years: tuple[int, ...]
    per_force_pdf: bool
    title_patterns: tuple[re.Pattern, ...]
    pillars: tuple[str, ...]
    grade_scale: str
    graded_unit: str  # "pillar": overall pillar grades and question grades; "area": area grades only
    overall_grades: int  # overall grade statements a graded report makes
    judgments_table: bool
    force_in_numbers: bool  # the generation's reports are known to print "Force in numbers"
    afi_form: str  # "bullets" or "headline_and_explanation"
    headings: dict[str, re.Pattern]
    assumptions: tuple[str, ...]
    ungraded_pillars: tuple[str, ...] = ()
    carried_over_sentence: re.Pattern | None = None
    # The words of the judgments table's header row ("Question", "Grade", "Last inspected"),
    # so the header is told from the rows whether it is printed, repeated or left out.
    table_header_words: frozenset[str] = frozenset()
    # The header word of the table's first column ("question", "area"): a line of header
    # words with it opens a table.
    table_first_column_word: str = ""
    # Headings of the part whose first sentence states the overall grade, most telling first
    # ("Summary" 2017, "Overall summary" 2018 on, "Overview – How effective …" 2015-16).
    summary_headings: tuple[re.Pattern, ...] = ()
    # The statement of a pillar's overall grade, with (?P<label>…) and (?P<year>…) groups
    # ("Overall effectiveness 2018/19"); the grade may follow it on its row.
    overall_statement: str = ""
    # The sentence that counts the graded areas ("graded judgments in nine of these ten").
    graded_count_sentence: re.Pattern | None = None

    def expected_overall_grades(self, pillar: str | None) -> int:
        return 0 if pillar in self.ungraded_pillars else self.overall_grades

    def grade_ordinal(self, grade: str | None) -> int | None:
        """1 for the lowest grade of the scale up to 4 (four tiers) or 5 (five tiers); None when ungraded."""
        scale = GRADE_SCALES[self.grade_scale]
        return len(scale) - scale.index(grade) if grade in scale else None


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise LayoutError(f"{where}: bad pattern {pattern!r}: {exc}") from None


def dict_to_layout(data: dict, where: str) -> Layout:
    for key, kind in _REQUIRED.items():
        if not isinstance(data.get(key), kind):
            raise LayoutError(f"{where}: '{key}' must be a {kind.__name__}")
    if data["grade_scale"] not in GRADE_SCALES:
        raise LayoutError(f"{where}: grade_scale must be one of {sorted(GRADE_SCALES)}")
    if data["graded_unit"] not in ("pillar", "area"):
        raise LayoutError(f"{where}: graded_unit must be pillar or area")
    if data["afi_form"] not in ("bullets", "headline_and_explanation"):
        raise LayoutError(f"{where}: afi_form must be bullets or headline_and_explanation")
    missing = set(HEADING_KINDS) - set(data["headings"])
    if missing:
        raise LayoutError(f"{where}: headings lacks {sorted(missing)}")
    titles = tuple(_compile(p, where) for p in data["title_patterns"])
    for p in titles:
        if "year" not in p.groupindex:
            raise LayoutError(f"{where}: title pattern {p.pattern!r} has no (?P<year>...) group")
    if data["per_force_pdf"] and not titles:
        raise LayoutError(f"{where}: a generation with PDFs needs at least one title pattern")
    return Layout(
        id=data["id"], label=data["label"], years=tuple(data["years"]), per_force_pdf=data["per_force_pdf"],
        title_patterns=titles, pillars=tuple(data["pillars"]), grade_scale=data["grade_scale"],
        graded_unit=data["graded_unit"], overall_grades=data["overall_grades"],
        judgments_table=data["judgments_table"], force_in_numbers=data["force_in_numbers"], afi_form=data["afi_form"],
        headings={k: _compile(v, where) for k, v in data["headings"].items()},
        assumptions=tuple(data["assumptions"]), ungraded_pillars=tuple(data.get("ungraded_pillars", ())),
        carried_over_sentence=_compile(data["carried_over_sentence"], where) if data.get("carried_over_sentence") else None,
        table_header_words=_header_words(data.get("table_header_words", []), where),
        table_first_column_word=_first_column_word(data, where),
        summary_headings=tuple(_compile(p, where) for p in data["summary_headings"]),
        graded_count_sentence=_graded_count(data.get("graded_count_sentence"), where),
        overall_statement=_overall_statement(data["overall_statement"], where),
    )


def _overall_statement(pattern: str, where: str) -> str:
    compiled = _compile(pattern, where)
    if not {"label", "year"} <= set(compiled.groupindex):
        raise LayoutError(f"{where}: overall_statement {pattern!r} needs (?P<label>...) and (?P<year>...) groups")
    return pattern


def _first_column_word(data: dict, where: str) -> str:
    word = data.get("table_first_column_word", "")
    if data["judgments_table"] and word.lower() not in {w.lower() for w in data.get("table_header_words", [])}:
        raise LayoutError(f"{where}: 'table_first_column_word' must be one of its table_header_words")
    return word.lower()


def _graded_count(pattern: str | None, where: str) -> re.Pattern | None:
    if pattern is None:
        return None
    compiled = _compile(pattern, where)
    if "graded" not in compiled.groupindex:
        raise LayoutError(f"{where}: graded_count_sentence {pattern!r} has no (?P<graded>...) group")
    return compiled


def _header_words(words, where: str) -> frozenset[str]:
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() and " " not in w for w in words):
        raise LayoutError(f"{where}: 'table_header_words' must be a list of single words")
    return frozenset(w.lower() for w in words)


@lru_cache(maxsize=1)
def layouts() -> tuple[Layout, ...]:
    out = []
    for path in sorted(LAYOUTS.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise LayoutError(f"{path.name}: not valid JSON: {exc}") from None
        out.append(dict_to_layout(data, path.name))
    ids = [layout.id for layout in out]
    if len(set(ids)) != len(ids):
        raise LayoutError("two layouts share an id")
    return tuple(sorted(out, key=lambda layout: layout.years[0]))


def layout_by_id(layout_id: str) -> Layout:
    return next(layout for layout in layouts() if layout.id == layout_id)


@dataclass(frozen=True)
class TitleMatch:
    layout: Layout
    pillar: str
    year: int


def title_to_layout(title: str | None) -> TitleMatch | None:
    """The generation, pillar and year a cover title declares; None when no layout knows it."""
    if not title:
        return None
    text = " ".join(title.split())
    for layout in layouts():
        for pattern in layout.title_patterns:
            m = pattern.match(text)
            if m:
                pillar = (m.groupdict().get("pillar") or layout.pillars[0]).lower()
                return TitleMatch(layout, pillar, int(m.group("year")))
    return None
