"""Warehouse tables, with the comments analysts read as the data dictionary.

Every table the pipeline writes lives in the `raw` schema: the loaded facts,
the run's records (quarantine, source files, check results) and the shipped
reference data (`raw.ref_*`: inputs as published, not shaped for analysts, who
read them through the marts).  The `main` schema, which any client reads by
default, holds the marts alone (warehouse/models.py), so an unqualified name
never reaches a raw table.

Every fact table is keyed by a deterministic id (a hash of the report's
sha256 and the fact's natural key), so re-loading a report writes the same
rows.  Every fact row carries its report's sha256, the page and bounding box
it was read from, and the extractor version that read it.
"""

from __future__ import annotations

PROVENANCE = """
    report_sha256 VARCHAR NOT NULL,
    page INTEGER,
    bbox DOUBLE[],
    extractor_version VARCHAR NOT NULL"""

TABLES: dict[str, tuple[str, str, dict[str, str]]] = {
    "reports": (
        """CREATE TABLE IF NOT EXISTS raw.reports (
    report_sha256 VARCHAR PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    title VARCHAR, force VARCHAR, pillar VARCHAR, year INTEGER, published VARCHAR, isbn VARCHAR,
    pages INTEGER, overall_grade VARCHAR,
    extractor_version VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL)""",
        "One row per loaded report file (a PDF identified by its sha256).",
        {
            "report_sha256": "SHA-256 of the PDF file: the report's identity",
            "file_name": "File name the report was loaded from",
            "title": "Title on the cover, e.g. 'PEEL: Police effectiveness 2017'",
            "force": "Force inspected, as named on the cover",
            "pillar": "PEEL pillar: effectiveness, efficiency, legitimacy or leadership",
            "year": "PEEL inspection year from the title",
            "published": "Month of publication from the cover, YYYY-MM",
            "isbn": "ISBN printed on the cover",
            "pages": "Number of pages in the PDF",
            "overall_grade": "Overall pillar grade from the judgments table",
            "extractor_version": "Version of peel-etl's extractors that read the report",
            "loaded_at": "When the report was loaded (UTC)",
        },
    ),
    "grades": (
        f"""CREATE TABLE IF NOT EXISTS raw.grades (
    grade_id VARCHAR PRIMARY KEY,
    question VARCHAR NOT NULL, grade VARCHAR NOT NULL, last_inspected INTEGER,{PROVENANCE})""",
        "One row per report x question in the judgments table.",
        {
            "grade_id": "Deterministic key: hash of report and question",
            "question": "Question as worded in the judgments table",
            "grade": "Outstanding, Good, Adequate, Requires improvement, Inadequate or Ungraded",
            "last_inspected": "Year the question was last inspected (earlier years are carried-over judgments)",
        },
    ),
    "areas_for_improvement": (
        f"""CREATE TABLE IF NOT EXISTS raw.areas_for_improvement (
    afi_id VARCHAR PRIMARY KEY,
    ordinal INTEGER NOT NULL, section VARCHAR NOT NULL, text VARCHAR NOT NULL,{PROVENANCE})""",
        "One row per area for improvement listed in a report.",
        {
            "afi_id": "Deterministic key: hash of report and position",
            "ordinal": "Position of the item in the report (1 = first)",
            "section": "Part of the report the item is listed under (the question's heading)",
            "text": "Text of the area for improvement, whitespace normalised",
        },
    ),
    "footnotes": (
        f"""CREATE TABLE IF NOT EXISTS raw.footnotes (
    footnote_id VARCHAR PRIMARY KEY,
    number INTEGER NOT NULL, text VARCHAR NOT NULL, referenced_on INTEGER[],{PROVENANCE})""",
        "One row per report x footnote.",
        {
            "footnote_id": "Deterministic key: hash of report and footnote number",
            "number": "Footnote number, counted through the whole report",
            "text": "Footnote text, whitespace normalised, line-end hyphenation undone",
            "referenced_on": "Pages whose text cites the footnote",
        },
    ),
    "headline_metrics": (
        f"""CREATE TABLE IF NOT EXISTS raw.headline_metrics (
    metric_id VARCHAR PRIMARY KEY,
    block VARCHAR NOT NULL, metric VARCHAR NOT NULL, period VARCHAR, unit VARCHAR NOT NULL,
    force_value DOUBLE, england_wales_value DOUBLE, method VARCHAR NOT NULL, confidence DOUBLE,{PROVENANCE})""",
        "One row per report x 'Force in numbers' figure: the force's value beside England and Wales.",
        {
            "metric_id": "Deterministic key: hash of report, block and metric",
            "block": "Infographic block the figure sits in, e.g. 'Crime (excluding fraud)'",
            "metric": "What is measured, e.g. 'Crimes recorded per 1,000 population'",
            "period": "Period the figure covers, e.g. '12 months to 30 June 2017'",
            "unit": "per 1,000 population, per 1 million population, percent or percent change",
            "force_value": "The force's figure (NULL when the report prints a dash)",
            "england_wales_value": "The England and Wales figure printed beside it",
            "method": "text (read from the PDF's text layer) or ocr (read from a picture by OCR: check confidence)",
            "confidence": "For OCR: the lowest recognition confidence of the figure's words, 0 to 1; NULL for text",
        },
    ),
    "narrative_statistics": (
        f"""CREATE TABLE IF NOT EXISTS raw.narrative_statistics (
    statistic_id VARCHAR PRIMARY KEY, ordinal INTEGER NOT NULL,
    value DOUBLE NOT NULL, unit VARCHAR NOT NULL, subject VARCHAR NOT NULL, measure VARCHAR, period VARCHAR,
    comparison VARCHAR, compared_with DOUBLE, change_from DOUBLE, change_to DOUBLE, infographic_metric VARCHAR,
    sentence VARCHAR NOT NULL,{PROVENANCE})""",
        "One row per report x figure stated in the prose, with the comparison the prose makes with it.",
        {
            "statistic_id": "Deterministic key: hash of report and position",
            "ordinal": "Position of the figure in the report (1 = first)",
            "value": "The figure as stated, e.g. 44 in '44 percent'",
            "unit": "percent, percentage points, or a rate such as 'per 10,000 population'",
            "subject": "force (the inspected force's figure) or england_and_wales",
            "measure": "The clause the figure sits in: what it measures",
            "period": "Period the sentence gives it; for a stated change '<base> against <period>'",
            "comparison": "increase or decrease (the figure is a stated change), higher_than, lower_than, "
                          "more_than_double or less_than_half (compared with England and Wales); NULL for none",
            "compared_with": "The England and Wales figure a comparison is made with",
            "change_from": "For a stated change: the value it starts from, when the prose states it",
            "change_to": "For a stated change: the value it ends at, when the prose states it",
            "infographic_metric": "The 'Force in numbers' metric this figure restates (same unit, period and words)",
            "sentence": "The sentence that states the figure",
        },
    ),
    "extraction_warnings": (
        """CREATE TABLE IF NOT EXISTS raw.extraction_warnings (
    report_sha256 VARCHAR NOT NULL, code VARCHAR NOT NULL, message VARCHAR NOT NULL, page INTEGER,
    extractor_version VARCHAR NOT NULL)""",
        "One row per problem the extractors flagged in a report (a value flagged, not guessed).",
        {"code": "Stable warning code", "message": "What was wrong, for a person"},
    ),
    "validation_results": (
        """CREATE TABLE IF NOT EXISTS raw.validation_results (
    report_sha256 VARCHAR NOT NULL, check_name VARCHAR NOT NULL, table_name VARCHAR NOT NULL,
    severity VARCHAR NOT NULL, success BOOLEAN, description VARCHAR,
    unexpected_value VARCHAR, page INTEGER, bbox DOUBLE[],
    extractor_version VARCHAR NOT NULL, note VARCHAR)""",
        "One row per report x check when it passed or was skipped, or per report x check x failing value when it failed.",
        {
            "check_name": "Stable id of the Great Expectations check",
            "table_name": "Table of extracted facts the check reads",
            "severity": "error (the report is quarantined) or warning (loaded with a flag)",
            "success": "Whether the check passed; NULL when it was skipped (see note)",
            "note": "Why the check was skipped, e.g. the reference data has no population for the force",
            "description": "What the check asserts, in words",
            "unexpected_value": "The failing value(s), as JSON",
            "page": "Page to look at for the failing value",
            "bbox": "Box on that page, [x0, top, x1, bottom] in PDF points",
        },
    ),
    "quarantine": (
        """CREATE TABLE IF NOT EXISTS raw.quarantine (
    file_name VARCHAR NOT NULL, sha256 VARCHAR, reason_code VARCHAR NOT NULL, message VARCHAR NOT NULL,
    stage VARCHAR NOT NULL, extractor_version VARCHAR NOT NULL, quarantined_at TIMESTAMP NOT NULL)""",
        "One row per input file that was not loaded, with the reason. Its facts are not in the fact tables.",
        {
            "file_name": "File that was quarantined, relative to the folder read; bytes that are not UTF-8 and control characters escaped (\\xff, \\n)",
            "sha256": "SHA-256 of the file (NULL when it could not be read at all)",
            "reason_code": "Stable reason code (schemas/reasons.py), e.g. not_a_pdf, corrupt_pdf, too_large, validation_failed",
            "message": "One-line explanation of what is wrong and what to do",
            "stage": "discover, extract, validate, load or record: where the file failed",
            "quarantined_at": "When the file was quarantined (UTC)",
        },
    ),
}

