"""Write one report's facts, or its quarantine record, to DuckDB in one transaction.

A report is written whole or not at all: its old rows (same sha256) are
deleted and the new ones inserted inside a single transaction, so a failure
half-way leaves the warehouse as it was.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from schemas.records import Extraction
from warehouse.schema import FACT_TABLES


def connect(path: Path | str, read_only: bool = False):
    """The warehouse; a writable open first brings its tables and views up to this code's layout
    (warehouse/upgrade.py: only when that layout changed, moving an earlier layout's rows).  A read-only
    open of a warehouse of the earlier layout raises OutdatedWarehouse: a reader cannot move its rows."""
    import duckdb

    from warehouse.upgrade import bring_up_to_date, check_readable

    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        if read_only:
            check_readable(con, path)
        else:
            bring_up_to_date(con)
    except BaseException:
        con.close()
        raise
    return con


def fact_id(*parts: object) -> str:
    """A deterministic key: the same report and natural key always give the same id."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class LoadedState:
    """What a file already is in the warehouse, for the skip decision."""

    loaded: bool
    quarantined: bool


def loaded_state(con, sha256: str, extractor_version: str) -> LoadedState:
    loaded = con.execute(
        "SELECT count(*) FROM raw.reports WHERE report_sha256 = ? AND extractor_version = ?", [sha256, extractor_version]
    ).fetchone()[0]
    quarantined = con.execute(
        "SELECT count(*) FROM raw.quarantine WHERE sha256 = ? AND extractor_version = ?", [sha256, extractor_version]
    ).fetchone()[0]
    return LoadedState(bool(loaded), bool(quarantined))


def loaded_name(con, sha256: str) -> str | None:
    """The name these bytes were first loaded under (a later file with the same bytes is its duplicate)."""
    row = con.execute(
        "SELECT file_name FROM raw.source_files WHERE sha256 = ? AND status = 'loaded' ORDER BY first_seen_at, file_name LIMIT 1",
        [sha256],
    ).fetchone()
    return row[0] if row else None


def quarantined_as(con, file_name: str, sha256: str | None, reason_code: str, extractor_version: str) -> bool:
    """Whether this file is already quarantined for this reason by this extractor version."""
    return con.execute(
        """SELECT count(*) FROM raw.quarantine WHERE file_name = ? AND sha256 IS NOT DISTINCT FROM ?
             AND reason_code = ? AND extractor_version = ?""",
        [file_name, sha256, reason_code, extractor_version],
    ).fetchone()[0] > 0


def source_file_row(con, file_name: str, sha256: str) -> tuple | None:
    """(status, reason_code, duplicate_of) recorded for this file, or None."""
    return con.execute(
        "SELECT status, reason_code, duplicate_of FROM raw.source_files WHERE file_name = ? AND sha256 = ?", [file_name, sha256]
    ).fetchone()


# The kinds of fact a new version of a report must not have fewer of, and what a person calls them.
FACT_KINDS = {
    "grades": "grades",
    "areas_for_improvement": "AFIs",
    "footnotes": "footnotes",
    "headline_metrics": "headline figures",
    "causes_of_concern": "causes of concern",
    "recommendations": "recommendations",
}


def extraction_to_fact_counts(extraction: Extraction) -> dict[str, int]:
    return {
        "grades": len(extraction.grades),
        "areas_for_improvement": len(extraction.areas_for_improvement),
        "footnotes": len(extraction.footnotes),
        "headline_metrics": len(extraction.headline_metrics),
        "causes_of_concern": len(extraction.causes_of_concern),
        "recommendations": sum(len(c.recommendations) for c in extraction.causes_of_concern),
    }


def other_versions(con, extraction: Extraction) -> list[tuple[str, dict[str, int]]]:
    """(file name, facts per kind) of each loaded report with this one's identity (force, pillar,
    year, month published) but other bytes."""
    r = extraction.report
    rows = con.execute(
        """SELECT r.report_sha256, coalesce(
                  (SELECT min(s.file_name) FROM raw.source_files s WHERE s.sha256 = r.report_sha256 AND s.status = 'loaded'),
                  r.file_name)
           FROM raw.reports r
           WHERE r.force IS NOT DISTINCT FROM ? AND r.pillar IS NOT DISTINCT FROM ? AND r.year IS NOT DISTINCT FROM ?
             AND r.published IS NOT DISTINCT FROM ? AND r.report_sha256 <> ?
           ORDER BY r.loaded_at""",
        [r.force, r.pillar, r.year, r.published, r.sha256],
    ).fetchall()
    if not rows:
        return []
    # Every version's facts per kind, counted in one query.
    counted = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, report_sha256, count(*) FROM raw.{kind} WHERE list_contains(?, report_sha256) GROUP BY ALL"
        for kind in FACT_KINDS
    )
    shas = [sha for sha, _ in rows]
    counts = {(kind, sha): n for kind, sha, n in con.execute(counted, [shas] * len(FACT_KINDS)).fetchall()}
    return [(name, {kind: counts.get((kind, sha), 0) for kind in FACT_KINDS}) for sha, name in rows]


