"""The `peel` command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer

from flows import exit_codes

app = typer.Typer(add_completion=False, no_args_is_help=True, help="peel-etl: HMICFRS PEEL report PDFs to a validated DuckDB warehouse.")

DEFAULT_SOURCE = Path("raw_reports")
DEFAULT_WAREHOUSE = Path("warehouse/peel.duckdb")


def _prefect_env() -> None:
    """Keep Prefect's state in the project and give its temporary server time to start."""
    os.environ.setdefault("PREFECT_HOME", str(Path(".prefect").resolve()))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


def _fail(message: str, code: int) -> None:
    typer.echo(f"peel: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def extract(
    pdf: Path = typer.Argument(..., help="A PEEL report PDF"),
    as_json: bool = typer.Option(False, "--json", help="Print the facts as one JSON object"),
) -> None:
    """Read one report PDF and print the facts extracted from it."""
    from extractors.errors import ExtractionError
    from extractors.pages import pdf_to_document
    from extractors.report import document_to_extraction

    if not pdf.exists():
        _fail(f"{pdf}: no such file; give the path of a PEEL report PDF", exit_codes.BAD_INPUT)
    if pdf.is_dir():
        _fail(f"{pdf}: is a folder; give one PDF file (use 'peel run --source {pdf}' for a folder)", exit_codes.BAD_INPUT)
    try:
        extraction = document_to_extraction(pdf_to_document(pdf))
    except ExtractionError as exc:
        _fail(f"{exc.message} [{exc.code}]", exit_codes.BAD_INPUT)
    data = extraction.to_json_dict()
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    r = extraction.report
    typer.echo(f"{r.title} – {r.force} ({r.published}, {r.pages} pages, sha256 {r.sha256[:12]}…)")
    typer.echo(f"overall grade: {extraction.overall_grade}")
    for g in extraction.grades:
        typer.echo(f"  {g.grade:<22} {g.question} (last inspected {g.last_inspected})")
    typer.echo(
        f"{len(extraction.areas_for_improvement)} areas for improvement, {len(extraction.footnotes)} footnotes, "
        f"{len(extraction.headline_metrics)} headline figures, {len(extraction.warnings)} warnings"
    )
    for w in extraction.warnings:
        typer.echo(f"  warning {w.code}: {w.message}")


@app.command("debug-page")
def debug_page(
    pdf: Path = typer.Argument(..., help="A PEEL report PDF"),
    page: int = typer.Argument(..., help="Page number, counting from 1"),
    out: Path = typer.Option(..., "--out", help="PNG file to write"),
) -> None:
    """Draw the box of every fact extracted from PAGE over the page image, labelled by kind."""
    from extractors.errors import ExtractionError
    from extractors.pages import page_to_png, pdf_to_document
    from extractors.report import document_to_extraction

    if not pdf.is_file():
        _fail(f"{pdf}: no such file; give the path of a PEEL report PDF", exit_codes.BAD_INPUT)
    try:
        extraction = document_to_extraction(pdf_to_document(pdf))
        boxes = [
            (g.bbox, "grade", f"{g.question} = {g.grade}") for g in extraction.grades if g.page == page
        ] + [
            (a.bbox, "area_for_improvement", a.text) for a in extraction.areas_for_improvement if a.page == page
        ] + [
            (f.bbox, "footnote", f"{f.number}") for f in extraction.footnotes if f.page == page
        ] + [
            (m.bbox, "headline_metric", f"{m.metric}: {m.force_value} / {m.england_wales_value}")
            for m in extraction.headline_metrics if m.page == page
        ]
        page_to_png(pdf, page, boxes, out)
    except ExtractionError as exc:
        _fail(f"{exc.message} [{exc.code}]", exit_codes.BAD_INPUT)
    typer.echo(f"{out}: page {page}, {len(boxes)} fact(s) drawn")


@app.command()
def run(
    source: Path = typer.Option(DEFAULT_SOURCE, help="Folder of report PDFs (searched recursively)"),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, help="DuckDB warehouse file"),
    workers: int = typer.Option(0, help="Processes that read reports (0: one per core)"),
) -> None:
    """Extract, validate and load every PDF under SOURCE; print what happened to each."""
    _run(source, warehouse, workers, replay=False)


@app.command()
def replay(
    source: Path = typer.Option(DEFAULT_SOURCE, help="Folder of report PDFs (searched recursively)"),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, help="DuckDB warehouse file"),
    workers: int = typer.Option(0, help="Processes that read reports (0: one per core)"),
) -> None:
    """Re-read the quarantined files under SOURCE (after a fix); those that now pass are loaded."""
    _run(source, warehouse, workers, replay=True)