TABLES["source_files"] = (
    """CREATE TABLE IF NOT EXISTS raw.source_files (
    file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, status VARCHAR NOT NULL, reason_code VARCHAR,
    duplicate_of VARCHAR, extractor_version VARCHAR NOT NULL, first_seen_at TIMESTAMP NOT NULL,
    PRIMARY KEY (file_name, sha256))""",
    "One row per input path (by name and content) and what became of it: loaded, quarantined, duplicate or skipped.",
    {
        "file_name": "Path of the file, relative to the folder the run read; bytes that are not UTF-8 and control characters escaped (\\xff, \\n)",
        "sha256": "SHA-256 of the file's bytes; empty when there were none to read (a dangling link, a link loop, a file gone)",
        "status": "loaded, quarantined, duplicate (the same bytes as a file loaded under another name) or skipped "
                  "(a link out of the source folder, a report outside the years, forces or pillars asked for)",
        "reason_code": "Why it was quarantined or skipped (schemas/reasons.py), or 'duplicate'",
        "duplicate_of": "For a duplicate: the file whose copy was loaded",
        "first_seen_at": "When a run first saw this file (UTC)",
    },
)

TABLES["causes_of_concern"] = (
    f"""CREATE TABLE IF NOT EXISTS raw.causes_of_concern (
    cause_id VARCHAR PRIMARY KEY, ordinal INTEGER NOT NULL, section VARCHAR, text VARCHAR NOT NULL,
    accelerated BOOLEAN NOT NULL,{PROVENANCE})""",
    "One row per report x cause of concern.",
    {
        "cause_id": "Deterministic key: hash of report and position",
        "ordinal": "Position of the cause of concern in the report (1 = first)",
        "section": "Part of the report (question or area of policing) it is raised under",
        "text": "What HMICFRS is concerned about",
        "accelerated": "Raised through the accelerated cause of concern process (2021 on)",
    },
)
TABLES["recommendations"] = (
    f"""CREATE TABLE IF NOT EXISTS raw.recommendations (
    recommendation_id VARCHAR PRIMARY KEY, cause_id VARCHAR NOT NULL, ordinal INTEGER NOT NULL, text VARCHAR NOT NULL,
    {PROVENANCE.strip()})""",
    "One row per recommendation made to address a cause of concern.",
    {
        "recommendation_id": "Deterministic key: hash of the cause and position",
        "cause_id": "The cause of concern it addresses (causes_of_concern.cause_id)",
        "ordinal": "Position among the cause's recommendations",
        "text": "The recommendation, e.g. 'Within six months, the force should ...'",
    },
)
TABLES["practice_examples"] = (
    f"""CREATE TABLE IF NOT EXISTS raw.practice_examples (
    practice_id VARCHAR PRIMARY KEY, ordinal INTEGER NOT NULL, label VARCHAR NOT NULL, section VARCHAR,
    text VARCHAR NOT NULL,{PROVENANCE})""",
    "One row per example of innovative, promising or notable practice a report points out.",
    {
        "practice_id": "Deterministic key: hash of report and position",
        "ordinal": "Position in the report",
        "label": "The heading: Innovative practice, Promising practice, ...",
        "section": "Part of the report it sits in",
        "text": "What the force does",
    },
)