@contextmanager
def transaction(con):
    """All of a report's writes, or none of them."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _delete_report(con, sha256: str) -> None:
    for table in FACT_TABLES + ("extraction_warnings", "validation_results"):
        con.execute(f"DELETE FROM raw.{table} WHERE report_sha256 = ?", [sha256])
    con.execute("DELETE FROM raw.reports WHERE report_sha256 = ?", [sha256])
    con.execute("DELETE FROM raw.quarantine WHERE sha256 = ?", [sha256])


# Rows per INSERT: DuckDB's `executemany` runs its statement once per row (a report's
# hundreds of rows cost a tenth of a second); one statement of many rows costs a fifth of that.
ROWS_PER_INSERT = 256


def insert_rows(con, sql: str, rows: list) -> None:
    """`sql` (an INSERT ending in one `VALUES (?, ...)` row) for every row, in statements of many rows."""
    if not rows:
        return
    head, _, one = sql.rpartition("VALUES")
    one = one.strip()
    for at in range(0, len(rows), ROWS_PER_INSERT):
        part = rows[at : at + ROWS_PER_INSERT]
        con.execute(f"{head}VALUES {', '.join([one] * len(part))}", [value for row in part for value in row])


def _insert_results(con, sha: str, version: str, results) -> None:
    insert_rows(
        con,
        "INSERT INTO raw.validation_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [sha, r.check, r.table_name, r.severity, r.success, r.description, r.unexpected_value, r.page,
             json.loads(r.bbox) if r.bbox else None, version, r.note]
            for r in results
        ],
    )


def _ordinal(scale: str | None, grade: str) -> int | None:
    from schemas.vocab import GRADE_SCALES

    grades = GRADE_SCALES.get(scale or "", ())
    return len(grades) - grades.index(grade) if grade in grades else None


def load_report(con, extraction: Extraction, results) -> None:
    """Replace everything known about this report with its new facts and check results."""
    r = extraction.report
    sha, version = r.sha256, extraction.extractor_version
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with transaction(con):
        _delete_report(con, sha)
        con.execute(
            """INSERT INTO raw.reports (report_sha256, file_name, title, force, pillar, year, published, isbn, pages,
                   overall_grade, extractor_version, loaded_at, force_id, synthetic, generation, grade_scale)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [sha, r.file_name, r.title, r.force, r.pillar, r.year, r.published, r.isbn, r.pages,
             extraction.overall_grade, version, now, r.force_id, r.synthetic, r.generation, extraction.grade_scale],
        )
        insert_rows(
            con,
            """INSERT INTO raw.grades (grade_id, question, grade, last_inspected, report_sha256, page, bbox,
                   extractor_version, level, pillar, grade_scale, grade_ordinal, carried_over_from)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [[fact_id(sha, g.level, g.pillar or "", g.question), g.question, g.grade, g.last_inspected, sha, g.page,
              list(g.bbox), version, g.level, g.pillar, extraction.grade_scale, _ordinal(extraction.grade_scale, g.grade),
              g.carried_over_from]
             for g in extraction.grades],
        )
        insert_rows(
            con,
            """INSERT INTO raw.areas_for_improvement (afi_id, ordinal, section, text, report_sha256, page, bbox,
                   extractor_version, headline, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [[fact_id(sha, "afi", k), k, a.section, a.text, sha, a.page, list(a.bbox), version, a.headline, a.explanation]
             for k, a in enumerate(extraction.areas_for_improvement, start=1)],
        )
        causes = [(fact_id(sha, "cause", k), k, c) for k, c in enumerate(extraction.causes_of_concern, start=1)]
        insert_rows(
            con,
            "INSERT INTO raw.causes_of_concern VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[cid, k, c.section, c.text, c.accelerated, sha, c.page, list(c.bbox), version] for cid, k, c in causes],
        )
        insert_rows(
            con,
            "INSERT INTO raw.recommendations VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [[fact_id(cid, "recommendation", j), cid, j, text, sha, c.page, list(c.bbox), version]
             for cid, _, c in causes for j, text in enumerate(c.recommendations, start=1)],
        )
        insert_rows(
            con,
            "INSERT INTO raw.practice_examples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[fact_id(sha, "practice", k), k, p.label, p.section, p.text, sha, p.page, list(p.bbox), version]
             for k, p in enumerate(extraction.practice_examples, start=1)],
        )
        insert_rows(
            con,
            "INSERT INTO raw.footnotes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [[fact_id(sha, "footnote", f.number), f.number, f.text, list(f.referenced_on), sha, f.page, list(f.bbox), version]
             for f in extraction.footnotes],
        )
        insert_rows(
            con,
            "INSERT INTO raw.headline_metrics VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[fact_id(sha, m.block, m.metric), m.block, m.metric, m.period, m.unit, m.force_value,
              m.england_wales_value, m.method, m.confidence, sha, m.page, list(m.bbox), version]
             for m in extraction.headline_metrics],
        )
        insert_rows(
            con,
            "INSERT INTO raw.narrative_statistics VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[fact_id(sha, "statistic", k), k, n.value, n.unit, n.subject, n.measure, n.period, n.comparison,
              n.compared_with, n.change_from, n.change_to, n.infographic_metric, n.sentence, sha, n.page,
              list(n.bbox), version]
             for k, n in enumerate(extraction.narrative_statistics, start=1)],
        )
        insert_rows(
            con,
            "INSERT INTO raw.extraction_warnings VALUES (?, ?, ?, ?, ?)",
            [[sha, w.code, w.message, w.page, version] for w in extraction.warnings],
        )
        _insert_results(con, sha, version, results)
        # In the same transaction: the new report's AFIs are compared with the force's earlier ones
        # as it lands, so the carried-over mart is never a load behind.
        from warehouse.carry_over import warehouse_to_afi_similarity

        warehouse_to_afi_similarity(con)


