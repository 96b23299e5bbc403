"""The analyst layer: marts by grain, re-published reports, the dictionary, SQL and Parquet export."""

from __future__ import annotations

from dataclasses import replace

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE_PDF, extract
from flows.cli import app
from warehouse.load import connect, load_report
from warehouse.models import MODELS

runner = CliRunner()


@pytest.fixture(scope="module")
def sample():
    return extract(SAMPLE_PDF)


@pytest.fixture()
def warehouse(tmp_path, sample):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    load_report(con, sample, [])
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
        "select question, grade, grade_rank from marts.graded_questions order by grade_rank desc nulls last, question"
    ).fetchall()
    assert grades[0] == ("Preventing crime and tackling anti-social behaviour", "Good", 4)
    assert grades[-1] == ("Specialist capabilities", "Ungraded", None)
    over_time = con.execute("select force_name, inspection_year, overall_grade, overall_grade_rank from marts.grades_over_time").fetchall()
    assert over_time == [("Metropolitan Police Service", 2017, "Requires improvement", 2)]
    calls = con.execute(
        "select force_value, england_wales_value, difference, against_england_wales from marts.headline_figures "
        "where metric = 'Incidents per 1,000 population'").fetchone()
    assert calls == (416, 282, 134, "above")
    inspection = con.execute(
        "select questions, areas_for_improvement, footnotes, headline_figures from marts.force_inspections").fetchone()
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
    assert con.execute("select count(*) from marts.force_inspections").fetchone()[0] == 1
    assert con.execute("select areas_for_improvement, version from marts.force_inspections").fetchone() == (11, 2)
    assert con.execute("select count(*) from marts.areas_for_improvement").fetchone()[0] == 11
    assert con.execute("select superseded_versions from marts.coverage").fetchone()[0] == 1


def test_areas_for_improvement_carried_over_are_matched_by_similarity(warehouse, sample):
    later = replace(sample, report=replace(sample.report, sha256="e" * 64, year=2018, file_name="met-2018.pdf"))
    later.areas_for_improvement = [
        replace(sample.areas_for_improvement[0], text=sample.areas_for_improvement[0].text.replace("should ensure", "must ensure")),
        replace(sample.areas_for_improvement[1], text="The force should publish its estates strategy."),
    ]
    con = connect(warehouse)
    load_report(con, later, [])
    pairs = con.execute(
        "select earlier_year, later_year, similarity, later_text from marts.areas_for_improvement_carried_over").fetchall()
    assert len(pairs) == 1
    earlier_year, later_year, similarity, text = pairs[0]
    assert (earlier_year, later_year) == (2017, 2018) and 0.85 <= similarity < 1 and "must ensure" in text


def test_sql_is_read_only_and_prints_a_table(warehouse):
    result = runner.invoke(app, ["sql", "select force_name, overall_grade from marts.force_inspections",
                                 "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    assert "Metropolitan Police Service" in result.stdout and "Requires improvement" in result.stdout
    result = runner.invoke(app, ["sql", "delete from reports", "--warehouse", str(warehouse)])
    assert result.exit_code != 0 and "read-only" in result.stderr


def test_export_writes_every_mart_as_parquet_partitioned_by_year(warehouse, tmp_path):
    import pandas as pd

    out = tmp_path / "parquet"
    result = runner.invoke(app, ["export", "--parquet", str(out), "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    figures = pd.read_parquet(out / "headline_figures")
    assert len(figures) == 11
    assert (out / "headline_figures" / "inspection_year=2017").is_dir()
    for model in (m for m in MODELS if m.schema == "marts"):
        assert model.name in result.stdout


def test_docs_dictionary_is_current(warehouse):
    """docs/warehouse.md is what `peel tables --markdown` prints: regenerate it after changing a model."""
    result = runner.invoke(app, ["tables", "--markdown", "--warehouse", str(warehouse)])
    assert result.exit_code == 0
    assert (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8") == result.stdout
