"""The analyst layer: marts by grain, re-published reports, the dictionary, SQL and Parquet export."""

from __future__ import annotations

from dataclasses import replace

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE_PDF, extract
from flows.cli import app
from schemas.records import AreaForImprovement, Grade
from warehouse.carry_over import warehouse_to_afi_similarity
from warehouse.load import connect, load_report
from warehouse.models import MODELS

runner = CliRunner()
BOX = (0.0, 0.0, 1.0, 1.0)


def load(con, extraction) -> None:
    """Load a report and score its areas for improvement, as a load in the flow does."""
    load_report(con, extraction, [])
    warehouse_to_afi_similarity(con)


def met_2018_19(sample):
    """The Met's integrated 2018/19 report: three pillar grades, questions per pillar, AFIs under them."""
    report = replace(sample.report, sha256="a" * 64, file_name="met-2018-19.pdf", pillar="integrated", year=2018,
                     title="PEEL: Police effectiveness, efficiency and legitimacy 2018/19", published="2019-09",
                     generation="peel-2018-19")
    grades = [
        Grade("Overall effectiveness", "Requires improvement", None, 5, BOX, "pillar", "effectiveness"),
        Grade("Overall efficiency", "Good", None, 5, BOX, "pillar", "efficiency"),
        Grade("Overall legitimacy", "Requires improvement", None, 5, BOX, "pillar", "legitimacy"),  # published: Good
        Grade("Preventing crime and tackling anti-social behaviour", "Good", 2018, 5, BOX, "question", "effectiveness"),
        Grade("Investigating crime", "Requires improvement", 2018, 5, BOX, "question", "effectiveness"),
        Grade("Meeting current demands and using resources", "Good", 2018, 5, BOX, "question", "efficiency"),
        Grade("Treating the public fairly", "Good", 2017, 5, BOX, "question", "legitimacy", 2017),
    ]
    afis = [
        AreaForImprovement("Investigating crime", "The force needs to increase the number of qualified detectives "
                           "so that the quality of its investigations improves.", 9, BOX),
        AreaForImprovement("Investigating crime", "The force should ensure that all crimes are recorded at the first "
                           "opportunity in line with national standards.", 9, BOX),
        AreaForImprovement("Meeting current demands and using resources", "The force should improve its "
                           "understanding of the demand it faces, including demand that is less likely to be "
                           "reported.", 12, BOX),
    ]
    return replace(sample, report=report, overall_grade=None, grades=grades, areas_for_improvement=afis,
                   footnotes=[], headline_metrics=[], narrative_statistics=[], grade_scale="four-tier",
                   expected_overall_grades=3)


def met_2021_22(sample):
    """The Met's 2021/22 report: areas of policing on the five-tier scale, no pillar grade."""
    report = replace(sample.report, sha256="b" * 64, file_name="met-2021-22.pdf", pillar="integrated", year=2021,
                     title="PEEL 2021/22", published="2022-06", generation="peel-2021-22")
    grades = [Grade(area, grade, None, 4, BOX, "area") for area, grade in (
        ("Treatment of the public", "Good"), ("Responding to the public", "Adequate"),
        ("Investigating crime", "Requires improvement"), ("Protecting vulnerable people", "Inadequate"),
        ("Preventing crime and anti-social behaviour", "Outstanding"))]
    afis = [AreaForImprovement("Investigating crime", "The force should make sure that it has enough qualified "
                               "detectives to improve the quality of its investigations.", 14, BOX)]
    return replace(sample, report=report, overall_grade=None, grades=grades, areas_for_improvement=afis,
                   footnotes=[], headline_metrics=[], narrative_statistics=[], grade_scale="five-tier",
                   expected_overall_grades=0)


@pytest.fixture(scope="module")
def sample():
    return extract(SAMPLE_PDF)


@pytest.fixture()
def warehouse(tmp_path, sample):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    load(con, sample)
    con.close()
    return path


def test_every_mart_column_is_described(warehouse):
    con = connect(warehouse)
    for model in MODELS:
        actual = [r[0] for r in con.execute(
            "select column_name from duckdb_columns() where schema_name = ? and table_name = ?",
            [model.schema, model.name]).fetchall()]
        assert actual, model.qualified
        assert set(actual) == set(model.columns), (model.qualified, set(actual) ^ set(model.columns))
        described = con.execute(
            "select count(*) from duckdb_columns() where schema_name = ? and table_name = ? and comment <> ''",
            [model.schema, model.name]).fetchone()[0]
        assert described == len(actual), model.qualified


