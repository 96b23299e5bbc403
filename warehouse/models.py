"""The analyst layers over the raw tables: `staging` views, then `marts` named by their grain.

Raw tables (`main.reports`, `main.grades`, ...) hold every version of every
report as extracted.  `staging` renames, types and versions them (a report
re-published for the same force, pillar and year supersedes the old file,
which is kept with its validity dates).  `marts` join and shape them for
analysts and show current versions only.  Every view and column carries a
description, which `peel tables` and docs/warehouse.md print.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Model:
    schema: str
    name: str
    grain: str
    sql: str
    columns: dict[str, str]

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


_GRADE_RANK = """case {col}
        when 'Outstanding' then 5 when 'Good' then 4 when 'Adequate' then 3
        when 'Requires improvement' then 2 when 'Inadequate' then 1 end"""

MODELS: list[Model] = [
    Model(
        "staging", "reports",
        "One row per report file (every version), with its validity when re-published.",
        """
with versions as (
    select *,
        row_number() over w as version,
        lead(loaded_at) over w as superseded_at
    from main.reports
    window w as (partition by coalesce(force_id, force), pillar, year order by published, loaded_at, report_sha256)
)
select
    report_sha256 as report_id, force_id, force as force_name, pillar, year as inspection_year,
    generation, grade_scale, published as published_month, isbn, overall_grade, pages as page_count, file_name,
    extractor_version, version, loaded_at as valid_from, superseded_at as valid_to,
    superseded_at is null as is_current
from versions""",
        {
            "report_id": "SHA-256 of the report file",
            "force_id": "The force's id in ref_forces",
            "force_name": "Force inspected, as named on the cover",
            "pillar": "PEEL pillar",
            "inspection_year": "PEEL inspection year",
            "generation": "PEEL generation whose layout read the report (ref_generations)",
            "grade_scale": "four-tier or five-tier (with Adequate)",
            "published_month": "Month of publication, YYYY-MM",
            "isbn": "ISBN on the cover",
            "overall_grade": "Overall pillar grade",
            "page_count": "Pages in the PDF",
            "file_name": "File the report was loaded from",
            "extractor_version": "peel-etl extractor version that read it",
            "version": "1 for the first file seen for this force, pillar and year; 2 for a re-publication, ...",
            "valid_from": "When this version was loaded",
            "valid_to": "When a re-published version replaced it (NULL while current)",
            "is_current": "Whether this is the version the marts show",
        },
    ),
    Model(
        "staging", "grades",
        "One row per report x question of the judgments table, with the grade on one ordinal scale.",
        f"""
select
    grade_id, report_sha256 as report_id, level, pillar, question, grade,
    {_GRADE_RANK.format(col="grade")} as grade_rank, grade_scale, grade_ordinal,
    last_inspected, carried_over_from, page, bbox
from main.grades""",
        {
            "grade_id": "Key of the raw grade row",
            "report_id": "Report the grade was read from",
            "question": "Question as worded in the judgments table",
            "grade": "Grade as printed",
            "grade_rank": "Grade on one scale: 5 Outstanding, 4 Good, 3 Adequate, 2 Requires improvement, 1 Inadequate; NULL if ungraded",
            "level": "question, area (area of policing, 2021 on) or pillar (a pillar's overall grade)",
            "pillar": "Pillar the question belongs to, when the report grades several",
            "grade_scale": "four-tier or five-tier: the scale the grade is on",
            "grade_ordinal": "Grade on its own scale (1 Inadequate up to 4 or 5 Outstanding)",
            "last_inspected": "Year the question was last inspected",
            "carried_over_from": "Inspection year whose judgment still stands, when carried over",
            "page": "Page of the judgments table row",
            "bbox": "Box of the row on the page, [x0, top, x1, bottom] in points",
        },
    ),
    Model(
        "marts", "force_inspections",
        "One row per force x inspection report (current version).",
        """
select
    r.report_id, r.force_id, r.force_name, r.pillar, r.inspection_year, r.published_month, r.overall_grade,
    """ + _GRADE_RANK.format(col="r.overall_grade") + """ as overall_grade_rank,
    (select count(*) from main.grades g where g.report_sha256 = r.report_id) as questions,
    (select count(*) from main.areas_for_improvement a where a.report_sha256 = r.report_id) as areas_for_improvement,
    (select count(*) from main.footnotes f where f.report_sha256 = r.report_id) as footnotes,
    (select count(*) from main.headline_metrics m where m.report_sha256 = r.report_id) as headline_figures,
    r.version, r.page_count, r.file_name
