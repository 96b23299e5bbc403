"""Tables analysts can read: every table and column described, keys deterministic."""

from __future__ import annotations

from warehouse.load import connect, fact_id
from warehouse.schema import TABLES


def test_every_table_and_column_has_a_comment(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    for table in TABLES:
        comment = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()[0]
        assert comment, table
        undocumented = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND (comment IS NULL OR comment = '')",
            [table]).fetchall()
        assert undocumented == [], (table, undocumented)


def test_fact_ids_are_deterministic():
    assert fact_id("abc", "Question") == fact_id("abc", "Question")
    assert fact_id("abc", "Question") != fact_id("abd", "Question")


def test_readme_names_every_table():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for table in TABLES:
        assert f"`{table}`" in readme, table


def test_a_failed_load_leaves_nothing_behind(tmp_path):
    """A report is written whole or not at all."""
    import pytest

    from conftest import SAMPLE_PDF, extract
    from warehouse.load import load_report

    con = connect(tmp_path / "w.duckdb")
    good = extract(SAMPLE_PDF)
    broken = [object()]  # a check result the loader cannot write, after the facts were inserted
    with pytest.raises(Exception):
        load_report(con, good, broken)
    for table in ("reports", "grades", "areas_for_improvement", "footnotes", "headline_metrics"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
