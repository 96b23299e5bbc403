"""One self-contained HTML page of what failed validation, for analysts to read anywhere.

GX Data Docs fetch their styles and scripts from CDNs (unstyled and empty
offline), hold only the last run, and show a failure as "Unexpected Value
InadequateGood".  This page is built from the warehouse itself, so it shows
the latest validation of every report whichever run wrote it: each failing
check with its severity, the report (file, force, pillar, year), the question,
measure or value concerned, the page to look at, and the expected and found
values where the row holds them; then the quarantined files with their reason.
Its styles are inline and it fetches nothing: no script, font or image, and no
address in any src or href.  Every value is HTML-escaped.

    python -m warehouse.validation_report WAREHOUSE OUT.html
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape
from pathlib import Path

# What the failing row's JSON names, by role.  The checks' frames (schemas/expectations.py)
# put the compared values beside the failing one; these say which is which.
CONCERN_KEYS = ("question", "section", "block", "metric", "claim", "side", "sentence")
FOUND_KEYS = ("grade", "overall_grade", "stated", "prose_value", "force_value", "england_wales_value", "share_total",
              "overall_grades_found", "graded_areas_found")
EXPECTED_KEYS = ("section_grade", "published_grade", "consensus_value", "infographic_value", "summary_grade",
                 "expected_overall_grades", "stated_graded_areas")
EXPECTED_RANGES = (("computed_low", "computed_high"), ("weighted_low", "weighted_high"))
# Checks whose failing value is not the first of FOUND_KEYS the row holds.
FOUND_BY_CHECK = {
    "england_wales_figure_agrees_across_reports": "england_wales_value",
    "england_wales_rate_is_weighted_mean": "england_wales_value",
    "metric_ew_value_present": "england_wales_value",
}


@dataclass(frozen=True)
class Failure:
    check: str
    severity: str
    description: str
    file_name: str
    force: str | None
    pillar: str | None
    year: int | None
    status: str  # loaded, superseded or quarantined
    concerned: str | None
    page: int | None
    expected: str | None
    found: str | None
    details: dict


_FAILURES_SQL = """
with files as (
    -- a report's file name, and what is known of it when it was quarantined before loading
    select sha256, arg_min(file_name, first_seen_at) as file_name, any_value(year) as year,
           any_value(pillar) as pillar
    from raw.source_files group by sha256
),
facts as (
    -- what a failing row's page and box point at, for checks whose row names neither question nor item
    select report_sha256, page, bbox, question as concerned from raw.grades
    union all
    select report_sha256, page, bbox, section || ': ' || text from raw.areas_for_improvement
)
select v.check_name, v.severity, v.description, v.unexpected_value, v.page, v.table_name,
       coalesce(r.file_name, q.file_name, f.file_name, v.report_sha256) as file_name,
       r.force, coalesce(r.pillar, f.pillar) as pillar, coalesce(r.year, f.year) as year,
       case when q.sha256 is not null then 'quarantined'
            when s.is_current = false then 'superseded' else 'loaded' end as status,
       (select any_value(x.concerned) from facts x
        where x.report_sha256 = v.report_sha256 and x.page = v.page and x.bbox = v.bbox) as concerned
from raw.validation_results v
left join raw.reports r using (report_sha256)
left join staging.reports s on s.report_id = v.report_sha256
left join raw.quarantine q on q.sha256 = v.report_sha256
left join files f on f.sha256 = v.report_sha256
where v.success = false
order by status = 'quarantined' desc, v.severity = 'error' desc, file_name, v.check_name, v.page nulls last
"""


def warehouse_to_failures(con) -> list[Failure]:
    """Every failing check of the latest validation of every report (loaded or quarantined)."""
    out = []
    for check, severity, description, value, page, _, file_name, force, pillar, year, status, concerned in (
        con.execute(_FAILURES_SQL).fetchall()
    ):
        details = unexpected_to_details(value)
        out.append(Failure(
            check, severity, description or "", file_name, force, pillar, year, status,
            details_to_concerned(details) or concerned, page,
            details_to_expected(details), details_to_found(check, details), details,
        ))
    return out


def unexpected_to_details(value: str | None) -> dict:
    """The failing row's JSON as a dict ({"value": text} when it is not a JSON object)."""
    if value is None:
        return {}
    try:
        parsed = json.loads(value)
    except ValueError:
        return {"value": value}
    return parsed if isinstance(parsed, dict) else {"value": parsed}


def details_to_concerned(details: dict) -> str | None:
    named = [str(details[k]) for k in CONCERN_KEYS if details.get(k) not in (None, "")]
    return " · ".join(named[:3]) or None


def details_to_found(check: str, details: dict) -> str | None:
    key = FOUND_BY_CHECK.get(check)
    if key is None:
        key = next((k for k in FOUND_KEYS if k in details), "value" if "value" in details else None)
    return None if key is None or key not in details else _plain(details[key])


def details_to_expected(details: dict) -> str | None:
    for key in EXPECTED_KEYS:
        if details.get(key) is not None:
            return _plain(details[key])
    for low, high in EXPECTED_RANGES:
        if details.get(low) is not None and details.get(high) is not None:
            return f"{_plain(details[low])} to {_plain(details[high])}"
    return None


def _plain(value) -> str:
    if isinstance(value, float):
        if value != value:  # NaN: a figure that could not be read
            return "not read"
        return f"{value:g}"
    return str(value)


