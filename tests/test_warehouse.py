"""The raw tables: every table and column described, keys deterministic, all in the `raw` schema."""

from __future__ import annotations

from warehouse.load import connect, fact_id
from warehouse.schema import TABLES


def test_every_table_and_column_has_a_comment(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    for table in TABLES:
        comment = con.execute("SELECT comment FROM duckdb_tables() WHERE schema_name = 'raw' AND table_name = ?",
                              [table]).fetchone()[0]
        assert comment, table
        undocumented = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'raw' AND table_name = ? "
            "AND (comment IS NULL OR comment = '')", [table]).fetchall()
        assert undocumented == [], (table, undocumented)


def test_fact_ids_are_deterministic():
    assert fact_id("abc", "Question") == fact_id("abc", "Question")
    assert fact_id("abc", "Question") != fact_id("abd", "Question")


def test_readme_names_every_table():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for table in TABLES:
        assert f"`raw.{table}`" in readme, table


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
        assert con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0] == 0, table


def test_every_table_the_pipeline_writes_is_in_raw_and_main_holds_only_the_marts(tmp_path):
    """What any client lists by default (`SHOW TABLES`, schema `main`) is the marts, and only they."""
    from warehouse.models import MODELS

    con = connect(tmp_path / "w.duckdb")
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name <> 'raw'").fetchone()[0] == 0
    raw = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw'").fetchall()}
    assert set(TABLES) <= raw and {"ref_forces", "ref_generations", "afi_similarity", "schema_version"} <= raw
    shown = {name for (name,) in con.execute("SHOW TABLES").fetchall()}
    assert shown == {m.name for m in MODELS if m.is_mart}


def test_rows_are_inserted_many_to_a_statement_and_every_row_lands():
    """A report's hundreds of rows go in a few statements (not one a row, as `executemany` runs them)."""
    import duckdb

    from warehouse.load import ROWS_PER_INSERT, insert_rows

    con = duckdb.connect()
    con.execute("CREATE TABLE t (k INTEGER, a VARCHAR, b INTEGER, c DOUBLE[])")
    rows = [[k, f"row {k}", None if k % 3 else k, [1.5, float(k)] if k % 2 else None]
            for k in range(2 * ROWS_PER_INSERT + 5)]

    class Counting:
        statements = 0

        def execute(self, *args):
            Counting.statements += 1
            return con.execute(*args)

        def executemany(self, sql, many):
            Counting.statements += len(many)
            return con.executemany(sql, many)

    insert_rows(Counting(), "INSERT INTO t VALUES (?, ?, ?, ?)", rows)
    assert Counting.statements == 3
    assert [list(r) for r in con.execute("SELECT * FROM t ORDER BY k").fetchall()] == rows
    insert_rows(Counting(), "INSERT INTO t VALUES (?, ?, ?, ?)", [])
    assert Counting.statements == 3
