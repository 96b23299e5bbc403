"""Materialise which areas for improvement resemble one in an earlier report of the same force.

The similarity is Python (warehouse/similarity.py), so it is computed when
reports are loaded and kept in two tables that any reader (DuckDB's CLI,
pandas, `peel sql`) can query without the function:

- `raw.afi_terms`: each area for improvement's content words, with the text and the
  similarity code they were computed from, so a changed text or a changed
  method is recomputed and nothing else is;
- `raw.afi_similarity`: every pair of one force's items from reports of different
  inspection years scoring at least FLOOR, the earlier first.

The mart `areas_for_improvement_carried_over` picks from `raw.afi_similarity` the
pairs at or above similarity.THRESHOLD between current report versions.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from warehouse.load import insert_rows
from warehouse.similarity import terms_to_similarity, text_to_terms

# Pairs down to half the threshold are kept, so near misses can be read and the
# threshold moved without recomputing.
FLOOR = 0.25

TABLES = {
    "afi_terms": (
        """CREATE TABLE IF NOT EXISTS raw.afi_terms (
    afi_id VARCHAR PRIMARY KEY, text_md5 VARCHAR NOT NULL, method VARCHAR NOT NULL, terms VARCHAR[] NOT NULL)""",
        "One row per area for improvement: the content words its similarity is computed on.",
        {
            "afi_id": "The area for improvement (raw.areas_for_improvement.afi_id)",
            "text_md5": "MD5 of the text the terms were computed from (a changed text is recomputed)",
            "method": "Fingerprint of warehouse/similarity.py (a changed method is recomputed)",
            "terms": "Stemmed content words of what the item asks, opener and stop words dropped",
        },
    ),
    "afi_similarity": (
        """CREATE TABLE IF NOT EXISTS raw.afi_similarity (
    earlier_afi_id VARCHAR NOT NULL, later_afi_id VARCHAR NOT NULL, similarity DOUBLE NOT NULL,
    PRIMARY KEY (earlier_afi_id, later_afi_id))""",
        "One row per pair of one force's areas for improvement from reports of different inspection years "
        "whose similarity is at least 0.25 (any pillar, any generation).",
        {
            "earlier_afi_id": "Item of the report with the earlier inspection year",
            "later_afi_id": "Item of the report with the later inspection year",
            "similarity": "How alike the two requests are, 0 to 1, openers ignored (warehouse/similarity.py)",
        },
    ),
}


def method_fingerprint() -> str:
    """A hash of the similarity code: stored terms and scores are stale when it changes."""
    source = (Path(__file__).resolve().parent / "similarity.py").read_bytes()
    return hashlib.sha256(source).hexdigest()[:12]


def create_carry_over_tables(con) -> None:
    for name, (ddl, comment, columns) in TABLES.items():
        con.execute(ddl)
        con.execute(f"COMMENT ON TABLE raw.{name} IS '{_q(comment)}'")
        for column, text in columns.items():
            con.execute(f"COMMENT ON COLUMN raw.{name}.{column} IS '{_q(text)}'")


def afis_to_pairs(new: list[tuple], known: list[tuple]) -> list[tuple[str, str, float]]:
    """(earlier_afi_id, later_afi_id, similarity) for each new item against every item of its force.

    Items are (afi_id, force, inspection_year, terms); `known` may include `new`.
    Only items of different inspection years are paired, the earlier first.
    """
    by_force: dict[str, list[tuple]] = {}
    for item in known:
        by_force.setdefault(item[1], []).append(item)
    pairs = {}
    for afi_id, force, year, terms in new:
        for other_id, _, other_year, other_terms in by_force.get(force, []):
            key = (other_id, afi_id) if other_year < year else (afi_id, other_id)
            if other_year == year or key in pairs:
                continue
            score = terms_to_similarity(frozenset(terms), frozenset(other_terms))
            if score >= FLOOR:
                pairs[key] = score
    return [(earlier, later, score) for (earlier, later), score in pairs.items()]


def warehouse_to_afi_similarity(con) -> int:
    """Bring afi_terms and afi_similarity up to date with areas_for_improvement; returns items (re)computed.

    Only new, changed or method-stale items are computed, so calling it after every load is cheap.
    The tables are made with the rest of the layout (warehouse/upgrade.py).
    """
    method = method_fingerprint()
    con.execute("""DELETE FROM raw.afi_similarity WHERE earlier_afi_id NOT IN (SELECT afi_id FROM raw.areas_for_improvement)
                   OR later_afi_id NOT IN (SELECT afi_id FROM raw.areas_for_improvement)""")
    con.execute("DELETE FROM raw.afi_terms WHERE afi_id NOT IN (SELECT afi_id FROM raw.areas_for_improvement)")
    stale = con.execute(
        """SELECT a.afi_id, coalesce(r.force_id, r.force), r.year, a.text, md5(a.text)
           FROM raw.areas_for_improvement a JOIN raw.reports r USING (report_sha256)
           LEFT JOIN raw.afi_terms t USING (afi_id)
           WHERE t.afi_id IS NULL OR t.text_md5 <> md5(a.text) OR t.method <> ?""",
        [method],
    ).fetchall()
    if not stale:
        return 0
    ids = [row[0] for row in stale]
    con.execute("DELETE FROM raw.afi_similarity WHERE list_contains(?, earlier_afi_id) OR list_contains(?, later_afi_id)",
                [ids, ids])
    con.execute("DELETE FROM raw.afi_terms WHERE list_contains(?, afi_id)", [ids])
    new = [(afi_id, force, year, sorted(text_to_terms(text))) for afi_id, force, year, text, _ in stale]
    insert_rows(con, "INSERT INTO raw.afi_terms VALUES (?, ?, ?, ?)",
                [[afi_id, md5, method, terms] for (afi_id, _, _, _, md5), (_, _, _, terms) in zip(stale, new)])
    forces = sorted({force for _, force, _, _ in new if force is not None})
    known = con.execute(
        """SELECT t.afi_id, coalesce(r.force_id, r.force), r.year, t.terms
           FROM raw.afi_terms t JOIN raw.areas_for_improvement a USING (afi_id) JOIN raw.reports r USING (report_sha256)
           WHERE list_contains(?, coalesce(r.force_id, r.force))""",
        [forces],
    ).fetchall()
    pairs = afis_to_pairs([item for item in new if item[1] is not None and item[2] is not None],
                          [item for item in known if item[2] is not None])
    if pairs:
        insert_rows(con, "INSERT INTO raw.afi_similarity VALUES (?, ?, ?)", [list(p) for p in pairs])
    return len(new)


def _q(text: str) -> str:
    return text.replace("'", "''")