def warehouse_to_counts(con) -> dict[str, int]:
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "reports validated": one("select count(distinct report_sha256) from raw.validation_results"),
        "reports loaded": one("select count(*) from raw.reports"),
        "files quarantined": one("select count(*) from raw.quarantine"),
        "failing errors": one("select count(*) from raw.validation_results where success = false and severity = 'error'"),
        "failing warnings": one(
            "select count(*) from raw.validation_results where success = false and severity = 'warning'"),
        "checks skipped": one("select count(*) from raw.validation_results where success is null"),
    }


def warehouse_to_quarantine(con) -> list[tuple]:
    return con.execute(
        """select file_name, reason_code, message, stage, sha256, strftime(quarantined_at, '%Y-%m-%d %H:%M')
           from raw.quarantine order by quarantined_at desc, file_name"""
    ).fetchall()


def warehouse_to_skipped(con) -> list[tuple]:
    """Checks not run for want of reference data: check, note, reports."""
    return con.execute(
        """select check_name, coalesce(note, ''), count(distinct report_sha256) from raw.validation_results
           where success is null group by all order by 1, 2"""
    ).fetchall()


_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 2rem; color: #1b1b1b; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
.when { color: #555; margin: 0 0 1rem; }
.counts { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; padding: 0; list-style: none; }
.counts li { border: 1px solid #ccc; border-radius: 6px; padding: .5rem .9rem; min-width: 8rem; }
.counts b { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; position: sticky; top: 0; }
.error { color: #a10000; font-weight: 600; } .warning { color: #8a5a00; font-weight: 600; }
.status-quarantined { background: #fff2f2; } .status-superseded { color: #777; }
code { font-size: .85rem; } .none { color: #999; }
dl { margin: 0; } dt { font-weight: 600; display: inline; } dd { display: inline; margin: 0 .6rem 0 .2rem; }
@media print { th { position: static; } }
"""


def _e(value) -> str:
    """Escaped text; a dash for nothing."""
    return '<span class="none">–</span>' if value is None or value == "" else escape(str(value), quote=True)


def failure_to_row(f: Failure) -> str:
    report = " · ".join(str(x) for x in (f.force, f.pillar, f.year) if x not in (None, ""))
    details = "".join(f"<dt>{_e(k)}</dt><dd>{_e(_plain(v))}</dd>" for k, v in f.details.items())
    return (
        f'<tr class="status-{_e(f.status)}">'
        f'<td><code>{_e(f.check)}</code><br><small>{_e(f.description)}</small></td>'
        f'<td class="{_e(f.severity)}">{_e(f.severity)}</td>'
        f"<td>{_e(f.file_name)}<br><small>{_e(report)} ({_e(f.status)})</small></td>"
        f"<td>{_e(f.concerned)}</td><td>{_e(f.page)}</td><td>{_e(f.expected)}</td><td>{_e(f.found)}</td>"
        f"<td><dl>{details}</dl></td></tr>"
    )


def report_to_html(counts: dict[str, int], failures: list[Failure], quarantined: list[tuple], skipped: list[tuple],
                   built_at: str) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>peel-etl validation report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Validation report</h1>",
        f'<p class="when">The latest validation of every report in the warehouse, built {_e(built_at)} UTC.</p>',
        '<ul class="counts">',
        *(f"<li><b>{n}</b>{_e(label)}</li>" for label, n in counts.items()),
        "</ul>",
        f"<h2>Failing checks ({len(failures)})</h2>",
    ]
    if failures:
        parts += [
            "<table><thead><tr><th>check</th><th>severity</th><th>report</th><th>concerning</th><th>page</th>"
            "<th>expected</th><th>found</th><th>all values of the row</th></tr></thead><tbody>",
            *(failure_to_row(f) for f in failures),
            "</tbody></table>",
        ]
    else:
        parts.append("<p>Every check passed for every report.</p>")
    parts.append(f"<h2>Quarantined files ({len(quarantined)})</h2>")
    if quarantined:
        parts += [
            "<table><thead><tr><th>file</th><th>reason</th><th>message</th><th>stage</th><th>quarantined (UTC)</th>"
            "<th>sha256</th></tr></thead><tbody>",
            *(f"<tr><td>{_e(name)}</td><td><code>{_e(code)}</code></td><td>{_e(message)}</td><td>{_e(stage)}</td>"
              f"<td>{_e(at)}</td><td><code>{_e((sha or '')[:12])}</code></td></tr>"
              for name, code, message, stage, sha, at in quarantined),
            "</tbody></table>",
        ]
    else:
        parts.append("<p>No file is quarantined.</p>")
    if skipped:
        parts += [
            f"<h2>Checks skipped for want of reference data ({len(skipped)})</h2>",
            "<table><thead><tr><th>check</th><th>why</th><th>reports</th></tr></thead><tbody>",
            *(f"<tr><td><code>{_e(c)}</code></td><td>{_e(note)}</td><td>{n}</td></tr>" for c, note, n in skipped),
            "</tbody></table>",
        ]
    parts.append("</body></html>")
    return "\n".join(parts)


def warehouse_to_validation_report(con, out: Path) -> Path:
    """Write the validation report of the warehouse open on `con` to `out` (one HTML file)."""
    out = Path(out)
    html = report_to_html(
        warehouse_to_counts(con), warehouse_to_failures(con), warehouse_to_quarantine(con), warehouse_to_skipped(con),
        datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m warehouse.validation_report WAREHOUSE OUT.html", file=sys.stderr)
        return 2
    warehouse, out = Path(args[0]), Path(args[1])
    if not warehouse.is_file():
        print(f"{warehouse}: no such warehouse file", file=sys.stderr)
        return 2
    from warehouse.load import connect
    from warehouse.upgrade import OutdatedWarehouse

    try:
        con = connect(warehouse, read_only=True)
    except OutdatedWarehouse as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        print(warehouse_to_validation_report(con, out))
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