def quarantine_report(
    con,
    *,
    file_name: str,
    sha256: str | None,
    reason_code: str,
    message: str,
    stage: str,
    extractor_version: str,
    results=(),
) -> None:
    """Record why a file was not loaded, keeping its failing check results for people to read."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with transaction(con):
        if sha256:
            _delete_report(con, sha256)
        else:
            con.execute("DELETE FROM raw.quarantine WHERE file_name = ? AND sha256 IS NULL", [file_name])
        con.execute(
            "INSERT INTO raw.quarantine VALUES (?, ?, ?, ?, ?, ?, ?)",
            [file_name, sha256, reason_code, message, stage, extractor_version, now],
        )
        if sha256 and results:
            _insert_results(con, sha256, extractor_version, results)


def record_source_file(
    con, *, file_name: str, sha256: str, status: str, reason_code: str | None,
    duplicate_of: str | None, extractor_version: str,
    generation: str | None = None, year: int | None = None, pillar: str | None = None,
) -> None:
    """Note what became of an input file; seeing it again with the same outcome changes nothing."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con.execute(
        """INSERT INTO raw.source_files (file_name, sha256, status, reason_code, duplicate_of, extractor_version,
                                     first_seen_at, generation, year, pillar)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (file_name, sha256) DO UPDATE SET
             status = excluded.status, reason_code = excluded.reason_code,
             duplicate_of = excluded.duplicate_of, extractor_version = excluded.extractor_version,
             generation = excluded.generation, year = excluded.year, pillar = excluded.pillar""",
        [file_name, sha256, status, reason_code, duplicate_of, extractor_version, now, generation, year, pillar],
    )