def _run(source: Path, warehouse: Path, workers: int, replay: bool) -> None:
    if not source.is_dir():
        _fail(f"{source}: no such folder; give the folder that holds the report PDFs", exit_codes.USAGE)
    _prefect_env()
    from flows.pipeline import RunSummary, discover_reports, run_flow, triage

    try:
        # Nothing new (every file already loaded, quarantined or a duplicate): answer
        # without starting the orchestrator, so a quiet nightly run takes seconds.
        todo, done, _ = triage(discover_reports.fn(str(source)), str(source), str(warehouse), replay)
        if not todo and all(o.status == "skipped" for o in done):
            summary = RunSummary(sorted(done, key=lambda o: o.file_name))
        else:
            # Worker processes pay off only with several reports to read.
            summary = run_flow(str(source), str(warehouse), min(workers or os.cpu_count() or 1, max(len(todo), 1)), replay)
    except Exception as exc:  # the run itself failed; files' own problems never get here
        _fail(f"the run failed: {exc}", exit_codes.RUN_FAILED)
    for o in summary.outcomes:
        detail = f" – {o.message}" if o.message and o.status == "quarantined" else (f" ({o.reason_code})" if o.reason_code else "")
        typer.echo(f"{o.status:<12} {o.file_name}{detail}")
    from flows.pipeline import data_docs_dir

    docs = data_docs_dir(str(warehouse)) / "index.html"
    if docs.exists():
        typer.echo(f"validation report (GX Data Docs): {docs}")
    still = sum(1 for o in summary.outcomes if o.reason_code == "already_quarantined")
    typer.echo(
        f"loaded {summary.loaded}, skipped {summary.skipped}"
        + (f" ({still} still quarantined)" if still else "")
        + f", quarantined {summary.quarantined} -> {warehouse}"
    )
    if summary.quarantined or still:
        raise typer.Exit(exit_codes.QUARANTINED)


def _years(text: str | None) -> list[int] | None:
    """'2015-2023' or '2016,2018' -> the years; None for all."""
    if not text:
        return None
    years: list[int] = []
    try:
        for part in text.split(","):
            if "-" in part:
                low, high = (int(x) for x in part.split("-", 1))
                years += list(range(low, high + 1))
            else:
                years.append(int(part))
    except ValueError:
        _fail(f"--years {text!r}: give years as 2015-2023 or 2016,2018", exit_codes.USAGE)
    return years


def _names(text: str | None) -> list[str] | None:
    return [x.strip() for x in text.split(",") if x.strip()] if text else None


@app.command()
def backfill(
    source: Path = typer.Option(..., help="Folder of report PDFs of any years and generations (searched recursively)"),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, help="DuckDB warehouse file"),
    years: str = typer.Option(None, help="Inspection years to load, e.g. 2015-2023 or 2016,2018 (default: all)"),
    forces: str = typer.Option(None, help="Forces to load, as named on the cover, comma-separated (default: all)"),
    pillars: str = typer.Option(None, help="Pillars to load, e.g. effectiveness,integrated (default: all)"),
    workers: int = typer.Option(0, help="Processes that read reports (0: one per core)"),
    dask_address: str = typer.Option(None, help="Read reports on this Dask cluster instead, e.g. tcp://host:8786"),
    batch: int = typer.Option(0, help="Reports read before they are written (0: four per worker)"),
) -> None:
    """Load a folder of past reports, in parallel and resumably, and print the coverage table.

    Each batch of reports is written before the next is read, one transaction
    per report: a killed backfill started again skips what is loaded and
    finishes the rest.
    """
    if not source.is_dir():
        _fail(f"{source}: no such folder; give the folder that holds the report PDFs", exit_codes.USAGE)
    year_list, force_list, pillar_list = _years(years), _names(forces), _names(pillars)
    _prefect_env()
    from flows import progress
    from flows.pipeline import RunSummary, discover_reports, run_flow, triage

    n_workers = workers or os.cpu_count() or 1
    try:
        todo, done, _ = triage(discover_reports.fn(str(source)), str(source), str(warehouse), False)
        if not todo and all(o.status == "skipped" for o in done):
            summary = RunSummary(sorted(done, key=lambda o: o.file_name))
        else:
            with _progress_reporter(len(todo) + len(done)):
                summary = run_flow(
                    str(source), str(warehouse), min(n_workers, max(len(todo), 1)), False,
                    years=year_list, forces=force_list, pillars=pillar_list,
                    batch_size=batch or 4 * n_workers, dask_address=dask_address,
                )
    except Exception as exc:  # the run itself failed; files' own problems never get here
        _fail(f"the backfill failed: {exc}", exit_codes.RUN_FAILED)
    finally:
        progress.uninstall()
    _print_coverage(warehouse)
    typer.echo(f"loaded {summary.loaded}, skipped {summary.skipped}, quarantined {summary.quarantined} -> {warehouse}")
    if summary.quarantined:
        raise typer.Exit(exit_codes.QUARANTINED)