from staging.reports r
where r.is_current""",
        {
            "report_id": "SHA-256 of the report file",
            "force_id": "The force's id in ref_forces",
            "force_name": "Force inspected",
            "pillar": "PEEL pillar: effectiveness, efficiency, legitimacy or leadership",
            "inspection_year": "PEEL inspection year",
            "published_month": "Month of publication, YYYY-MM",
            "overall_grade": "Overall pillar grade",
            "overall_grade_rank": "Overall grade on one scale (5 Outstanding ... 1 Inadequate)",
            "questions": "Questions in the judgments table",
            "areas_for_improvement": "Areas for improvement listed",
            "footnotes": "Footnotes in the report",
            "headline_figures": "'Force in numbers' figures read",
            "version": "Which publication of this report this is (1 = first)",
            "page_count": "Pages in the PDF",
            "file_name": "File the report was loaded from",
        },
    ),
    Model(
        "marts", "graded_questions",
        "One row per force x inspection report x question (current version).",
        """
select
    r.force_name, r.pillar, r.inspection_year, r.generation, g.level, coalesce(g.pillar, r.pillar) as question_pillar,
    g.question, g.grade, g.grade_rank, g.grade_scale, g.grade_ordinal,
    g.last_inspected, coalesce(g.carried_over_from is not null, g.last_inspected < r.inspection_year) as is_carried_over,
    g.carried_over_from, r.report_id, g.page
from staging.grades g join staging.reports r using (report_id)
where r.is_current""",
        {
            "force_name": "Force inspected",
            "pillar": "PEEL pillar",
            "inspection_year": "PEEL inspection year of the report",
            "generation": "PEEL generation of the report",
            "level": "question, area (area of policing, 2021 on) or pillar (a pillar's overall grade, 2018/19)",
            "question_pillar": "Pillar the question or grade belongs to",
            "question": "Question as worded in the judgments table",
            "grade": "Grade as printed (Ungraded for an inspected but ungraded question)",
            "grade_rank": "Grade on one scale (5 Outstanding ... 1 Inadequate); NULL if ungraded",
            "grade_scale": "four-tier or five-tier (with Adequate)",
            "grade_ordinal": "Grade on its own scale (1 Inadequate up to 4 or 5 Outstanding)",
            "last_inspected": "Year the question was last inspected",
            "is_carried_over": "The grade is a judgment carried over from an earlier inspection",
            "carried_over_from": "The inspection year the judgment comes from, when carried over",
            "report_id": "Report the grade was read from",
            "page": "Page of the judgments table row",
        },
    ),
    Model(
        "marts", "grades_over_time",
        "One row per force x pillar x inspection year: each force's overall grades over time on one scale.",
        """
select force_name, pillar, inspection_year, overall_grade, overall_grade_rank, report_id
from marts.force_inspections""",
        {
            "force_name": "Force inspected",
            "pillar": "PEEL pillar",
            "inspection_year": "PEEL inspection year",
            "overall_grade": "Overall pillar grade",
            "overall_grade_rank": "Overall grade on one scale (5 Outstanding ... 1 Inadequate)",
            "report_id": "Report the grade comes from",
        },
    ),
    Model(
        "marts", "areas_for_improvement",
        "One row per area for improvement (current report versions).",
        """
select r.force_name, r.pillar, r.inspection_year, a.section, a.ordinal, a.text, a.page, a.afi_id, r.report_id
from main.areas_for_improvement a join staging.reports r on a.report_sha256 = r.report_id
where r.is_current""",
        {
            "force_name": "Force inspected",
            "pillar": "PEEL pillar",
            "inspection_year": "PEEL inspection year",
            "section": "Part of the report (the question) the item is listed under",
            "ordinal": "Position of the item in the report",
            "text": "Text of the area for improvement",
            "page": "Page the item starts on",
            "afi_id": "Key of the item",
            "report_id": "Report the item was read from",
        },
    ),
    Model(
        "marts", "headline_figures",
        "One row per force x inspection report x 'Force in numbers' figure, beside England and Wales.",
        """
select
    r.force_name, r.pillar, r.inspection_year, m.block, m.metric, m.period, m.unit,
    m.force_value, m.england_wales_value,
    m.force_value - m.england_wales_value as difference,
    case when m.force_value > m.england_wales_value then 'above'
         when m.force_value < m.england_wales_value then 'below'
         when m.force_value = m.england_wales_value then 'same' end as against_england_wales,
    m.method, m.confidence, m.page, r.report_id
