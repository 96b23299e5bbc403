"""Raw tables in `raw`, marts in `main`: an unqualified name is a mart, and an older warehouse is moved over."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from warehouse.carry_over import TABLES as CARRY_OVER_TABLES
from warehouse.load import connect
from warehouse.models import MODELS
from warehouse.schema import REFERENCE_TABLES, TABLES
from warehouse.upgrade import OutdatedWarehouse, UpgradeRefused, bring_up_to_date

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
SHA = "a" * 64
MARTS = {m.name: m for m in MODELS if m.is_mart}
RAW_NAMES = {*TABLES, *CARRY_OVER_TABLES, *REFERENCE_TABLES, "ref_generations", "schema_version"}

# The layout before the `raw` schema, as a warehouse of that time holds it: raw tables and reference
# tables in `main` (some from before later columns were added), views in `staging` and `marts`.
OLD_LAYOUT = [
    """CREATE TABLE reports (
        report_sha256 VARCHAR PRIMARY KEY, file_name VARCHAR NOT NULL,
        title VARCHAR, force VARCHAR, pillar VARCHAR, year INTEGER, published VARCHAR, isbn VARCHAR,
        pages INTEGER, overall_grade VARCHAR, extractor_version VARCHAR NOT NULL, loaded_at TIMESTAMP NOT NULL,
        force_id VARCHAR, synthetic BOOLEAN DEFAULT false, generation VARCHAR, grade_scale VARCHAR)""",
    """CREATE TABLE grades (
        grade_id VARCHAR PRIMARY KEY, question VARCHAR NOT NULL, grade VARCHAR NOT NULL, last_inspected INTEGER,
        report_sha256 VARCHAR NOT NULL, page INTEGER, bbox DOUBLE[], extractor_version VARCHAR NOT NULL)""",
    """CREATE TABLE areas_for_improvement (
        afi_id VARCHAR PRIMARY KEY, ordinal INTEGER NOT NULL, section VARCHAR NOT NULL, text VARCHAR NOT NULL,
        report_sha256 VARCHAR NOT NULL, page INTEGER, bbox DOUBLE[], extractor_version VARCHAR NOT NULL)""",
    """CREATE TABLE footnotes (
        footnote_id VARCHAR PRIMARY KEY, number INTEGER NOT NULL, text VARCHAR NOT NULL, referenced_on INTEGER[],
        report_sha256 VARCHAR NOT NULL, page INTEGER, bbox DOUBLE[], extractor_version VARCHAR NOT NULL)""",
    """CREATE TABLE validation_results (
        report_sha256 VARCHAR NOT NULL, check_name VARCHAR NOT NULL, table_name VARCHAR NOT NULL,
        severity VARCHAR NOT NULL, success BOOLEAN NOT NULL, description VARCHAR,
        unexpected_value VARCHAR, page INTEGER, bbox DOUBLE[], extractor_version VARCHAR NOT NULL)""",
    """CREATE TABLE quarantine (
        file_name VARCHAR NOT NULL, sha256 VARCHAR, reason_code VARCHAR NOT NULL, message VARCHAR NOT NULL,
        stage VARCHAR NOT NULL, extractor_version VARCHAR NOT NULL, quarantined_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE source_files (
        file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, status VARCHAR NOT NULL, reason_code VARCHAR,
        duplicate_of VARCHAR, extractor_version VARCHAR NOT NULL, first_seen_at TIMESTAMP NOT NULL,
        PRIMARY KEY (file_name, sha256))""",
    """CREATE TABLE afi_terms (
        afi_id VARCHAR PRIMARY KEY, text_md5 VARCHAR NOT NULL, method VARCHAR NOT NULL, terms VARCHAR[] NOT NULL)""",
    "CREATE TABLE ref_forces AS SELECT 'nowhere' AS force_id, 'Nowhere Police' AS name",
    f"""INSERT INTO reports VALUES ('{SHA}', 'met-2017.pdf', 'PEEL: Police effectiveness 2017',
        'Metropolitan Police Service', 'effectiveness', 2017, '2018-03', NULL, 80, 'Requires improvement', '1',
        TIMESTAMP '2024-01-02 03:04:05', 'metropolitan', false, 'peel-2017', 'four-tier')""",
    f"INSERT INTO grades VALUES ('g1', 'Preventing crime', 'Good', 2017, '{SHA}', 5, [1, 2, 3, 4], '1')",
    f"""INSERT INTO areas_for_improvement VALUES
        ('x1', 1, 'Investigating crime', 'The force should improve the supervision of investigations.',
         '{SHA}', 9, [1, 2, 3, 4], '1'),
        ('x2', 2, 'Protecting vulnerable people', 'The force should improve how it assesses risk.',
         '{SHA}', 12, [1, 2, 3, 4], '1')""",
    f"INSERT INTO footnotes VALUES ('f1', 1, 'A footnote.', [3], '{SHA}', 20, [1, 2, 3, 4], '1')",
    f"""INSERT INTO validation_results VALUES ('{SHA}', 'grades_in_vocabulary', 'grades', 'error', true,
        'grades are PEEL grades', NULL, NULL, NULL, '1')""",
    "INSERT INTO quarantine VALUES ('notes.pdf', NULL, 'not_a_pdf', 'notes.pdf: not a PDF', 'extract', '1', "
    "TIMESTAMP '2024-01-02 03:04:05')",
    f"""INSERT INTO source_files VALUES ('met-2017.pdf', '{SHA}', 'loaded', NULL, NULL, '1',
        TIMESTAMP '2024-01-02 03:04:05'), ('notes.pdf', '', 'quarantined', 'not_a_pdf', NULL, '1',
        TIMESTAMP '2024-01-02 03:04:05')""",
    "INSERT INTO afi_terms VALUES ('x1', 'md5', 'old-method', ['supervis', 'investig'])",
    "CREATE SCHEMA staging",
    "CREATE VIEW staging.reports AS SELECT report_sha256 AS report_id FROM main.reports",
    "CREATE SCHEMA marts",
    "CREATE VIEW marts.areas_for_improvement AS SELECT afi_id, text FROM main.areas_for_improvement",
]
MOVED = {"reports": 1, "grades": 1, "areas_for_improvement": 2, "footnotes": 1, "validation_results": 1,
         "quarantine": 1, "source_files": 2}


def old_warehouse(path: Path) -> Path:
    con = duckdb.connect(str(path))
    for statement in OLD_LAYOUT:
        con.execute(statement)
    con.close()
    return path


def raw_rows(con) -> dict[str, list]:
    """Every loaded row of every raw table (not the reference data reloaded from files, nor the build time)."""
    return {name: sorted(map(repr, con.execute(f"SELECT * FROM raw.{name}").fetchall()))
            for name in (*TABLES, *CARRY_OVER_TABLES)}


def columns_of(con, query: str) -> list[str]:
    return [d[0] for d in con.execute(query).description]


def test_an_old_warehouse_is_moved_to_raw_on_the_next_writable_open(tmp_path):
    path = old_warehouse(tmp_path / "old.duckdb")
    con = connect(path)
    for table, rows in MOVED.items():
        assert con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0] == rows, table
    assert con.execute("SELECT file_name, force_id, overall_grade, loaded_at FROM raw.reports").fetchall() == [
        ("met-2017.pdf", "metropolitan", "Requires improvement", __import__("datetime").datetime(2024, 1, 2, 3, 4, 5))]
    # Columns added since the old table was made take their defaults.
    assert con.execute("SELECT level, headline FROM raw.grades, raw.areas_for_improvement LIMIT 1").fetchone() == (
        "question", None)
    assert con.execute("SELECT success, note FROM raw.validation_results").fetchall() == [(True, None)]
    # Nothing is left in main but the marts; the old marts schema is gone; reference data is reloaded.
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name <> 'raw'").fetchone()[0] == 0
    assert "marts" not in {s for (s,) in con.execute("SELECT schema_name FROM duckdb_schemas()").fetchall()}
    assert con.execute("SELECT count(*) FROM raw.ref_forces").fetchone()[0] == 43
    # The unqualified name is the mart now: current reports, with the force, pillar and year.
    assert columns_of(con, "SELECT * FROM areas_for_improvement") == columns_of(
        con, "SELECT * FROM main.areas_for_improvement")
    assert con.execute("SELECT force_name, inspection_year, text FROM areas_for_improvement ORDER BY ordinal").fetchall() == [
        ("Metropolitan Police Service", 2017, "The force should improve the supervision of investigations."),
        ("Metropolitan Police Service", 2017, "The force should improve how it assesses risk."),
    ]
    # The stale terms of the old similarity method were recomputed for both items.
    assert con.execute("SELECT count(*) FROM raw.afi_terms WHERE method <> 'old-method'").fetchone()[0] == 2
    con.close()


def test_moving_is_idempotent(tmp_path):
    path = old_warehouse(tmp_path / "old.duckdb")
    con = connect(path)
    first = raw_rows(con)
    con.close()
    con = connect(path)  # the same layout: nothing to do
    assert raw_rows(con) == first
    assert bring_up_to_date(con) is False
    con.execute("DELETE FROM raw.schema_version")  # as if the code had changed: the whole build again
    assert bring_up_to_date(con) is True
    assert raw_rows(con) == first
    assert bring_up_to_date(con) is False
    con.close()


def test_a_move_that_fails_leaves_the_old_warehouse_as_it_was(tmp_path):
    path = old_warehouse(tmp_path / "old.duckdb")
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE footnotes ADD COLUMN mystery VARCHAR")  # a column this code does not know
    con.close()
    with pytest.raises(UpgradeRefused) as refused:
        connect(path)
    assert str(refused.value) == ("main.footnotes has columns this peel does not know (mystery), so nothing was "
                                  "moved; drop them from main.footnotes or open the warehouse with the peel that "
                                  "added them")
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM main.areas_for_improvement").fetchone()[0] == 2
    assert "raw" not in {s for (s,) in con.execute("SELECT schema_name FROM duckdb_schemas()").fetchall()}
    con.close()


def test_readers_of_an_old_warehouse_are_told_to_upgrade_it(tmp_path):
    path = old_warehouse(tmp_path / "old.duckdb")
    message = f"{path}: written by an earlier peel (raw tables in main); run 'peel run' once to upgrade it, then read it again"
    with pytest.raises(OutdatedWarehouse, match=re.escape(message)):
        connect(path, read_only=True)
    result = runner.invoke(app, ["sql", "select count(*) from areas_for_improvement", "--warehouse", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"peel: {message}\n"


def test_a_run_upgrades_an_old_warehouse_before_reading_it(tmp_path):
    from flows.pipeline import open_for_triage

    path = old_warehouse(tmp_path / "old.duckdb")
    con = open_for_triage(str(path))
    try:
        assert con.execute("SELECT count(*) FROM raw.reports").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM force_inspections").fetchone()[0] == 1
    finally:
        con.close()


@pytest.mark.parametrize("name", sorted(set(MARTS) & RAW_NAMES))
def test_a_name_of_both_a_raw_table_and_a_mart_unqualified_is_the_mart(warehouse, name):
    con = duckdb.connect(str(warehouse), read_only=True)  # as any client opens it: no search path of ours
    try:
        unqualified = columns_of(con, f"SELECT * FROM {name}")
        assert set(unqualified) == set(MARTS[name].columns)
        assert unqualified != columns_of(con, f"SELECT * FROM raw.{name}")
    finally:
        con.close()


def test_the_names_shared_include_areas_for_improvement():
    assert "areas_for_improvement" in set(MARTS) & RAW_NAMES


def test_peel_sql_counts_the_mart_by_its_bare_name(warehouse):
    result = runner.invoke(app, ["sql", "select count(*) as n from areas_for_improvement", "--warehouse",
                                 str(warehouse), "--format", "csv"])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        mart_rows = con.execute("SELECT count(*) FROM main.areas_for_improvement").fetchone()[0]
    finally:
        con.close()
    assert mart_rows > 0
    assert result.stdout == f"n\n{mart_rows}\n"


def test_a_raw_name_or_an_old_mart_name_in_peel_sql_says_what_to_write(warehouse):
    result = runner.invoke(app, ["sql", "select * from quarantine", "--warehouse", str(warehouse)])
    assert result.exit_code == 2
    assert result.stderr == ('peel: the query failed: Catalog Error: Table with name quarantine does not exist! '
                             'Did you mean "raw.quarantine"?\n')
    result = runner.invoke(app, ["sql", "select * from marts.force_inspections", "--warehouse", str(warehouse)])
    assert result.exit_code == 2
    assert result.stderr == ('peel: the query failed: Catalog Error: Table with name "marts.force_inspections" does '
                             'not exist because schema "marts" does not exist; the marts are in the default schema '
                             "now: drop the 'marts.' prefix\n")


def test_a_second_writable_open_builds_nothing(warehouse, monkeypatch):
    import warehouse.upgrade as upgrade

    built = []
    monkeypatch.setattr(upgrade, "build_layout", lambda con, fingerprint: built.append(fingerprint))
    connect(warehouse).close()
    assert built == []
    monkeypatch.setattr(upgrade, "sources_to_fingerprint", lambda: "changed")
    connect(warehouse).close()
    assert built == ["changed"]


# --- nothing reads raw by accident ---------------------------------------------------------------

_SQL_NAME = re.compile(r"\b(?:from|join|into|update|table|exists)\s+([a-z_][a-z0-9_]*)(\.)?", re.IGNORECASE)


def source_strings(path: Path) -> list[str]:
    """The string literals of a module (f-string text included), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


_SQL_STATEMENT = re.compile(r"^\s*(select|insert|delete|create|with|update|alter|drop|comment)\b", re.IGNORECASE)


def unqualified_raw_names(text: str) -> list[str]:
    """Raw tables a SQL statement names without their schema (text that is no SQL statement: none)."""
    if not _SQL_STATEMENT.match(text):
        return []
    return [m.group(1) for m in _SQL_NAME.finditer(text) if m.group(1) in RAW_NAMES and not m.group(2)]


def test_the_lint_finds_an_unqualified_raw_name():
    assert unqualified_raw_names("SELECT count(*) FROM reports r JOIN raw.grades g USING (x)") == ["reports"]
    assert unqualified_raw_names("select * from main.areas_for_improvement join raw.afi_terms t") == []
    assert unqualified_raw_names("One row per pair of items from reports of different years") == []


@pytest.mark.parametrize("module", ["warehouse/*.py", "flows/cli.py", "flows/pipeline.py", "flows/sql_output.py"])
def test_our_sql_names_every_raw_table_with_its_schema(module):
    found = {str(path.relative_to(ROOT)): names for path in sorted(ROOT.glob(module))
             if (names := [n for s in source_strings(path) for n in unqualified_raw_names(s)])}
    assert found == {}


def test_every_model_names_its_relations_with_their_schemas():
    relation = re.compile(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*)\b(?!\.)(?!\s*\()", re.IGNORECASE)
    ctes = re.compile(r"\b([a-z_]+)\s+as\s*\(", re.IGNORECASE)
    for model in MODELS:
        local = {name.lower() for name in ctes.findall(model.sql)}
        bare = [n for n in relation.findall(model.sql) if n.lower() not in local]
        assert bare == [], model.qualified