# Columns added since a table was first defined: added to older warehouses when they are opened.
ADDED_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "reports": [
        ("force_id", "VARCHAR", "The force's id in ref_forces (one of the 43 forces of England and Wales)"),
        ("synthetic", "BOOLEAN DEFAULT false", "The document says it is a synthetic test document, not an HMICFRS publication"),
        ("generation", "VARCHAR", "PEEL generation whose layout read the report (ref_generations.generation)"),
        ("grade_scale", "VARCHAR", "four-tier (to 2018/19) or five-tier (from 2021/22, with Adequate)"),
    ],
    "grades": [
        ("level", "VARCHAR DEFAULT 'question'", "question, area (areas of policing, 2021 on) or pillar (a pillar's overall grade)"),
        ("pillar", "VARCHAR", "Pillar the question belongs to, when the report grades several (2018/19)"),
        ("grade_scale", "VARCHAR", "four-tier or five-tier: the scale the grade is on"),
        ("grade_ordinal", "INTEGER", "Grade on its own scale, 1 = Inadequate up to 4 or 5 = Outstanding; NULL if ungraded"),
        ("carried_over_from", "INTEGER", "Inspection year whose judgment still stands (not re-inspected this time)"),
    ],
    "areas_for_improvement": [
        ("headline", "VARCHAR", "2023 on: the item's one-sentence headline ('<Force> should ...')"),
        ("explanation", "VARCHAR", "2023 on: the paragraph explaining the headline"),
    ],
    "source_files": [
        ("generation", "VARCHAR", "PEEL generation, when the cover could be read"),
        ("year", "INTEGER", "Inspection year, when the cover could be read"),
        ("pillar", "VARCHAR", "Pillar, when the cover could be read"),
    ],
}

