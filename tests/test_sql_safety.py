"""`peel sql` reads the warehouse and nothing else; `peel export` never turns a path into SQL."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from flows import exit_codes
from flows.cli import app

runner = CliRunner()


def sql(warehouse, query: str, *extra: str):
    return runner.invoke(app, ["sql", query, "--warehouse", str(warehouse), *extra])


REFUSED_BY_TYPE = [
    ("COPY raw.reports TO '/tmp/peel-pwn.csv'", "COPY"),
    ("EXPORT DATABASE '/tmp/peel-pwn'", "EXPORT"),
    ("ATTACH '/tmp/peel-pwn.duckdb' (READ_WRITE)", "ATTACH"),
    ("INSTALL httpfs", "LOAD"),  # DuckDB's parser files INSTALL under LOAD
    ("LOAD httpfs", "LOAD"),
    ("SET enable_external_access = true", "SET"),
    ("CREATE TABLE pwn AS SELECT 1 AS a", "CREATE"),
    ("DELETE FROM raw.reports", "DELETE"),
    ("PRAGMA version", "PRAGMA"),
]


@pytest.mark.parametrize("query, kind", REFUSED_BY_TYPE)
def test_statements_other_than_select_are_refused(warehouse, query, kind, tmp_path):
    result = sql(warehouse, query)
    assert result.exit_code == exit_codes.USAGE
    assert result.stderr == (f"peel: read-only: {kind} is refused; "
                             "peel sql runs one SELECT, WITH, DESCRIBE or SHOW statement\n")
    assert result.stdout == ""


@pytest.mark.parametrize("query, path", [
    ("SELECT * FROM read_text('/etc/passwd')", "/etc/passwd"),
    ("SELECT * FROM read_blob('/etc/passwd')", "/etc/passwd"),
    ("SELECT * FROM glob('/*')", "/*"),
    ("SELECT * FROM read_csv('/etc/passwd')", "/etc/passwd"),
])
def test_selects_that_reach_the_file_system_are_refused(warehouse, query, path):
    result = sql(warehouse, query)
    assert result.exit_code == exit_codes.USAGE
    assert result.stderr == (
        "peel: read-only: the query may not reach files, the network or extensions "
        f'(Permission Error: Cannot access file "{path}" - file system operations are disabled by configuration)\n'
    )
    assert "root:" not in result.stdout


def test_two_statements_in_one_call_are_refused_even_when_both_are_selects(warehouse):
    result = sql(warehouse, "SELECT 1; SELECT 2")
    assert result.exit_code == exit_codes.USAGE
    assert result.stderr == "peel: read-only: 2 statements given; peel sql runs exactly one per call\n"


def test_a_select_hidden_after_a_copy_is_refused(warehouse, tmp_path):
    target = tmp_path / "pwn.csv"
    result = sql(warehouse, f"SELECT 1; COPY raw.reports TO '{target}'")
    assert result.exit_code == exit_codes.USAGE
    assert not target.exists()


def test_the_lock_down_holds_even_without_the_statement_check(warehouse, tmp_path):
    """The connection itself refuses what the statement check might one day let through."""
    import duckdb

    from warehouse.readonly import open_reader

    con = open_reader(warehouse)
    try:
        for query in (f"COPY raw.reports TO '{tmp_path / 'x.csv'}'", "SET enable_external_access = true",
                      "DELETE FROM raw.reports", "INSTALL httpfs"):
            with pytest.raises(duckdb.Error):
                con.execute(query)
    finally:
        con.close()
    assert not (tmp_path / "x.csv").exists()


def test_a_query_that_does_not_parse_is_one_line(warehouse):
    result = sql(warehouse, "SELEC 1")
    assert result.exit_code == exit_codes.USAGE
    assert result.stderr == 'peel: the query failed: Parser Error: syntax error at or near "SELEC"\n'


@pytest.mark.parametrize("query", [
    "SELECT force_name FROM force_inspections",
    "WITH f AS (SELECT force_name FROM force_inspections) SELECT * FROM f",
    "FROM force_inspections SELECT force_name",
    "DESCRIBE force_inspections",
    "SHOW TABLES",
])
def test_selects_describe_and_show_run(warehouse, query):
    result = sql(warehouse, query)
    assert result.exit_code == 0, result.output
    assert "force_name" in result.stdout or "force_inspections" in result.stdout  # SHOW TABLES lists the marts


QUERY = "SELECT force_name, NULL AS nothing, 'a|b' AS piped, 1.5::DECIMAL(3,1) AS d FROM force_inspections"


def test_table_format_spells_null(warehouse):
    result = sql(warehouse, QUERY)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "force_name                   nothing  piped  d",
        "---------------------------  -------  -----  ---",
        "Metropolitan Police Service  NULL     a|b    1.5",
        "(1 row)",
    ]


def test_markdown_format_spells_null_and_escapes_pipes(warehouse):
    result = sql(warehouse, QUERY, "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "| force_name | nothing | piped | d |",
        "|---|---|---|---|",
        "| Metropolitan Police Service | NULL | a\\|b | 1.5 |",
    ]


def test_json_format_has_json_null(warehouse):
    result = sql(warehouse, QUERY, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [{"force_name": "Metropolitan Police Service", "nothing": None,
                                          "piped": "a|b", "d": 1.5}]


def test_csv_format_leaves_null_empty(warehouse):
    result = sql(warehouse, QUERY, "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["force_name,nothing,piped,d", "Metropolitan Police Service,,a|b,1.5"]


def test_an_unknown_format_is_one_line(warehouse):
    result = sql(warehouse, "SELECT 1", "--format", "xml")
    assert result.exit_code == exit_codes.USAGE
    assert result.stderr == "peel: --format 'xml': choose one of table, csv, json, markdown\n"


# --- peel export -----------------------------------------------------------------------------


def export(warehouse, folder):
    return runner.invoke(app, ["export", "--parquet", str(folder), "--warehouse", str(warehouse)])


@pytest.mark.parametrize("name", ["it's here", "x'); COPY reports TO 'pwn.csv'; --"])
def test_a_folder_name_with_quotes_is_only_a_name(warehouse, tmp_path, monkeypatch, name):
    import duckdb
    import pandas as pd

    monkeypatch.chdir(tmp_path)  # where the injected COPY would write pwn.csv
    statements = []
    real_execute = duckdb.DuckDBPyConnection.execute

    def spy(self, query, *args, **kwargs):
        statements.append(str(query))
        return real_execute(self, query, *args, **kwargs)

    monkeypatch.setattr(duckdb.DuckDBPyConnection, "execute", spy)
    out = tmp_path / name
    result = export(warehouse, out)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "pwn.csv").exists()
    assert not any("COPY" in s.upper() for s in statements)
    assert len(pd.read_parquet(out / "headline_figures")) == 11
    assert (out / "headline_figures" / "inspection_year=2017").is_dir()


def test_a_second_export_leaves_no_stale_partition_or_temporary_folder(warehouse, tmp_path):
    out = tmp_path / "parquet"
    assert export(warehouse, out).exit_code == 0
    stale = out / "headline_figures" / "inspection_year=1999"
    stale.mkdir()
    (stale / "part-0.parquet").write_bytes(b"old")
    result = export(warehouse, out)
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parquet"]  # the new and the old folders are gone
    assert (out / "headline_figures" / "inspection_year=2017").is_dir()


def test_export_to_an_existing_file_is_one_line(warehouse, tmp_path):
    file = tmp_path / "taken"
    file.write_text("mine")
    result = export(warehouse, file)
    assert result.exit_code == exit_codes.USAGE
    assert result.stderr == f"peel: {file}: exists and is not a folder; give a folder for the Parquet files\n"
    assert file.read_text() == "mine"


def test_export_never_replaces_a_folder_it_did_not_write(warehouse, tmp_path):
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    result = export(warehouse, precious)
    assert result.exit_code == exit_codes.USAGE
    assert result.stderr == (f"peel: {precious}: is a folder of other files (no .peel-export marker from an "
                             "earlier export); give a new or empty folder\n")
    assert (precious / "thesis.docx").read_text() == "years of work"