from main.headline_metrics m join staging.reports r on m.report_sha256 = r.report_id
where r.is_current""",
        {
            "force_name": "Force inspected",
            "pillar": "PEEL pillar",
            "inspection_year": "PEEL inspection year",
            "block": "Infographic block, e.g. 'Crime (excluding fraud)'",
            "metric": "What is measured",
            "period": "Period the figure covers",
            "unit": "per 1,000 population, per 1 million population, percent or percent change",
            "force_value": "The force's figure",
            "england_wales_value": "The England and Wales figure",
            "difference": "Force figure minus England and Wales figure, in the figure's unit",
            "against_england_wales": "above, below or same as England and Wales",
            "method": "text or ocr: how the figure was read",
            "confidence": "OCR recognition confidence (0 to 1); NULL when read from text",
            "page": "Page of the figure",
            "report_id": "Report the figure was read from",
        },
    ),
    Model(
        "marts", "prose_statistics",
        "One row per force x inspection report x figure stated in the prose, with the comparison it makes.",
        """
select
    r.force_name, r.pillar, r.inspection_year, n.value, n.unit, n.subject, n.measure, n.period,
    n.comparison, n.compared_with, n.change_from, n.change_to, n.infographic_metric, n.sentence,
    n.page, r.report_id
from main.narrative_statistics n join staging.reports r on n.report_sha256 = r.report_id
where r.is_current""",
        {
            "force_name": "Force inspected",
            "pillar": "PEEL pillar",
            "inspection_year": "PEEL inspection year",
            "value": "The figure as stated",
            "unit": "percent, percentage points, or a rate such as 'per 10,000 population'",
            "subject": "force or england_and_wales: whose figure it is",
            "measure": "The clause the figure sits in: what it measures",
            "period": "Period the sentence gives it; for a stated change '<base> against <period>'",
            "comparison": "increase, decrease, higher_than, lower_than, more_than_double, less_than_half or NULL",
            "compared_with": "The England and Wales figure a comparison is made with",
            "change_from": "For a stated change: the value it starts from",
            "change_to": "For a stated change: the value it ends at",
            "infographic_metric": "The 'Force in numbers' metric this figure restates, if any",
            "sentence": "The sentence that states the figure",
            "page": "Page of the figure",
            "report_id": "Report the figure was read from",
        },
    ),
    Model(
        "marts", "areas_for_improvement_carried_over",
        "One row per area for improvement that resembles one in the same force's previous report of the same pillar.",
        """
with afi as (select * from marts.areas_for_improvement),
pairs as (
    select
        later.force_name, later.pillar, earlier.inspection_year as earlier_year, later.inspection_year as later_year,
        earlier.text as earlier_text, later.text as later_text,
        jaro_winkler_similarity(lower(earlier.text), lower(later.text)) as similarity,
        earlier.afi_id as earlier_afi_id, later.afi_id as later_afi_id
    from afi later join afi earlier
      on later.force_name = earlier.force_name and later.pillar = earlier.pillar
     and earlier.inspection_year < later.inspection_year
),
best as (
    select *, row_number() over (partition by later_afi_id order by later_year - earlier_year, similarity desc) as pick
    from pairs where similarity >= 0.85
)
select force_name, pillar, earlier_year, later_year, earlier_text, later_text, round(similarity, 3) as similarity,
       earlier_afi_id, later_afi_id
from best where pick = 1""",
        {
            "force_name": "Force inspected",
            "pillar": "PEEL pillar",
            "earlier_year": "Inspection year of the earlier report",
            "later_year": "Inspection year of the later report",
            "earlier_text": "The area for improvement in the earlier report",
            "later_text": "The similar area for improvement in the later report",
            "similarity": "Jaro-Winkler similarity of the two texts (0 to 1); pairs under 0.85 are left out",
            "earlier_afi_id": "Key of the earlier item",
            "later_afi_id": "Key of the later item",
        },
    ),
    Model(
        "marts", "backfill_coverage",
        "One row per inspection year x generation x pillar: files found, loaded and quarantined, and facts per kind.",
        """