FACT_TABLES = ("grades", "areas_for_improvement", "footnotes", "headline_metrics", "narrative_statistics",
               "causes_of_concern", "recommendations", "practice_examples")


REFERENCE_TABLES = {
    "ref_forces": ("forces.csv", "One row per territorial police force of England and Wales, with the names reports use."),
    "ref_force_populations": (
        "force_population_mid2016.csv",
        "One row per force area (and national totals): mid-2016 population, the denominator of the 2017 rates. "
        "Four Welsh forces are missing; see source for each figure's provenance.",
    ),
    "ref_published_grades": (
        "peel_grades.csv", "One row per force x year x pillar x question: the grade HMICFRS published, with its source URL."
    ),
}


def load_generations(con) -> None:
    """ref_generations: the declared layout of each PEEL generation (schemas/layouts/)."""
    from schemas.layouts import layouts

    con.execute("""CREATE OR REPLACE TABLE raw.ref_generations (
        generation VARCHAR PRIMARY KEY, label VARCHAR, first_year INTEGER, last_year INTEGER, per_force_pdf BOOLEAN,
        grade_scale VARCHAR, graded_unit VARCHAR, overall_grades INTEGER, assumptions VARCHAR)""")
    con.executemany(
        "INSERT INTO raw.ref_generations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[g.id, g.label, min(g.years), max(g.years), g.per_force_pdf, g.grade_scale, g.graded_unit, g.overall_grades,
          " | ".join(g.assumptions)] for g in layouts()],
    )
    con.execute("COMMENT ON TABLE raw.ref_generations IS 'One row per PEEL generation: how its reports are recognised and read.'")
    for column, text in {
        "generation": "Id of the generation's layout (schemas/layouts/<id>.json)",
        "label": "Name of the generation",
        "first_year": "First inspection year of the generation",
        "last_year": "Last inspection year of the generation",
        "per_force_pdf": "Whether a PDF report was published per force (false for PEEL 2014: web pages only)",
        "grade_scale": "four-tier or five-tier (with Adequate)",
        "graded_unit": "pillar (overall pillar and question grades) or area (areas of policing only)",
        "overall_grades": "Overall grade statements a graded report makes",
        "assumptions": "What the layout assumes where the generation's PDFs were not seen",
    }.items():
        con.execute(f"COMMENT ON COLUMN raw.ref_generations.{column} IS '{_q(text)}'")


