"""The analyst layers over the raw tables: `staging` views, then the marts, named by their grain.

Raw tables (`raw.reports`, `raw.grades`, ...) hold every version of every
report as extracted.  `staging` renames, types and versions them (a report
re-published for the same force, pillar and year supersedes the old file,
which is kept with its validity dates).  The marts join and shape them for
analysts and show current versions only; they live in `main`, the schema every
client reads by default, so `select * from areas_for_improvement` is the mart
and the loaded rows are `raw.areas_for_improvement`.  Every view and column
carries a description, which `peel tables` and docs/warehouse.md print.

The SQL below names every relation with its schema: a view never depends on
the reader's search path.
"""

from __future__ import annotations

from dataclasses import dataclass

from warehouse.similarity import THRESHOLD


# The schema of the marts: DuckDB's default, so an unqualified name in any client finds a mart.
MARTS = "main"


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

    @property
    def is_mart(self) -> bool:
        return self.schema == MARTS

    @property
    def shown(self) -> str:
        """The name an analyst types: a mart's own name (it is in the default schema), a staging view's qualified."""
        return self.name if self.is_mart else self.qualified


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
        coalesce(published, strftime(loaded_at, '%Y-%m')) as version_month,
        row_number() over w as version,
        lead(coalesce(published, strftime(loaded_at, '%Y-%m'))) over w as superseded_in,
        lead(report_sha256) over w as superseded_by
    from raw.reports
    -- Versions follow publication, not loading: a backfill may load a correction before the original.
    window w as (partition by coalesce(force_id, force), pillar, year
                 order by published nulls first, loaded_at, report_sha256)
)
select
    report_sha256 as report_id, force_id, force as force_name, pillar, year as inspection_year,
    generation, grade_scale, published as published_month, isbn, overall_grade, pages as page_count, file_name,
    extractor_version, coalesce(synthetic, false) as synthetic, version, version_month as valid_from,
    superseded_in as valid_to, superseded_by is null as is_current, loaded_at
