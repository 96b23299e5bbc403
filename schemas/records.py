"""The records peel-etl extracts, one dataclass per grain.

Field names are the public contract of `peel extract --json` and of the
warehouse's raw tables.  Every fact carries the page and bounding box it was
read from; the report's sha256 and the extractor version are added when the
facts are loaded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class ReportMeta:
    """One row per report file."""

    title: str | None
    force: str | None
    pillar: str | None
    year: int | None
    published: str | None  # "YYYY-MM" from the cover
    isbn: str | None
    sha256: str
    pages: int
    file_name: str
    force_id: str | None = None  # one of the 43 forces (schemas/reference/forces.csv); None if the name is unknown
    synthetic: bool = False  # the cover or the PDF's properties say it is a synthetic (test) document
    generation: str | None = None  # the layout (schemas/layouts/) that recognised the title, e.g. "peel-2017"


@dataclass(frozen=True)
class Grade:
    """One graded (or ungraded) question, area of policing or pillar."""

    question: str
    grade: str
    last_inspected: int | None
    page: int
    bbox: BBox
    level: str = "question"  # "question", "area" (2021 on) or "pillar" (an overall pillar grade)
    pillar: str | None = None  # the pillar the question belongs to, when the report grades several
    carried_over_from: int | None = None  # the earlier inspection year whose judgment still stands


@dataclass(frozen=True)
class AreaForImprovement:
    section: str
    text: str
    page: int
    bbox: BBox
    headline: str | None = None  # 2023 on: the one-sentence headline ("<Force> should ...")
    explanation: str | None = None  # the paragraph that follows the headline


@dataclass(frozen=True)
class CauseOfConcern:
    """A cause of concern with the recommendations made to address it."""

    section: str
    text: str
    recommendations: tuple[str, ...]
    accelerated: bool  # raised through the accelerated cause of concern process (2021 on)
    page: int
    bbox: BBox


@dataclass(frozen=True)
class PracticeExample:
    """An example of innovative, promising or notable practice the report points out."""

    label: str  # the heading: "Innovative practice", "Promising practice", ...
    section: str
    text: str
    page: int
    bbox: BBox


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    page: int
    bbox: BBox
    referenced_on: tuple[int, ...]


@dataclass(frozen=True)
class HeadlineMetric:
    """One figure of "Force in numbers": the force's value beside England and Wales."""

    block: str
    metric: str
    period: str | None
    unit: str
    force_value: float | None
    england_wales_value: float | None
    page: int
    bbox: BBox
    method: str = "text"  # "text" (the PDF's text layer) or "ocr" (read from a picture)
    confidence: float | None = None  # for OCR: the lowest recognition confidence of its words, 0..1


@dataclass(frozen=True)
class NarrativeStatistic:
    """One figure stated in the report's prose, with the comparison the prose makes with it."""

    value: float
    unit: str  # "percent", "percentage points" or a rate such as "per 10,000 population"
    subject: str  # "force" or "england_and_wales"
    measure: str  # the clause the figure sits in: what it measures
    period: str | None
    comparison: str | None  # increase | decrease | higher_than | lower_than | more_than_double | less_than_half
    compared_with: float | None  # the England and Wales figure a comparison is made with
    change_from: float | None  # for a stated change: the values it runs between, when the prose states them
    change_to: float | None
    infographic_metric: str | None  # the "Force in numbers" figure this one restates (same period, unit and words)
    sentence: str
    page: int
    bbox: BBox


@dataclass(frozen=True)
class Finding:
    """A problem noticed while extracting: the value was flagged, not guessed."""

    code: str
    message: str
    page: int | None = None


@dataclass(frozen=True)
class Promise:
    """Something the document itself says is there, and whether the extraction has it.

    A footnote marker promises a footnote; a judgments-table row, a grade; a figure
    printed in "Force in numbers", a measure; a contents entry, a heading on the page it
    names.  A promise not kept means the report was read in part.
    """

    check: str  # the completeness check that weighs it (schemas/outcomes.COMPLETENESS_CHECKS)
    item: str  # what is promised, in words a person can look for: "footnote 7", "figure '31'"
    kept: bool
    page: int | None = None
    bbox: BBox | None = None


@dataclass
class Extraction:
    report: ReportMeta
    overall_grade: str | None
    overall_grades_found: int = 0  # how many "Overall <pillar> <year> <grade>" statements were read
    grades: list[Grade] = field(default_factory=list)
    areas_for_improvement: list[AreaForImprovement] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    headline_metrics: list[HeadlineMetric] = field(default_factory=list)
    narrative_statistics: list[NarrativeStatistic] = field(default_factory=list)
    causes_of_concern: list[CauseOfConcern] = field(default_factory=list)
    practice_examples: list[PracticeExample] = field(default_factory=list)
    grade_scale: str | None = None  # "four-tier" or "five-tier", from the generation's layout
    expected_overall_grades: int = 1  # how many overall grade statements the generation's layout declares
    stated_graded_areas: int | None = None  # "We make graded judgments in nine of these ten" -> 9
    section_grades: dict[str, str] = field(default_factory=dict)  # heading -> grade shown under it
    summary_grade: str | None = None  # the grade the summary's opening sentence states
    warnings: list[Finding] = field(default_factory=list)
    extractor_version: str = ""
    promises: list[Promise] = field(default_factory=list)

    def to_json_dict(self) -> dict:
        data = asdict(self)
        data["warnings"] = [asdict(w) for w in self.warnings]
        return data