def load_reference_tables(con) -> None:
    """(Re)load the versioned reference data shipped in schemas/reference/ (same content, same rows)."""
    from pathlib import Path

    load_generations(con)
    folder = Path(__file__).resolve().parent.parent / "schemas" / "reference"
    for table, (file, comment) in REFERENCE_TABLES.items():
        path = str(folder / file).replace("'", "''")
        con.execute(f"CREATE OR REPLACE TABLE raw.{table} AS SELECT * FROM read_csv('{path}', header = true, all_varchar = true)")
        con.execute(f"COMMENT ON TABLE raw.{table} IS '{_q(comment)}'")
        for column in raw_columns(con, table):
            con.execute(f"COMMENT ON COLUMN raw.{table}.{column} IS '{_q(_REF_COLUMNS.get(column, column.replace('_', ' ')))}'")


_REF_COLUMNS = {
    "force_id": "Stable id of the force",
    "name": "Official name of the force",
    "population_key": "The force's name in ref_force_populations",
    "grades_key": "The force's name in ref_published_grades",
    "variants": "Other names reports use for the force, separated by semicolons",
    "force": "Force (or national total) as named by the source",
    "ons_code_if_known": "ONS code of the police force area, where known",
    "population": "Mid-2016 population (blank where no source was found)",
    "year": "Year of the estimate, or DERIVED when computed from official totals",
    "source": "Where the figure comes from",
    "pillar": "PEEL pillar",
    "question": "overall, or the question graded",
    "grade": "Grade published by HMICFRS",
}


def raw_columns(con, table: str) -> list[str]:
    """The columns of raw.<table> (a mart in main may share its name)."""
    return [column for (column,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'raw' AND table_name = ? "
        "AND database_name = current_database() ORDER BY column_index", [table]).fetchall()]


def create_tables(con) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for name, (ddl, comment, columns) in TABLES.items():
        con.execute(ddl)
        con.execute(f"COMMENT ON TABLE raw.{name} IS '{_q(comment)}'")
        for column, kind, _ in ADDED_COLUMNS.get(name, []):
            con.execute(f"ALTER TABLE raw.{name} ADD COLUMN IF NOT EXISTS {column} {kind}")
        described = dict(columns) | {column: text for column, _, text in ADDED_COLUMNS.get(name, [])}
        described.setdefault("report_sha256", "SHA-256 of the report file the fact was read from")
        described.setdefault("page", "Page number (1-based) the fact was read from")
        described.setdefault("bbox", "Bounding box on the page, [x0, top, x1, bottom] in PDF points")
        described.setdefault("extractor_version", "Version of peel-etl's extractors that read the fact")
        existing = set(raw_columns(con, name))
        for column, text in described.items():
            if column in existing:
                con.execute(f"COMMENT ON COLUMN raw.{name}.{column} IS '{_q(text)}'")


def _q(text: str) -> str:
    return text.replace("'", "''")