def _progress_reporter(total: int):
    """A progress bar with counts and time left on a terminal; a line per file otherwise (logs, tests)."""
    from contextlib import contextmanager

    from flows import progress

    @contextmanager
    def reporter():
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            counts = {"loaded": 0, "skipped": 0, "quarantined": 0}
            bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                           transient=False)
            with bar:
                task = bar.add_task("backfill", total=total)

                def on_file(outcome):
                    counts[outcome.status] = counts.get(outcome.status, 0) + 1
                    bar.update(task, advance=1, description=(
                        f"loaded {counts['loaded']} skipped {counts['skipped']} quarantined {counts['quarantined']}"))

                progress.install(on_file, lambda n: bar.update(task, total=n))
                yield
        else:
            seen = {"n": 0, "total": total}

            def on_file(outcome):
                seen["n"] += 1
                typer.echo(f"[{seen['n']}/{seen['total']}] {outcome.status:<12} {outcome.file_name}", err=True)

            progress.install(on_file, lambda n: seen.update(total=n))
            yield

    return reporter()


def _print_coverage(warehouse: Path) -> None:
    if not warehouse.exists():
        return
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            """SELECT inspection_year, generation, pillar, files_found, loaded, quarantined, grades,
                      areas_for_improvement, causes_of_concern, headline_figures, note
               FROM marts.backfill_coverage ORDER BY inspection_year NULLS LAST, generation, pillar"""
        ).fetchall()
    finally:
        con.close()
    header = ("year", "generation", "pillar", "found", "loaded", "quarantined", "grades", "AFIs", "causes", "figures")
    typer.echo("coverage (marts.backfill_coverage):")
    typer.echo("  " + " ".join(f"{h:>12}" if k > 2 else f"{h:<14}" for k, h in enumerate(header)))
    for row in rows:
        cells = ["" if v is None else str(v) for v in row[:10]]
        line = " ".join(f"{c:>12}" if k > 2 else f"{c:<14}" for k, c in enumerate(cells))
        typer.echo("  " + line + (f"  ({row[10]})" if row[10] else ""))


def _open_read_only(warehouse: Path):
    import duckdb

    if not warehouse.exists():
        _fail(f"{warehouse}: no warehouse there yet; run 'peel run' first (or 'make run')", exit_codes.BAD_INPUT)
    try:
        return duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as exc:
        _fail(f"{warehouse}: cannot be opened ({exc}); is a run writing to it?", exit_codes.RUN_FAILED)


@app.command()
def tables(
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, help="DuckDB warehouse file"),
    markdown: bool = typer.Option(False, "--markdown", help="Print the dictionary as Markdown (docs/warehouse.md)"),
) -> None:
    """The data dictionary: every mart, view and table with its grain and column descriptions."""
    from warehouse.dictionary import dictionary, dictionary_to_markdown

    con = _open_read_only(warehouse)
    entries = dictionary(con)
    if markdown:
        typer.echo(dictionary_to_markdown(entries))
        return
    for e in entries:
        name = e["name"] if e["schema"] == "main" else f"{e['schema']}.{e['name']}"
        typer.secho(name, bold=True)
        typer.echo(f"  {e['grain']}")
        for column, dtype, text in e["columns"]:
            typer.echo(f"    {column:<28} {dtype:<12} {text or ''}")


@app.command()
def sql(
    query: str = typer.Argument(..., help="A SQL query; the warehouse is opened read-only"),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, help="DuckDB warehouse file"),
    max_rows: int = typer.Option(100, help="Rows to print at most"),
) -> None:
    """Run a read-only SQL query against the warehouse and print the result as a table."""
    import duckdb

    con = _open_read_only(warehouse)
    try:
        cursor = con.execute(query)
        if cursor.description is None:
            typer.echo("(no result)")
            return
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchmany(max_rows)
    except duckdb.Error as exc:
        _fail(f"the query failed: {str(exc).splitlines()[0]}", exit_codes.USAGE)
    widths = [max(len(str(c)), *(len(_cell(r[k])) for r in rows)) if rows else len(str(c)) for k, c in enumerate(columns)]
    typer.echo("  ".join(str(c).ljust(w) for c, w in zip(columns, widths)))
    typer.echo("  ".join("-" * w for w in widths))
    for r in rows:
        typer.echo("  ".join(_cell(v).ljust(w) for v, w in zip(r, widths)))
    typer.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''}{', more not shown' if len(rows) == max_rows else ''})")


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


@app.command()
def export(
    parquet: Path = typer.Option(..., "--parquet", help="Folder to write one Parquet dataset per mart into"),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, help="DuckDB warehouse file"),
) -> None:
    """Write every mart as Parquet, partitioned by inspection year."""
    from warehouse.models import MODELS

    con = _open_read_only(warehouse)
    parquet.mkdir(parents=True, exist_ok=True)
    for model in (m for m in MODELS if m.schema == "marts"):
        year = next((c for c in ("inspection_year", "later_year") if c in model.columns), None)
        target = parquet / model.name
        options = f"FORMAT parquet, PARTITION_BY ({year}), OVERWRITE_OR_IGNORE true" if year else "FORMAT parquet"
        path = str(target) if year else str(target) + ".parquet"
        con.execute(f"COPY (SELECT * FROM {model.qualified}) TO '{path}' ({options})")
        count = con.execute(f"SELECT count(*) FROM {model.qualified}").fetchone()[0]
        typer.echo(f"{model.qualified:<45} {count:>6} rows -> {path}")


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