def test_marts_answer_the_first_questions(warehouse):
    con = connect(warehouse)
    grades = con.execute(
        "select question, grade, grade_rank from graded_questions order by grade_rank desc nulls last, question"
    ).fetchall()
    assert grades[0] == ("Preventing crime and tackling anti-social behaviour", "Good", 4)
    assert grades[-1] == ("Specialist capabilities", "Ungraded", None)
    over_time = con.execute("select force_name, inspection_year, overall_grade, overall_grade_rank from grades_over_time").fetchall()
    assert over_time == [("Metropolitan Police Service", 2017, "Requires improvement", 2)]
    calls = con.execute(
        "select force_value, england_wales_value, difference, against_england_wales from headline_figures "
        "where metric = 'Incidents per 1,000 population'").fetchone()
    assert calls == (416, 282, 134, "above")
    inspection = con.execute(
        "select questions, areas_for_improvement, footnotes, headline_figures from force_inspections").fetchone()
    assert inspection == (5, 12, 27, 11)


def test_a_republished_report_supersedes_the_old_one(warehouse, sample):
    """Same force, pillar and year, new file: the old version is kept with its validity; marts show the new."""
    corrected = replace(sample, report=replace(sample.report, sha256="f" * 64, file_name="met-2017-corrected.pdf"))
    corrected.areas_for_improvement = sample.areas_for_improvement[:11]
    con = connect(warehouse)
    load_report(con, corrected, [])
    versions = con.execute(
        "select file_name, version, is_current, valid_to is not null from staging.reports order by version").fetchall()
    assert versions == [
        ("peel-effectiveness-2017-metropolitan.pdf", 1, False, True),
        ("met-2017-corrected.pdf", 2, True, False),
    ]
    assert con.execute("select count(*) from force_inspections").fetchone()[0] == 1
    assert con.execute("select areas_for_improvement, version from force_inspections").fetchone() == (11, 2)
    assert con.execute("select count(*) from areas_for_improvement").fetchone()[0] == 11
    assert con.execute("select superseded_versions from coverage").fetchone()[0] == 1


def test_an_integrated_report_gives_a_row_per_pillar(warehouse, sample):
    con = connect(warehouse)
    load(con, met_2018_19(sample))
    over_time = con.execute(
        "select inspection_year, pillar, overall_grade, overall_grade_rank from grades_over_time "
        "order by inspection_year, pillar").fetchall()
    assert over_time == [
        (2017, "effectiveness", "Requires improvement", 2),
        (2018, "effectiveness", "Requires improvement", 2),
        (2018, "efficiency", "Good", 4),
        (2018, "legitimacy", "Requires improvement", 2),
    ]
    rows = con.execute(
        "select pillar, questions, areas_for_improvement, report_areas_for_improvement from force_inspections "
        "where inspection_year = 2018 order by pillar").fetchall()
    assert rows == [("effectiveness", 2, 2, 3), ("efficiency", 1, 1, 3), ("legitimacy", 1, 0, 3)]
    assert con.execute("select count(*) from force_inspections where overall_grade is null").fetchone()[0] == 0


def test_area_grades_keep_five_tiers_and_map_to_four(warehouse, sample):
    con = connect(warehouse)
    load(con, met_2021_22(sample))
    areas = con.execute(
        "select area, grade, grade_ordinal, comparable_grade, comparable_ordinal, comparable_is_approximate "
        "from area_grades order by grade_ordinal desc").fetchall()
    assert areas == [
        ("Preventing crime and anti-social behaviour", "Outstanding", 5, "Outstanding", 4, False),
        ("Treatment of the public", "Good", 4, "Good", 3, False),
        ("Responding to the public", "Adequate", 3, "Requires improvement", 2, True),
        ("Investigating crime", "Requires improvement", 2, "Requires improvement", 2, False),
        ("Protecting vulnerable people", "Inadequate", 1, "Inadequate", 1, False),
    ]
    # The inspection is one row of force_inspections, graded by area; no pillar grade is invented for it.
    assert con.execute(
        "select pillar, graded_unit, overall_grade, areas_graded from force_inspections where inspection_year = 2021"
    ).fetchall() == [("integrated", "area", None, 5)]
    assert con.execute("select count(*) from grades_over_time where inspection_year = 2021").fetchone()[0] == 0


