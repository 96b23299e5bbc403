"""A warehouse connection for people's ad-hoc SQL: it reads tables and nothing else.

Two locks, so that one mistake in either does not open the machine:

- the statement must be a single SELECT (which is also what DuckDB makes of
  WITH … SELECT, DESCRIBE, SHOW, SUMMARIZE and FROM-first queries), judged by
  DuckDB's own parser, never by matching text;
- the connection is read-only with external access off (no files, no network:
  read_text, glob, COPY, ATTACH, INSTALL all fail), extensions are neither
  installed nor loaded on demand, and the configuration is locked so a query
  cannot switch any of that back on.
"""

from __future__ import annotations

from pathlib import Path

# Settings of DuckDB 2.0; `lock_configuration` must come last in effect, and DuckDB
# applies the whole dictionary before it locks.
READER_CONFIG = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}


class RefusedQuery(ValueError):
    """A query `peel sql` will not run; the message is one line for a person."""


def open_reader(path: Path | str):
    """The warehouse opened read-only, unable to reach files, the network or extensions."""
    import duckdb

    return duckdb.connect(str(path), read_only=True, config=dict(READER_CONFIG))


def statement_type_to_name(statement_type) -> str:
    """StatementType.COPY -> 'COPY'."""
    return str(getattr(statement_type, "name", statement_type)).removesuffix("_STATEMENT").replace("_", " ")


def query_to_statement(query: str):
    """The one SELECT statement in `query`, or RefusedQuery saying why not (duckdb.ParserException if it does not parse)."""
    import duckdb

    statements = duckdb.extract_statements(query)  # a parse error is DuckDB's own, for the caller to show
    if len(statements) != 1:
        raise RefusedQuery(f"{len(statements)} statements given; peel sql runs exactly one per call")
    statement = statements[0]
    if statement.type != duckdb.StatementType.SELECT:
        raise RefusedQuery(
            f"{statement_type_to_name(statement.type)} is refused; peel sql runs one SELECT, WITH, DESCRIBE or SHOW statement"
        )
    return statement


def one_line(exc: BaseException) -> str:
    """DuckDB's messages carry a caret diagram and hints below the first line; its "Did you mean" stays
    (`reports` is `raw.reports`: the hint is what a person needs)."""
    text = str(exc).strip()
    if not text:
        return type(exc).__name__
    first, *rest = text.splitlines()
    hint = next((line.strip() for line in rest if line.strip().startswith("Did you mean")), None)
    return f"{first} {hint}" if hint else first


def error_to_hint(message: str) -> str:
    """What to write instead, for a name of the layout before the `raw` schema; empty when none applies."""
    if 'schema "marts" does not exist' in message:
        return "the marts are in the default schema now: drop the 'marts.' prefix"
    return ""