from versions""",
        {
            "report_id": "SHA-256 of the report file",
            "force_id": "The force's id in raw.ref_forces",
            "force_name": "Force inspected, as named on the cover",
            "pillar": "PEEL pillar (integrated for one report grading several pillars or areas)",
            "inspection_year": "PEEL inspection year (2018 for PEEL 2018/19)",
            "generation": "PEEL generation whose layout read the report (raw.ref_generations)",
            "grade_scale": "four-tier or five-tier (with Adequate)",
            "published_month": "Month of publication, YYYY-MM",
            "isbn": "ISBN on the cover",
            "overall_grade": "Overall pillar grade (NULL for a report grading several pillars or areas)",
            "page_count": "Pages in the PDF",
            "file_name": "File the report was loaded from",
            "extractor_version": "peel-etl extractor version that read it",
            "synthetic": "The document says it is a synthetic test document, not an HMICFRS publication",
            "version": "1 for the earliest published file for this force, pillar and year; 2 for the next "
                       "publication, ... (ordered by month published, then by load time)",
            "valid_from": "Month this version was published, YYYY-MM (the load month when the cover gives none)",
            "valid_to": "Month the next version was published (NULL while current)",
            "is_current": "Whether this is the version the marts show: the latest published",
            "loaded_at": "When this version was loaded (UTC)",
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
from raw.grades""",
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
        MARTS, "areas_for_improvement",
        "One row per area for improvement (current report versions).",
        """
select r.force_id, r.force_name, r.pillar, r.inspection_year, r.generation,
    coalesce(
        (select any_value(g.pillar) from raw.grades g
         where g.report_sha256 = a.report_sha256 and g.level = 'question' and g.pillar is not null
           -- the judgments table may shorten the heading the items are listed under
           and (starts_with(lower(a.section), lower(g.question)) or starts_with(lower(g.question), lower(a.section)))),
        case when r.pillar <> 'integrated' then r.pillar end) as question_pillar,
    a.section, a.ordinal, a.text, a.page, a.afi_id, r.report_id
from raw.areas_for_improvement a join staging.reports r on a.report_sha256 = r.report_id
where r.is_current""",
        {
            "force_id": "The force's id in raw.ref_forces",
            "force_name": "Force inspected",
            "pillar": "PEEL pillar of the report (integrated for one grading several pillars or areas)",
            "inspection_year": "PEEL inspection year",
            "generation": "PEEL generation of the report",
            "question_pillar": "Pillar of the question the item is listed under (the report's pillar for a report "
                               "of one pillar); NULL for a 2021-on report or a part that is no graded question",
            "section": "Part of the report (the question) the item is listed under",
            "ordinal": "Position of the item in the report",
            "text": "Text of the area for improvement",
            "page": "Page the item starts on",
            "afi_id": "Key of the item",
            "report_id": "Report the item was read from",
        },
    ),
    Model(
        MARTS, "force_inspections",
        "One row per force x pillar x inspection (current version): a report of one pillar gives one row, "
        "an integrated 2018/19 report one per pillar it grades, a 2021-on report one row (pillar integrated; "
        "its area grades are in area_grades).",
        """
with pillar_grades as (
    select report_id, pillar, grade, page from staging.grades where level = 'pillar' and pillar is not null
),
rows as (
    select r.*, coalesce(p.pillar, r.pillar) as row_pillar,
        case when p.pillar is not null then p.grade else r.overall_grade end as row_grade,
        coalesce(g.graded_unit, 'pillar') as graded_unit
    from staging.reports r
    left join pillar_grades p using (report_id)
    left join raw.ref_generations g using (generation)
    where r.is_current
)
select
    r.report_id, r.force_id, r.force_name, r.row_pillar as pillar, r.inspection_year, r.generation, r.graded_unit,
    r.published_month, r.row_grade as overall_grade,
    """ + _GRADE_RANK.format(col="r.row_grade") + """ as overall_grade_rank,
    (select count(*) from staging.grades g where g.report_id = r.report_id and g.level = 'question'
        and coalesce(g.pillar, r.pillar) = r.row_pillar) as questions,
    (select count(*) from staging.grades g where g.report_id = r.report_id and g.level = 'area') as areas_graded,
    (select count(*) from main.areas_for_improvement a where a.report_id = r.report_id
        and (a.question_pillar = r.row_pillar or r.row_pillar = 'integrated')) as areas_for_improvement,
    (select count(*) from raw.areas_for_improvement a where a.report_sha256 = r.report_id) as report_areas_for_improvement,
    (select count(*) from raw.footnotes f where f.report_sha256 = r.report_id) as footnotes,
    (select count(*) from raw.headline_metrics m where m.report_sha256 = r.report_id) as headline_figures,
    r.synthetic, r.version, r.page_count, r.file_name
from rows r""",
        {
            "report_id": "SHA-256 of the report file",
            "force_id": "The force's id in raw.ref_forces",
            "force_name": "Force inspected",
            "pillar": "PEEL pillar: effectiveness, efficiency, legitimacy or leadership; integrated for a 2021-on "
                      "report, which grades areas of policing instead",
            "inspection_year": "PEEL inspection year (2018 for PEEL 2018/19)",
            "generation": "PEEL generation of the report (raw.ref_generations)",
            "graded_unit": "pillar (an overall grade per pillar) or area (areas of policing, 2021 on: see area_grades)",
            "published_month": "Month of publication, YYYY-MM",
            "overall_grade": "Overall grade of this pillar (for 2018/19 the pillar's grade in the integrated report); "
                             "NULL when the report grades areas",
            "overall_grade_rank": "Overall grade on one scale (5 Outstanding ... 1 Inadequate)",
            "questions": "Questions of this pillar in the judgments table",
            "areas_graded": "Areas of policing graded in the report (2021 on)",
            "areas_for_improvement": "Areas for improvement listed under this pillar's questions (all of them for a "
                                     "report of one pillar or of areas)",
            "report_areas_for_improvement": "Areas for improvement in the whole report",
            "footnotes": "Footnotes in the whole report",
            "headline_figures": "'Force in numbers' figures read from the whole report",
            "synthetic": "A synthetic test document, not an HMICFRS publication",
            "version": "Which publication of this report this is (1 = first published)",
            "page_count": "Pages in the PDF",
            "file_name": "File the report was loaded from",
        },
    ),
    Model(
        MARTS, "graded_questions",
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
        MARTS, "grades_over_time",
        "One row per force x pillar x inspection graded by pillar (2014 to 2018/19; an integrated 2018/19 report "
        "gives its three pillars): each force's overall grades over time on one scale. Areas of policing (2021 on) "
        "are in area_grades.",
        """
select force_id, force_name, pillar, inspection_year, generation, overall_grade, overall_grade_rank,
       published_month, synthetic, report_id
from main.force_inspections
where graded_unit = 'pillar'""",
        {
            "force_id": "The force's id in raw.ref_forces",
            "force_name": "Force inspected",
            "pillar": "PEEL pillar",
            "inspection_year": "PEEL inspection year (2018 for PEEL 2018/19)",
            "generation": "PEEL generation of the report",
            "overall_grade": "Overall pillar grade",
            "overall_grade_rank": "Overall grade on one scale (5 Outstanding ... 1 Inadequate)",
            "published_month": "Month the report was published, YYYY-MM",
            "synthetic": "A synthetic test document, not an HMICFRS publication",
            "report_id": "Report the grade comes from",
        },
    ),
    Model(
        MARTS, "area_grades",
        "One row per force x inspection x area of policing (2021 on, current version): the grade on its five-tier "
        "scale and on a comparable four-tier scale.",
        """
select
    r.force_id, r.force_name, r.inspection_year, r.generation, g.question as area, g.grade, g.grade_scale,
    g.grade_ordinal,
    case g.grade when 'Outstanding' then 'Outstanding' when 'Good' then 'Good'
                 when 'Adequate' then 'Requires improvement' when 'Requires improvement' then 'Requires improvement'
                 when 'Inadequate' then 'Inadequate' end as comparable_grade,
    case g.grade when 'Outstanding' then 4 when 'Good' then 3 when 'Adequate' then 2
                 when 'Requires improvement' then 2 when 'Inadequate' then 1 end as comparable_ordinal,
    g.grade = 'Adequate' as comparable_is_approximate,
    r.published_month, r.synthetic, r.report_id, g.page
from staging.grades g join staging.reports r using (report_id)
where r.is_current and g.level = 'area'""",
        {
            "force_id": "The force's id in raw.ref_forces",
            "force_name": "Force inspected",
            "inspection_year": "PEEL inspection year (2021 for PEEL 2021/22, 2023 for PEEL 2023-25)",
            "generation": "PEEL generation of the report",
            "area": "Area of policing, as worded in the report",
            "grade": "Grade as printed: Outstanding, Good, Adequate, Requires improvement, Inadequate (or Ungraded)",
            "grade_scale": "five-tier (with Adequate)",
            "grade_ordinal": "Grade on the five-tier scale: 5 Outstanding, 4 Good, 3 Adequate, 2 Requires improvement, "
                             "1 Inadequate; NULL if ungraded",
            "comparable_grade": "The grade on the four-tier scale of 2014 to 2018/19, for comparison over time: "
                                "Adequate becomes Requires improvement (the four-tier Good meant the force met "
                                "expectations; Adequate, 'some strengths and some areas for improvement', falls "
                                "short of that); the other grades are unchanged",
            "comparable_ordinal": "comparable_grade as 4 Outstanding, 3 Good, 2 Requires improvement, 1 Inadequate "
                                  "(the ordinal of the four-tier reports)",
            "comparable_is_approximate": "The mapping is a judgment, not a re-grading: true for Adequate, which the "
                                         "four-tier scale has no grade for",
            "published_month": "Month the report was published, YYYY-MM",
            "synthetic": "A synthetic test document, not an HMICFRS publication",
            "report_id": "Report the grade was read from",
            "page": "Page the grade was read from",
        },
    ),
    Model(
        MARTS, "published_grades",
        "One row per force x inspection year x pillar: the overall pillar grade HMICFRS published "
        "(raw.ref_published_grades), keyed like grades_over_time.",
        """
select f.force_id, f.name as force_name,
       case when p.year = '2018/19' then 2018 else try_cast(p.year as integer) end as inspection_year,
       p.year as inspection_label, p.pillar, p.grade as published_grade,
       """ + _GRADE_RANK.format(col="p.grade") + """ as published_grade_rank, p.source
from raw.ref_published_grades p join raw.ref_forces f on f.grades_key = p.force
where p.question = 'overall'""",
        {
            "force_id": "The force's id in raw.ref_forces",
            "force_name": "Official name of the force",
            "inspection_year": "PEEL inspection year as an integer (PEEL 2018/19 is 2018, as the reports' year is read)",
            "inspection_label": "Inspection year as the reference names it, e.g. 2018/19",
            "pillar": "PEEL pillar",
            "published_grade": "Overall pillar grade HMICFRS published",
            "published_grade_rank": "Published grade on one scale (5 Outstanding ... 1 Inadequate)",
            "source": "Where the grade was published",
        },
    ),
    Model(
        MARTS, "grades_vs_published",
        "One row per force x pillar x inspection year graded by pillar, extracted or published: the extracted "
        "overall grade beside the one HMICFRS published.",
        """
with extracted as (
    select *, case when inspection_year = 2019 then 2018 else inspection_year end as year_key
    from main.grades_over_time where force_id is not null
)
select
    coalesce(e.force_id, p.force_id) as force_id, coalesce(p.force_name, e.force_name) as force_name,
    coalesce(e.pillar, p.pillar) as pillar, coalesce(e.year_key, p.inspection_year) as inspection_year,
    e.overall_grade as extracted_grade, p.published_grade,
    e.overall_grade_rank as extracted_grade_rank, p.published_grade_rank,
    case when e.force_id is null then 'not_loaded'
         when p.force_id is null then 'not_published'
         when e.overall_grade is null then 'not_extracted'
         when e.overall_grade = p.published_grade then 'agrees'
         else 'differs' end as comparison,
    e.synthetic, e.report_id, p.source
from extracted e full join main.published_grades p
  on e.force_id = p.force_id and e.year_key = p.inspection_year and e.pillar = p.pillar""",
        {
            "force_id": "The force's id in raw.ref_forces",
            "force_name": "Official name of the force (as on the cover when HMICFRS published no grade)",
            "pillar": "PEEL pillar",
            "inspection_year": "PEEL inspection year (2018 for PEEL 2018/19)",
            "extracted_grade": "Overall pillar grade read from the report",
            "published_grade": "Overall pillar grade HMICFRS published",
            "extracted_grade_rank": "Extracted grade on one scale (5 Outstanding ... 1 Inadequate)",
            "published_grade_rank": "Published grade on one scale (5 Outstanding ... 1 Inadequate)",
            "comparison": "agrees, differs, not_extracted (report loaded, no grade read), not_loaded (no report in "
                          "the warehouse) or not_published (no published grade in the reference)",
            "synthetic": "The extracted grade comes from a synthetic test document (expect it to differ)",
            "report_id": "Report the extracted grade comes from",
            "source": "Where the published grade was published",
        },
    ),
    Model(
        MARTS, "headline_figures",
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
from raw.headline_metrics m join staging.reports r on m.report_sha256 = r.report_id
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
        MARTS, "prose_statistics",
        "One row per force x inspection report x figure stated in the prose, with the comparison it makes.",
        """
select
    r.force_name, r.pillar, r.inspection_year, n.value, n.unit, n.subject, n.measure, n.period,
    n.comparison, n.compared_with, n.change_from, n.change_to, n.infographic_metric, n.sentence,
    n.page, r.report_id
from raw.narrative_statistics n join staging.reports r on n.report_sha256 = r.report_id
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
        MARTS, "areas_for_improvement_carried_over",
        "One row per area for improvement that asks what one in an earlier report of the same force asked "
        "(any pillar, any generation: 2017 effectiveness against 2018/19 integrated, ...), with the score.",
        """
with pairs as (
    select
        later.force_id, later.force_name,
        earlier.inspection_year as earlier_year, later.inspection_year as later_year,
        earlier.pillar as earlier_pillar, later.pillar as later_pillar,
        earlier.generation as earlier_generation, later.generation as later_generation,
        earlier.section as earlier_section, later.section as later_section,
        earlier.text as earlier_text, later.text as later_text, s.similarity,
        earlier.afi_id as earlier_afi_id, later.afi_id as later_afi_id,
        earlier.report_id as earlier_report_id, later.report_id as later_report_id
    from raw.afi_similarity s
    join main.areas_for_improvement earlier on earlier.afi_id = s.earlier_afi_id
    join main.areas_for_improvement later on later.afi_id = s.later_afi_id
    where s.similarity >= {threshold}
),
best as (
    -- The nearest earlier report first, then the most similar item in it.
    select *, row_number() over (partition by later_afi_id order by later_year - earlier_year, similarity desc,
                                 earlier_afi_id) as pick
    from pairs
)
select force_id, force_name, earlier_year, later_year, earlier_pillar, later_pillar, earlier_generation,
       later_generation, earlier_section, later_section, earlier_text, later_text,
       round(similarity, 3) as similarity, earlier_afi_id, later_afi_id, earlier_report_id, later_report_id
from best where pick = 1""".format(threshold=THRESHOLD),
        {
            "force_id": "The force's id in raw.ref_forces",
            "force_name": "Force inspected",
            "earlier_year": "Inspection year of the earlier report",
            "later_year": "Inspection year of the later report",
            "earlier_pillar": "Pillar of the earlier report (integrated for one grading several)",
            "later_pillar": "Pillar of the later report",
            "earlier_generation": "PEEL generation of the earlier report",
            "later_generation": "PEEL generation of the later report",
            "earlier_section": "Part of the earlier report the item is listed under",
            "later_section": "Part of the later report the item is listed under",
            "earlier_text": "The area for improvement in the earlier report",
            "later_text": "The area for improvement in the later report that asks the same",
            "similarity": f"How alike the two requests are (0 to 1): weighted Dice coefficient of their stemmed "
                          f"content words, openers ('The force should ...') ignored; pairs under {THRESHOLD} are "
                          f"left out (warehouse/similarity.py)",
            "earlier_afi_id": "Key of the earlier item",
            "later_afi_id": "Key of the later item",
            "earlier_report_id": "Report of the earlier item",
            "later_report_id": "Report of the later item",
        },
    ),
    Model(
        MARTS, "backfill_coverage",
        "One row per inspection year x generation x pillar: files found, loaded and quarantined, and facts per kind.",
        """
with files as (
    select coalesce(generation, 'unknown') as generation, year, pillar,
           count(*) as files_found,
           count(*) filter (where status = 'loaded') as loaded,
           count(*) filter (where status = 'quarantined') as quarantined,
           count(*) filter (where status = 'duplicate') as duplicates
    from raw.source_files group by all
),
per_report as (
    select r.generation, r.year, r.pillar,
        (select count(*) from raw.grades x where x.report_sha256 = r.report_sha256) as grades,
        (select count(*) from raw.areas_for_improvement x where x.report_sha256 = r.report_sha256) as afis,
        (select count(*) from raw.causes_of_concern x where x.report_sha256 = r.report_sha256) as causes,
        (select count(*) from raw.recommendations x where x.report_sha256 = r.report_sha256) as recommendations,
        (select count(*) from raw.practice_examples x where x.report_sha256 = r.report_sha256) as practice,
        (select count(*) from raw.footnotes x where x.report_sha256 = r.report_sha256) as footnotes,
        (select count(*) from raw.headline_metrics x where x.report_sha256 = r.report_sha256) as figures,
        (select count(*) from raw.narrative_statistics x where x.report_sha256 = r.report_sha256) as prose_figures
    from raw.reports r
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
from raw.ref_generations g where not g.per_force_pdf""",
        {
            "inspection_year": "Inspection year from the cover (NULL when the file could not be read)",
            "generation": "PEEL generation (raw.ref_generations), or unknown when no layout recognised the file",
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
        MARTS, "coverage",
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
    from warehouse.carry_over import warehouse_to_afi_similarity

    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    # The carried-over mart reads pairs scored in Python; new or changed items are scored here.
    warehouse_to_afi_similarity(con)
    for model in MODELS:
        con.execute(f"CREATE OR REPLACE VIEW {model.qualified} AS {model.sql}")
        con.execute(f"COMMENT ON VIEW {model.qualified} IS '{_q(model.grain)}'")
        for column, text in model.columns.items():
            con.execute(f"COMMENT ON COLUMN {model.qualified}.{column} IS '{_q(text)}'")


def _q(text: str) -> str:
    return text.replace("'", "''")