def test_extracted_and_published_grades_meet_in_one_join(warehouse, sample):
    con = connect(warehouse)
    load(con, met_2018_19(sample))
    published = con.execute(
        "select inspection_year, inspection_label, published_grade from published_grades "
        "where force_id = 'metropolitan' and pillar = 'legitimacy' and inspection_year >= 2017 order by 1").fetchall()
    assert published == [(2017, "2017", "Good"), (2018, "2018/19", "Good")]
    compared = con.execute(
        "select inspection_year, pillar, extracted_grade, published_grade, comparison from grades_vs_published "
        "where force_id = 'metropolitan' and inspection_year >= 2017 order by 1, 2").fetchall()
    assert compared == [
        (2017, "effectiveness", "Requires improvement", "Requires improvement", "agrees"),
        (2017, "efficiency", None, "Requires improvement", "not_loaded"),
        (2017, "legitimacy", None, "Good", "not_loaded"),
        (2018, "effectiveness", "Requires improvement", "Requires improvement", "agrees"),
        (2018, "efficiency", "Good", "Good", "agrees"),
        (2018, "legitimacy", "Requires improvement", "Good", "differs"),
    ]
    one_join = con.execute(
        "select count(*) from grades_over_time g join published_grades p "
        "using (force_id, inspection_year, pillar)").fetchone()[0]
    assert one_join == 4


def test_versions_follow_the_month_published_not_the_load_order(warehouse, sample):
    """A correction loaded before the original it replaces is still the current version."""
    original_sha = sample.report.sha256
    con = connect(warehouse)
    con.execute("delete from raw.reports")  # start again: the correction first, then the original
    correction = replace(sample, report=replace(sample.report, sha256="c" * 64, published="2018-05",
                                                file_name="met-2017-corrected.pdf"))
    load(con, correction)
    load(con, sample)
    versions = con.execute(
        "select report_id, version, valid_from, valid_to, is_current from staging.reports order by version").fetchall()
    assert versions == [(original_sha, 1, "2018-03", "2018-05", False), ("c" * 64, 2, "2018-05", None, True)]
    assert con.execute("select file_name from force_inspections").fetchall() == [("met-2017-corrected.pdf",)]


def test_carried_over_areas_for_improvement_are_found_across_generations(warehouse, sample):
    """2017 effectiveness against the 2018/19 integrated report: the reworded request is found, not the one
    that only shares the opener; 2021/22 against 2018/19 is the nearer earlier report."""
    con = connect(warehouse)
    load(con, met_2018_19(sample))
    load(con, met_2021_22(sample))
    pairs = con.execute(
        "select earlier_year, later_year, earlier_pillar, later_pillar, earlier_text, later_text, similarity "
        "from areas_for_improvement_carried_over order by later_year").fetchall()
    detectives = sample.areas_for_improvement[3].text
    assert "qualified detectives" in detectives
    assert [(p[0], p[1], p[2], p[3]) for p in pairs] == [
        (2017, 2018, "effectiveness", "integrated"),
        (2018, 2021, "integrated", "integrated"),
    ]
    assert pairs[0][4] == detectives and pairs[0][5].startswith("The force needs to increase the number of qualified")
    assert pairs[1][4] == pairs[0][5]
    assert all(0.55 <= p[6] <= 1 for p in pairs)
    # The hard negative shares "The force should ensure that all ... at the first opportunity" and is left out.
    assert not any("all crimes are recorded" in p[5] for p in pairs)


def test_sql_is_read_only_and_prints_a_table(warehouse):
    result = runner.invoke(app, ["sql", "select force_name, overall_grade from force_inspections",
                                 "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    assert "Metropolitan Police Service" in result.stdout and "Requires improvement" in result.stdout
    result = runner.invoke(app, ["sql", "delete from raw.reports", "--warehouse", str(warehouse)])
    assert result.exit_code != 0 and "read-only" in result.stderr


def test_export_writes_every_mart_as_parquet_partitioned_by_year(warehouse, tmp_path):
    import pandas as pd

    out = tmp_path / "parquet"
    result = runner.invoke(app, ["export", "--parquet", str(out), "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    figures = pd.read_parquet(out / "headline_figures")
    assert len(figures) == 11
    assert (out / "headline_figures" / "inspection_year=2017").is_dir()
    for model in (m for m in MODELS if m.is_mart):
        assert model.name in result.stdout


def test_docs_dictionary_is_current(warehouse):
    """docs/warehouse.md is what `peel tables --markdown` prints: regenerate it after changing a model."""
    result = runner.invoke(app, ["tables", "--markdown", "--warehouse", str(warehouse)])
    assert result.exit_code == 0
    assert (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8") == result.stdout
