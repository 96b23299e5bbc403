"""Query results printed the way sqlite-utils and the duckdb CLI print them.

NULL is spelt out where a person reads the result (table, markdown), is JSON's
null in JSON, and is an empty field in CSV, as spreadsheet tools expect.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time
from decimal import Decimal

FORMATS = ("table", "csv", "json", "markdown")
CELL_WIDTH = 80  # a long sentence in a table cell is cut; the other formats keep it whole


def value_to_text(value) -> str:
    if value is None:
        return "NULL"
    return str(value)


def value_to_json(value):
    """DuckDB's Python values (Decimal, date, UUID, lists of them) as JSON values."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, (list, tuple)):
        return [value_to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): value_to_json(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _cut(text: str) -> str:
    return text if len(text) <= CELL_WIDTH else text[: CELL_WIDTH - 3] + "..."


def rows_to_table(columns: list[str], rows: list[tuple]) -> str:
    cells = [[_cut(value_to_text(v)) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[k]) for r in cells]) for k, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines)


def rows_to_markdown(columns: list[str], rows: list[tuple]) -> str:
    def cell(value) -> str:
        # A pipe would end the cell and a newline the row.
        return value_to_text(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def rows_to_csv(columns: list[str], rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().rstrip("\n")


def rows_to_json(columns: list[str], rows: list[tuple]) -> str:
    return json.dumps([{c: value_to_json(v) for c, v in zip(columns, row)} for row in rows], ensure_ascii=False)


def rows_to_text(fmt: str, columns: list[str], rows: list[tuple]) -> str:
    return {"table": rows_to_table, "csv": rows_to_csv, "json": rows_to_json, "markdown": rows_to_markdown}[fmt](
        columns, rows
    )
