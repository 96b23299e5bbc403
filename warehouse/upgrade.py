"""Bring a warehouse file up to the layout of this code, once per change of that layout.

The layout is the tables, views, comments and reference data that
warehouse/schema.py, warehouse/models.py and warehouse/carry_over.py build
from the shipped reference files.  Its fingerprint (a hash of those sources)
is kept in `raw.schema_version`; a writable open that finds the same
fingerprint does nothing more, so opening the warehouse costs one small query
rather than every DDL statement, comment and view again.

A warehouse of the earlier layout kept its raw tables in `main`, where an
unqualified `areas_for_improvement` read the raw rows instead of the mart.
Upgrading moves each such table's rows into its `raw` table, drops it, drops
the old `marts` schema and builds the marts in `main` — in one transaction, so
a failure leaves the file as it was, and a second upgrade finds nothing to move.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent

# Everything the built layout is made from: a change to any of it rebuilds the layout on the next writable open.
LAYOUT_SOURCES = (
    "warehouse/schema.py", "warehouse/models.py", "warehouse/carry_over.py", "warehouse/similarity.py",
    "warehouse/upgrade.py", "schemas/layouts.py", "schemas/layouts/*.json", "schemas/reference/*.csv",
)

VERSION_DDL = """CREATE TABLE IF NOT EXISTS raw.schema_version (
    fingerprint VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL)"""


class OutdatedWarehouse(Exception):
    """A warehouse of the earlier layout opened read-only: it cannot be upgraded from a reader."""


class UpgradeRefused(Exception):
    """The earlier layout holds what this code cannot move without losing it; nothing was changed."""


def sources_to_fingerprint(root: Path = _ROOT, patterns: tuple[str, ...] = LAYOUT_SOURCES) -> str:
    """A hash of the files the layout is built from, in a fixed order."""
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def stored_fingerprint(con) -> str | None:
    """The fingerprint of the layout the file was last built with; None before any was recorded."""
    if not _exists(con, "raw", "schema_version", "BASE TABLE"):
        return None
    row = con.execute("SELECT fingerprint FROM raw.schema_version").fetchone()
    return row[0] if row else None


def is_current(con) -> bool:
    """Whether the file was last built with this code's layout (a writable open would change nothing)."""
    return stored_fingerprint(con) == sources_to_fingerprint()


def legacy_tables(con) -> list[str]:
    """Tables of the earlier layout still in `main` whose rows belong in `raw`, in the order they are built."""
    from warehouse.carry_over import TABLES as CARRY_OVER_TABLES
    from warehouse.schema import TABLES

    present = {name for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database()"
    ).fetchall()}
    return [name for name in (*TABLES, *CARRY_OVER_TABLES) if name in present]


def legacy_reference_tables(con) -> list[str]:
    """Reference tables of the earlier layout in `main`: reloaded from the shipped files, so only dropped."""
    from warehouse.schema import REFERENCE_TABLES

    present = {name for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database()"
    ).fetchall()}
    return [name for name in (*REFERENCE_TABLES, "ref_generations") if name in present]


def drop_legacy_marts(con) -> None:
    """The earlier layout's `marts` views; the schema goes too once nothing else is in it."""
    from warehouse.models import MODELS

    if not _schema_exists(con, "marts"):
        return
    for model in MODELS:
        con.execute(f"DROP VIEW IF EXISTS marts.{model.name}")
    left = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'marts' AND database_name = current_database()"
    ).fetchone()[0] + con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE schema_name = 'marts' AND database_name = current_database()"
    ).fetchone()[0]
    if not left:
        con.execute("DROP SCHEMA marts")


def is_legacy_layout(con) -> bool:
    """Whether the file still has raw tables in `main`, where the marts belong."""
    return bool(legacy_tables(con))


def move_legacy_tables(con) -> None:
    """Move each `main` table's rows into its `raw` table (which must exist) and drop the `main` table.

    Columns are matched by name, so a table from before a column was added gets that column's default.
    """
    from warehouse.schema import raw_columns

    for name in legacy_tables(con):
        old = {column for (column,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? "
            "AND database_name = current_database()", [name]).fetchall()}
        unknown = sorted(old - set(raw_columns(con, name)))
        if unknown:
            raise UpgradeRefused(
                f"main.{name} has columns this peel does not know ({', '.join(unknown)}), so nothing was moved; "
                f"drop them from main.{name} or open the warehouse with the peel that added them")
        con.execute(f"INSERT INTO raw.{name} BY NAME SELECT * FROM main.{name}")
        con.execute(f"DROP TABLE main.{name}")
    for name in legacy_reference_tables(con):
        con.execute(f"DROP TABLE main.{name}")
    drop_legacy_marts(con)


def build_layout(con, fingerprint: str) -> None:
    """Create or update every table, move the earlier layout's rows, reload reference data, rebuild the views."""
    from warehouse.carry_over import create_carry_over_tables
    from warehouse.models import build_models
    from warehouse.schema import create_tables, load_reference_tables

    create_tables(con)
    create_carry_over_tables(con)
    move_legacy_tables(con)
    load_reference_tables(con)
    build_models(con)
    con.execute(VERSION_DDL)
    con.execute("COMMENT ON TABLE raw.schema_version IS "
                "'One row: the fingerprint of the layout the warehouse was last built with (warehouse/upgrade.py).'")
    con.execute("COMMENT ON COLUMN raw.schema_version.fingerprint IS "
                "'Hash of the code and reference files the tables, views and reference data are built from'")
    con.execute("COMMENT ON COLUMN raw.schema_version.built_at IS 'When the layout was last built (UTC)'")
    con.execute("DELETE FROM raw.schema_version")
    con.execute("INSERT INTO raw.schema_version VALUES (?, ?)",
                [fingerprint, datetime.now(timezone.utc).replace(tzinfo=None)])


def bring_up_to_date(con) -> bool:
    """Build the layout on a writable connection unless it is current; True when it was (re)built."""
    fingerprint = sources_to_fingerprint()
    if stored_fingerprint(con) == fingerprint:
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        build_layout(con, fingerprint)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return True


def outdated_message(path: Path | str) -> str:
    return (f"{path}: written by an earlier peel (raw tables in main); "
            "run 'peel run' once to upgrade it, then read it again")


def check_readable(con, path: Path | str) -> None:
    """Raise OutdatedWarehouse when a read-only connection sees the earlier layout (its marts are not in `main`)."""
    if is_legacy_layout(con):
        raise OutdatedWarehouse(outdated_message(path))


def _exists(con, schema: str, name: str, kind: str) -> bool:
    return con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_schema = ? AND table_name = ? AND table_type = ?", [schema, name, kind]).fetchone()[0] > 0


def _schema_exists(con, schema: str) -> bool:
    return con.execute(
        "SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ? AND database_name = current_database()",
        [schema]).fetchone()[0] > 0
