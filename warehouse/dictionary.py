"""The data dictionary, read back from the table, view and column comments in the database."""

from __future__ import annotations

# The marts are in `main`, DuckDB's default schema: an unqualified name in any client is a mart.
LAYERS = (("main", "Marts: what analysts read"), ("staging", "Staging views"), ("raw", "Raw tables"))


def dictionary(con) -> list[dict]:
    """One entry per table or view: schema, name, grain, columns [(name, type, description)]."""
    objects = con.execute(
        """
        select schema_name, table_name as name, comment from duckdb_tables() where database_name = current_database()
        union all
        select schema_name, view_name, comment from duckdb_views() where not internal and database_name = current_database()
        """
    ).fetchall()
    order = {schema: k for k, (schema, _) in enumerate(LAYERS)}
    out = []
    for schema, name, comment in sorted(objects, key=lambda o: (order.get(o[0], 9), o[1])):
        if schema not in order:
            continue
        columns = con.execute(
            "select column_name, data_type, comment from duckdb_columns() "
            "where schema_name = ? and table_name = ? and database_name = current_database() order by column_index",
            [schema, name],
        ).fetchall()
        out.append({"schema": schema, "name": name, "grain": comment or "", "columns": columns})
    return out


def dictionary_to_markdown(entries: list[dict]) -> str:
    lines = [
        "# Warehouse data dictionary",
        "",
        "Generated from the comments in the database by `peel tables --markdown`; do not edit by hand.",
        "Analysts read the marts, which are in `main`, the schema every DuckDB client reads by default: "
        "`select * from areas_for_improvement` is the mart. The rows as loaded are in `raw` "
        "(`raw.areas_for_improvement`), and every fact row traces back to a report's sha256, page and box.",
        "",
    ]
    for schema, title in LAYERS:
        lines += [f"## {title} (`{schema}`)", ""]
        for e in (e for e in entries if e["schema"] == schema):
            qualified = e["name"] if schema == "main" else f"{schema}.{e['name']}"
            lines += [f"### `{qualified}`", "", e["grain"], "", "| column | type | description |", "|---|---|---|"]
            lines += [f"| `{c}` | {t} | {(d or '').replace('|', '/')} |" for c, t, d in e["columns"]]
            lines.append("")
    return "\n".join(lines)