with files as (
    select coalesce(generation, 'unknown') as generation, year, pillar,
           count(*) as files_found,
           count(*) filter (where status = 'loaded') as loaded,
           count(*) filter (where status = 'quarantined') as quarantined,
           count(*) filter (where status = 'duplicate') as duplicates
    from main.source_files group by all
),
per_report as (
    select r.generation, r.year, r.pillar,
        (select count(*) from main.grades x where x.report_sha256 = r.report_sha256) as grades,
        (select count(*) from main.areas_for_improvement x where x.report_sha256 = r.report_sha256) as afis,
        (select count(*) from main.causes_of_concern x where x.report_sha256 = r.report_sha256) as causes,
        (select count(*) from main.recommendations x where x.report_sha256 = r.report_sha256) as recommendations,
        (select count(*) from main.practice_examples x where x.report_sha256 = r.report_sha256) as practice,
        (select count(*) from main.footnotes x where x.report_sha256 = r.report_sha256) as footnotes,
        (select count(*) from main.headline_metrics x where x.report_sha256 = r.report_sha256) as figures,
        (select count(*) from main.narrative_statistics x where x.report_sha256 = r.report_sha256) as prose_figures
    from main.reports r
),
facts as (
    select generation, year, pillar, sum(grades) as grades, sum(afis) as afis, sum(causes) as causes,
           sum(recommendations) as recommendations, sum(practice) as practice, sum(footnotes) as footnotes,
           sum(figures) as figures, sum(prose_figures) as prose_figures
    from per_report group by all
),
found as (
    select coalesce(f.year, x.year) as year, coalesce(f.generation, x.generation) as generation,
           coalesce(f.pillar, x.pillar) as pillar,
           coalesce(f.files_found, 0) as files_found, coalesce(f.loaded, 0) as loaded,
           coalesce(f.quarantined, 0) as quarantined, coalesce(f.duplicates, 0) as duplicates,
           coalesce(x.grades, 0) as grades, coalesce(x.afis, 0) as areas_for_improvement,
           coalesce(x.causes, 0) as causes_of_concern, coalesce(x.recommendations, 0) as recommendations,
           coalesce(x.practice, 0) as practice_examples, coalesce(x.footnotes, 0) as footnotes,
           coalesce(x.figures, 0) as headline_figures, coalesce(x.prose_figures, 0) as prose_figures
    from files f full join facts x
      on f.generation is not distinct from x.generation and f.year is not distinct from x.year
     and f.pillar is not distinct from x.pillar
)
select found.year as inspection_year, found.generation, found.pillar, files_found, loaded, quarantined, duplicates,
       grades, areas_for_improvement, causes_of_concern, recommendations, practice_examples, footnotes,
       headline_figures, prose_figures, null as note
from found
union all
select g.first_year, g.generation, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
       'no per-force PDF was published for this generation'
from main.ref_generations g where not g.per_force_pdf""",
        {
            "inspection_year": "Inspection year from the cover (NULL when the file could not be read)",
            "generation": "PEEL generation (ref_generations), or unknown when no layout recognised the file",
            "pillar": "Pillar from the cover; integrated for one report grading several pillars or areas",
            "files_found": "Input files seen (loaded, quarantined or duplicates)",
            "loaded": "Files loaded",
            "quarantined": "Files quarantined (see the quarantine table for why)",
            "duplicates": "Files identical to another file, loaded once",
            "grades": "Grade rows loaded (questions, areas and pillars)",
            "areas_for_improvement": "Areas for improvement loaded",
            "causes_of_concern": "Causes of concern loaded",
            "recommendations": "Recommendations loaded",
            "practice_examples": "Examples of innovative or promising practice loaded",
            "footnotes": "Footnotes loaded",
            "headline_figures": "'Force in numbers' figures loaded",
            "prose_figures": "Figures stated in the prose loaded",
            "note": "Why a generation has no files (PEEL 2014 was published as web pages only)",
        },
    ),
    Model(
        "marts", "coverage",
        "One row per inspection year x force x pillar: how much of the warehouse is filled.",
        """
select
    r.inspection_year, r.force_name, r.pillar,
    count(*) filter (where r.is_current) as reports_loaded,
    count(*) filter (where not r.is_current) as superseded_versions,
    max(r.published_month) as latest_published_month
from staging.reports r
group by all""",
        {
            "inspection_year": "PEEL inspection year",
            "force_name": "Force inspected",
            "pillar": "PEEL pillar",
            "reports_loaded": "Current reports loaded (1 when covered)",
            "superseded_versions": "Earlier versions kept after a re-publication",
            "latest_published_month": "Month the latest version was published",
        },
    ),
]


def build_models(con) -> None:
    """(Re)create the staging and mart views with their descriptions."""
    for schema in ("staging", "marts"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for model in MODELS:
        con.execute(f"CREATE OR REPLACE VIEW {model.qualified} AS {model.sql}")
        con.execute(f"COMMENT ON VIEW {model.qualified} IS '{_q(model.grain)}'")
        for column, text in model.columns.items():
            con.execute(f"COMMENT ON COLUMN {model.qualified}.{column} IS '{_q(text)}'")


def _q(text: str) -> str:
    return text.replace("'", "''")
