"""The `peel` command line."""

from __future__ import annotations

import errno
import functools
import json
import logging
import os
import signal
import sys
import threading
from enum import Enum
from pathlib import Path

import click
import typer

from flows import exit_codes
from warehouse.readonly import one_line

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


INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C
LOCK_TIMEOUT = 600.0  # seconds a run waits for another process to let go of the warehouse
WATCHDOG_SECONDS = 3.0  # after Ctrl-C, the longest the clean shutdown may take before the process just ends (5 s promised)

# Options of the whole command and what a run has done so far, for the Ctrl-C message.
_state: dict = {"debug": False, "loaded": None, "interrupted": False, "said": False}
_said_lock = threading.Lock()


def _fail(message: str, code: int) -> None:
    typer.echo(f"peel: {message}", err=True)
    raise typer.Exit(code)


def versions_to_line() -> str:
    """The package version (from its installed metadata) and the extractor version (from the code)."""
    from importlib.metadata import PackageNotFoundError, version

    from extractors import EXTRACTOR_VERSION

    try:
        package = version("peel-etl")
    except PackageNotFoundError:  # run from a source tree that was never installed
        package = "unknown (not installed)"
    return f"peel-etl {package}, extractor {EXTRACTOR_VERSION}"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(versions_to_line())
        raise typer.Exit(exit_codes.OK)


@app.callback()
def options(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_show_version,
                                 help="Print the package and extractor versions and stop"),
    debug: bool = typer.Option(False, "--debug", help="On an error, show the full traceback instead of one line"),
) -> None:
    """peel-etl: HMICFRS PEEL report PDFs to a validated DuckDB warehouse."""
    _state["debug"] = debug


def os_error_to_line(exc: OSError) -> str:
    """'out/p.png: Permission denied' – the path and what the system said, nothing else."""
    where = exc.filename if exc.filename is not None else "a file"
    return f"{where}: {exc.strerror or exc}"


def os_error_to_code(exc: OSError) -> int:
    # A path the user gave that cannot be used is a wrong argument; a full disk or an I/O
    # error is the run failing.
    wrong_path = {errno.EACCES, errno.EPERM, errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EROFS,
                  errno.EEXIST, errno.ENAMETOOLONG, errno.ELOOP}
    return exit_codes.USAGE if exc.errno in wrong_path else exit_codes.RUN_FAILED


def interrupted_line() -> str:
    loaded = _state["loaded"]
    if loaded is None:
        return "interrupted"
    return f"interrupted; {loaded} report{'' if loaded == 1 else 's'} loaded, run again to continue"


def _say_interrupted_once() -> None:
    # The watchdog thread and the main thread may both get here; the line is printed once.
    with _said_lock:
        if not _state["said"]:
            _state["said"] = True
            typer.echo(f"peel: {interrupted_line()}", err=True)


def _end_now() -> None:
    """The clean shutdown took too long (a worker still reading a PDF): stop the helpers and leave."""
    _say_interrupted_once()
    try:
        import psutil

        children = psutil.Process().children(recursive=True)
        for child in children:
            child.terminate()
        psutil.wait_procs(children, timeout=0.5)
        for child in children:
            if child.is_running():
                child.kill()
    except Exception:  # noqa: BLE001 - leaving is what matters now
        pass
    sys.stderr.flush()
    sys.stdout.flush()
    os._exit(INTERRUPTED)


def _on_sigint(signum, frame) -> None:
    if _state["interrupted"]:  # a second Ctrl-C: the person does not want to wait
        _end_now()
    _state["interrupted"] = True
    # Prefect logs the interrupted flow with its traceback; after Ctrl-C nobody wants that.
    logging.disable(logging.CRITICAL)
    watchdog = threading.Timer(WATCHDOG_SECONDS, _end_now)
    watchdog.daemon = True
    watchdog.start()
    raise KeyboardInterrupt


def counts_loads(command):
    """While a run or backfill works: count the reports it loads, and make Ctrl-C say how many.

    The previous SIGINT handler is put back afterwards, so a program that calls the
    command in-process (a test) keeps its own.
    """

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        _state.update(loaded=0, interrupted=False, said=False)
        in_main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, _on_sigint) if in_main else None
        try:
            return command(*args, **kwargs)
        finally:
            # After Ctrl-C the handler and its watchdog stay: the shutdown that follows is
            # still bounded, and a second Ctrl-C still ends it at once.
            if not _state["interrupted"]:
                _state["loaded"] = None
                if in_main:
                    signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)

    return wrapper


def one_line_errors(command):
    """Every error a command meets becomes one line and an exit code; `--debug` shows the traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.exceptions.ClickException, click.exceptions.Abort):
            raise  # already an exit code (and its message)
        except KeyboardInterrupt:
            if _state["debug"]:
                raise
            _say_interrupted_once()
            raise typer.Exit(INTERRUPTED) from None
        except OSError as exc:
            if _state["debug"]:
                raise
            _fail(os_error_to_line(exc), os_error_to_code(exc))
        except Exception as exc:
            if _state["debug"]:
                raise
            if _state["interrupted"]:  # a library turned the KeyboardInterrupt into its own error
                _say_interrupted_once()
                raise typer.Exit(INTERRUPTED) from None
            _fail(f"{type(exc).__name__}: {one_line(exc)} (run 'peel --debug ...' for the traceback)",
                  exit_codes.RUN_FAILED)

    return wrapper


class Parser(str, Enum):
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


def pdf_to_extraction(pdf: Path, parser: str = "pdfium"):
    """Read one PDF; every way it can fail is an ExtractionError with a code and a one-line message."""
    from extractors.errors import ExtractionError
    from extractors.pages import pdf_to_document
    from extractors.report import document_to_extraction

    if pdf.is_dir():
        raise ExtractionError("is_a_folder",
                              f"{pdf}: is a folder; give one PDF file (use 'peel run --source {pdf}' for a folder)")
    if not pdf.exists():
        raise ExtractionError("no_such_file", f"{pdf}: no such file; give the path of a PEEL report PDF")
    try:
        return document_to_extraction(pdf_to_document(pdf, parser))
    except OSError as exc:
        raise ExtractionError("unreadable_file", f"{pdf}: cannot be read ({exc.strerror or exc})") from None


def extraction_to_summary(extraction) -> list[str]:
    r = extraction.report
    lines = [f"{r.title} – {r.force} ({r.published}, {r.pages} pages, sha256 {r.sha256[:12]}…)",
             f"overall grade: {extraction.overall_grade}"]
    lines += [f"  {g.grade:<22} {g.question} (last inspected {g.last_inspected})" for g in extraction.grades]
    lines.append(
        f"{len(extraction.areas_for_improvement)} areas for improvement, {len(extraction.footnotes)} footnotes, "
        f"{len(extraction.headline_metrics)} headline figures, {len(extraction.warnings)} warnings"
    )
    lines += [f"  warning {w.code}: {w.message}" for w in extraction.warnings]
    return lines


@app.command()
@one_line_errors
def extract(
    pdfs: list[Path] = typer.Argument(..., help="PEEL report PDFs"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per file, one per line (JSON lines)"),
    parser: Parser = typer.Option(Parser.pdfium, "--parser",
                                  help="Which parser builds the page model: PDFium (fast, the default) or pdfplumber (pdfminer)"),
) -> None:
    """Read report PDFs and print the facts extracted from each.

    A file that cannot be read is one line on stderr (and with --json a line
    {"file", "error": {"code", "message"}} on stdout); the others are still
    read, and the exit code is 4 if any failed.
    """
    from extractors.errors import ExtractionError

    failed = 0
    for pdf in pdfs:
        try:
            extraction = pdf_to_extraction(pdf, parser.value)
        except ExtractionError as exc:
            failed += 1
            if as_json:
                typer.echo(json.dumps({"file": str(pdf), "error": {"code": exc.code, "message": exc.message}},
                                      ensure_ascii=False))
            typer.echo(f"peel: {exc.message} [{exc.code}]", err=True)
            continue
        if as_json:
            typer.echo(json.dumps({"file": str(pdf), **extraction.to_json_dict()}, ensure_ascii=False))
        else:
            for line in extraction_to_summary(extraction):
                typer.echo(line)
    if failed:
        raise typer.Exit(exit_codes.BAD_INPUT)


@app.command("debug-page")
@one_line_errors
def debug_page(
    pdf: Path = typer.Argument(..., help="A PEEL report PDF"),
    page: int = typer.Argument(..., help="Page number, counting from 1"),
    out: Path = typer.Option(..., "--out", help="PNG file to write (its folder is made if missing)"),
) -> None:
    """Draw the box of every fact extracted from PAGE over the page image, coloured by kind, with a legend."""
    from extractors.errors import ExtractionError
    from extractors.pages import pdf_to_document
    from extractors.report import document_to_extraction
    from flows.debug_page import extraction_to_marks, page_to_debug_png

    if not pdf.is_file():
        _fail(f"{pdf}: no such file; give the path of a PEEL report PDF", exit_codes.BAD_INPUT)
    if out.is_dir():
        _fail(f"{out}: is a folder; give the PNG file to write, e.g. {out / f'page{page}.png'}", exit_codes.USAGE)
    blocking = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        _fail(f"{blocking}: is a file, so {out} cannot be written inside it", exit_codes.USAGE)
    try:
        document = pdf_to_document(pdf)
        extraction = document_to_extraction(document)
        parsed = next((p for p in document.pages if p.number == page), None)
        marks = extraction_to_marks(extraction, page, parsed)
        page_to_debug_png(pdf, page, marks, out)
    except ExtractionError as exc:
        _fail(f"{exc.message} [{exc.code}]", exit_codes.BAD_INPUT)
    kinds = sorted({m.kind for m in marks})
    typer.echo(f"{out}: page {page}, {len(marks)} fact(s) drawn" + (f" ({', '.join(kinds)})" if kinds else ""))


def workers_to_count(workers: int | None) -> int:
    if workers is not None and workers < 1:
        _fail(f"--workers {workers}: give 1 or more (leave it out for one per core)", exit_codes.USAGE)
    return workers or os.cpu_count() or 1


def _check_lock_timeout(seconds: float) -> None:
    if seconds < 0:
        _fail(f"--lock-timeout {seconds:g}: give 0 or more seconds", exit_codes.USAGE)


def wait_for_free_warehouse(warehouse: Path, timeout: float) -> None:
    """Before the flow starts: wait while another process (a notebook, a run) holds the warehouse."""
    from warehouse.lock import WarehouseBusy, wait_for_warehouse

    def tell(holder) -> None:
        typer.echo(f"peel: {warehouse} is held by {holder.describe()}; waiting up to {timeout:g} s for it to close "
                   "(--lock-timeout)", err=True)

    try:
        wait_for_warehouse(warehouse, timeout, tell)
    except WarehouseBusy as exc:
        _fail(f"{exc}; close that connection (or stop that run) and run again", exit_codes.RUN_FAILED)


def _count_loaded(outcome) -> None:
    if outcome.status == "loaded":
        _state["loaded"] += 1


@app.command()
@one_line_errors
@counts_loads
def run(
    source: Path = typer.Option(DEFAULT_SOURCE, help="Folder of report PDFs (searched recursively)"),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, help="DuckDB warehouse file"),
    workers: int = typer.Option(None, help="Processes that read reports (default: one per core)"),
    lock_timeout: float = typer.Option(LOCK_TIMEOUT, help="Seconds to wait for another process to release the warehouse"),
) -> None:
    """Extract, validate and load every PDF under SOURCE; print what happened to each."""
    _run(source, warehouse, workers, replay=False, lock_timeout=lock_timeout)


@app.command()
@one_line_errors
@counts_loads
def replay(
    source: Path = typer.Option(DEFAULT_SOURCE, help="Folder of report PDFs (searched recursively)"),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, help="DuckDB warehouse file"),
    workers: int = typer.Option(None, help="Processes that read reports (default: one per core)"),
    lock_timeout: float = typer.Option(LOCK_TIMEOUT, help="Seconds to wait for another process to release the warehouse"),
) -> None:
    """Re-read the quarantined files under SOURCE (after a fix); those that now pass are loaded."""
    _run(source, warehouse, workers, replay=True, lock_timeout=lock_timeout)


def _run(source: Path, warehouse: Path, workers: int | None, replay: bool, lock_timeout: float) -> None:
    if not source.is_dir():
        _fail(f"{source}: no such folder; give the folder that holds the report PDFs", exit_codes.USAGE)
    n_workers = workers_to_count(workers)
    _check_lock_timeout(lock_timeout)
    wait_for_free_warehouse(warehouse, lock_timeout)
    _prefect_env()
    from flows import progress
    from flows.pipeline import RunSummary, discover_reports, run_flow, triage, workers_to_batch_size

    try:
        # Nothing new (every file already loaded, quarantined or a duplicate): answer
        # without starting the orchestrator, so a quiet nightly run takes seconds.
        todo, done, _ = triage(discover_reports(str(source)), str(source), str(warehouse), replay)
        if not todo and all(o.status == "skipped" for o in done):
            summary = RunSummary(sorted(done, key=lambda o: o.file_name))
        else:
            progress.install(_count_loaded, lambda n: None)
            # Worker processes pay off only with several reports to read.  Batches as in a
            # backfill: one is written while the workers read the next.
            summary = run_flow(str(source), str(warehouse), min(n_workers, max(len(todo), 1)), replay,
                               batch_size=workers_to_batch_size(n_workers))
    except Exception as exc:  # the run itself failed; files' own problems never get here
        if _state["interrupted"]:
            raise KeyboardInterrupt from None
        _fail(f"the run failed: {one_line(exc)}", exit_codes.RUN_FAILED)
    finally:
        progress.uninstall()
    lines = progress.summary_lines(summary, warehouse)
    for line in lines[:-1]:
        typer.echo(line)
    _echo_reports(warehouse, summary)
    typer.echo(lines[-1])
    still = sum(1 for o in summary.outcomes if o.reason_code == "already_quarantined")
    if summary.quarantined or still:
        raise typer.Exit(exit_codes.QUARANTINED)


def _echo_reports(warehouse: Path, summary) -> None:
    """Where to read the validation: the offline report built from the warehouse, and GX Data Docs."""
    from flows.pipeline import data_docs_dir

    report = getattr(summary, "validation_report", None)
    if report and Path(report).exists():
        typer.echo(f"validation report: {report}")
    docs = data_docs_dir(str(warehouse)) / "index.html"
    if docs.exists():
        typer.echo(f"GX Data Docs: {docs}")


def known_pillars() -> tuple[str, ...]:
    """Every pillar some PEEL generation's layout declares, in a stable order."""
    from schemas.layouts import layouts

    return tuple(sorted({p for layout in layouts() for p in layout.pillars}))


def known_years() -> tuple[int, int]:
    from schemas.layouts import layouts

    years = [y for layout in layouts() for y in layout.years]
    return min(years), max(years)


def years_to_list(text: str | None) -> list[int] | None:
    """'2015-2023' or '2016,2018' -> the years; None for all.  A wrong value ends the command (exit 2)."""
    if not text:
        return None
    first, last = known_years()
    years: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        try:
            low, high = (int(x) for x in part.split("-", 1)) if "-" in part else (int(part), int(part))
        except ValueError:
            _fail(f"--years {part!r}: give years as 2015-2023 or 2016,2018", exit_codes.USAGE)
        if low > high:
            _fail(f"--years {part!r}: a range runs from the earlier year to the later, e.g. {high}-{low}", exit_codes.USAGE)
        for year in (low, high):
            if not first <= year <= last:
                _fail(f"--years {part!r}: {year} is not a PEEL year; the layouts cover {first}-{last}", exit_codes.USAGE)
        years += [y for y in range(low, high + 1) if y not in years]
    return years


def pillars_to_list(text: str | None) -> list[str] | None:
    if not text:
        return None
    allowed = known_pillars()
    out = []
    for name in (x.strip().lower() for x in text.split(",") if x.strip()):
        if name not in allowed:
            _fail(f"--pillars {name!r}: not a pillar; choose from {', '.join(allowed)}", exit_codes.USAGE)
        out.append(name)
    return out


def force_to_suggestion(name: str) -> str | None:
    """The reference force name nearest to a mistyped one, or None when nothing is near."""
    import difflib

    from schemas.forces import forces

    spellings = {spelling.lower(): force.name for force in forces() for spelling in (force.name, *force.variants)}
    near = difflib.get_close_matches(name.lower(), list(spellings), n=1, cutoff=0.6)
    return spellings[near[0]] if near else None


def forces_to_names(text: str | None) -> list[str] | None:
    """Each force asked for, checked against the 43, as every name its cover may carry.

    The flow compares the name printed on the cover, so 'Met' must also match a
    cover that says 'Metropolitan Police Service'.
    """
    if not text:
        return None
    from schemas.forces import name_to_force

    names: list[str] = []
    for given in (x.strip() for x in text.split(",") if x.strip()):
        force = name_to_force(given)
        if force is None:
            hint = force_to_suggestion(given)
            _fail(f"--forces {given!r}: not one of the 43 forces of England and Wales"
                  + (f"; did you mean {hint!r}?" if hint else " (schemas/reference/forces.csv lists them)"),
                  exit_codes.USAGE)
        names += [n for n in (force.name, force.force_id.replace("-", " "), *force.variants) if n not in names]
    return names


def filters_to_text(years: str | None, forces: str | None, pillars: str | None) -> str:
    given = [(flag, value) for flag, value in (("--years", years), ("--forces", forces), ("--pillars", pillars)) if value]
    return " ".join(f"{flag} {value}" for flag, value in given)


def matched_any(summary, warehouse: Path, years, force_names, pillars) -> bool:
    """Did any report's cover match the filters, this run or an earlier one?

    Only a report whose cover was read can match: it was loaded, or quarantined
    after reading (validation), or it was loaded before and is in `raw.reports`.
    """
    if any(o.status == "loaded" or (o.status == "quarantined" and o.generation) for o in summary.outcomes):
        return True
    if not warehouse.exists():
        return False
    from warehouse.readonly import open_reader

    con = open_reader(warehouse)
    try:
        rows = con.execute("SELECT year, lower(force), lower(pillar) FROM raw.reports").fetchall()
    finally:
        con.close()
    wanted_forces = {f.lower() for f in force_names} if force_names else None
    return any((not years or y in years) and (wanted_forces is None or f in wanted_forces)
               and (not pillars or p in pillars) for y, f, p in rows)


@app.command()
@one_line_errors
@counts_loads
def backfill(
    source: Path = typer.Option(..., help="Folder of report PDFs of any years and generations (searched recursively)"),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, help="DuckDB warehouse file"),
    years: str = typer.Option(None, help="Inspection years to load, e.g. 2015-2023 or 2016,2018 (default: all)"),
    forces: str = typer.Option(None, help="Forces to load, comma-separated, any name of the 43 (default: all)"),
    pillars: str = typer.Option(None, help="Pillars to load, e.g. effectiveness,integrated (default: all)"),
    workers: int = typer.Option(None, help="Processes that read reports (default: one per core)"),
    dask_address: str = typer.Option(None, help="Read reports on this Dask cluster instead, e.g. tcp://host:8786"),
    batch: int = typer.Option(0, help="Reports read before they are written (0: sixteen per worker)"),
    lock_timeout: float = typer.Option(LOCK_TIMEOUT, help="Seconds to wait for another process to release the warehouse"),
) -> None:
    """Load a folder of past reports, in parallel and resumably, and print the coverage table.

    Each batch of reports is written before the next is read, one transaction
    per report: a killed backfill started again skips what is loaded and
    finishes the rest.
    """
    if not source.is_dir():
        _fail(f"{source}: no such folder; give the folder that holds the report PDFs", exit_codes.USAGE)
    year_list, force_list, pillar_list = years_to_list(years), forces_to_names(forces), pillars_to_list(pillars)
    n_workers = workers_to_count(workers)
    _check_lock_timeout(lock_timeout)
    wait_for_free_warehouse(warehouse, lock_timeout)
    _prefect_env()
    from flows import progress
    from flows.pipeline import RunSummary, discover_reports, run_flow, triage, workers_to_batch_size

    try:
        todo, done, _ = triage(discover_reports(str(source)), str(source), str(warehouse), False)
        if not todo and all(o.status == "skipped" for o in done):
            summary = RunSummary(sorted(done, key=lambda o: o.file_name))
        else:
            with _progress_reporter(len(todo) + len(done)):
                summary = run_flow(
                    str(source), str(warehouse), min(n_workers, max(len(todo), 1)), False,
                    years=year_list, forces=force_list, pillars=pillar_list,
                    batch_size=batch or workers_to_batch_size(n_workers), dask_address=dask_address,
                )
    except Exception as exc:  # the run itself failed; files' own problems never get here
        if _state["interrupted"]:
            raise KeyboardInterrupt from None
        _fail(f"the backfill failed: {one_line(exc)}", exit_codes.RUN_FAILED)
    finally:
        progress.uninstall()
    _print_coverage(warehouse)
    # A backfill reads thousands of files: the summary names only those quarantined, each with its reason.
    lines = progress.summary_lines(summary, warehouse, only_quarantined=True)
    for line in lines[:-1]:
        typer.echo(line)
    _echo_reports(warehouse, summary)
    typer.echo(lines[-1])
    filters = filters_to_text(years, forces, pillars)
    if filters and not matched_any(summary, warehouse, year_list, force_list, pillar_list):
        _fail(f"no report matched {filters}", exit_codes.USAGE)
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
                    _count_loaded(outcome)
                    counts[outcome.status] = counts.get(outcome.status, 0) + 1
                    bar.update(task, advance=1, description=(
                        f"loaded {counts['loaded']} skipped {counts['skipped']} quarantined {counts['quarantined']}"))

                progress.install(on_file, lambda n: bar.update(task, total=n))
                yield
        else:
            seen = {"n": 0, "total": total}

            def on_file(outcome):
                _count_loaded(outcome)
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
               FROM main.backfill_coverage ORDER BY inspection_year NULLS LAST, generation, pillar"""
        ).fetchall()
    finally:
        con.close()
    header = ("year", "generation", "pillar", "found", "loaded", "quarantined", "grades", "AFIs", "causes", "figures")
    typer.echo("coverage (backfill_coverage):")
    typer.echo("  " + " ".join(f"{h:>12}" if k > 2 else f"{h:<14}" for k, h in enumerate(header)))
    for row in rows:
        cells = ["" if v is None else str(v) for v in row[:10]]
        line = " ".join(f"{c:>12}" if k > 2 else f"{c:<14}" for k, c in enumerate(cells))
        typer.echo("  " + line + (f"  ({row[10]})" if row[10] else ""))


def _open_read_only(warehouse: Path):
    """The warehouse for reading only, unable to reach files, the network or extensions."""
    import duckdb

    from warehouse.readonly import open_reader
    from warehouse.upgrade import OutdatedWarehouse, check_readable

    if not warehouse.exists():
        _fail(f"{warehouse}: no warehouse there yet; run 'peel run' first (or 'make run')", exit_codes.BAD_INPUT)
    if warehouse.is_dir():
        _fail(f"{warehouse}: is a folder; give the warehouse file, e.g. {DEFAULT_WAREHOUSE}", exit_codes.USAGE)
    try:
        con = open_reader(warehouse)
    except duckdb.IOException as exc:
        _fail(f"{warehouse}: cannot be opened ({one_line(exc)}); is a run writing to it?", exit_codes.RUN_FAILED)
    try:
        check_readable(con, warehouse)
    except OutdatedWarehouse as exc:
        con.close()
        _fail(str(exc), exit_codes.RUN_FAILED)
    return con


@app.command()
@one_line_errors
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
@one_line_errors
def sql(
    query: str = typer.Argument(..., help="One SELECT (or WITH, DESCRIBE, SHOW) statement"),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, help="DuckDB warehouse file"),
    fmt: str = typer.Option("table", "--format", help="table, csv, json or markdown"),
    max_rows: int = typer.Option(None, help="Rows to print at most (default: 100 for table and markdown, all for csv and json)"),
) -> None:
    """Run one read-only query against the warehouse and print the result.

    The warehouse is opened read-only with file, network and extension access
    off, and only a single SELECT statement runs: nothing a query says can
    change the warehouse or reach the machine.
    """
    import duckdb

    from flows.sql_output import FORMATS, rows_to_text
    from warehouse.readonly import RefusedQuery, error_to_hint, query_to_statement

    if fmt not in FORMATS:
        _fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}", exit_codes.USAGE)
    if max_rows is not None and max_rows < 1:
        _fail(f"--max-rows {max_rows}: give 1 or more", exit_codes.USAGE)
    try:
        query_to_statement(query)
    except RefusedQuery as exc:
        _fail(f"read-only: {exc}", exit_codes.USAGE)
    except duckdb.Error as exc:
        _fail(f"the query failed: {one_line(exc)}", exit_codes.USAGE)
    limit = max_rows or (100 if fmt in ("table", "markdown") else None)
    con = _open_read_only(warehouse)
    try:
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchmany(limit + 1) if limit else cursor.fetchall()
    except duckdb.PermissionException as exc:
        _fail(f"read-only: the query may not reach files, the network or extensions ({one_line(exc)})",
              exit_codes.USAGE)
    except duckdb.Error as exc:
        message, hint = one_line(exc), error_to_hint(str(exc))
        _fail(f"the query failed: {message.rstrip('.')}; {hint}" if hint else f"the query failed: {message}",
              exit_codes.USAGE)
    finally:
        con.close()
    more = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit else rows
    typer.echo(rows_to_text(fmt, columns, rows))
    if fmt == "table":
        typer.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''}{', more not shown' if more else ''})")
    elif more:
        typer.echo(f"peel: only the first {limit} rows are shown (--max-rows)", err=True)


@app.command()
@one_line_errors
def export(
    parquet: Path = typer.Option(..., "--parquet", help="Folder to write one Parquet dataset per mart into"),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, help="DuckDB warehouse file"),
) -> None:
    """Write every mart as Parquet, partitioned by inspection year.

    The export is written beside PARQUET and swapped in when complete, so a
    reader sees the previous export or this one, never a mix.
    """
    from warehouse.export import ExportRefused, marts_to_parquet, target_to_problem
    from warehouse.models import MODELS

    problem = target_to_problem(parquet)
    if problem:
        _fail(problem, exit_codes.USAGE)
    con = _open_read_only(warehouse)
    try:
        exported = marts_to_parquet(con, parquet, [m for m in MODELS if m.is_mart])
    except ExportRefused as exc:
        _fail(str(exc), exit_codes.USAGE)
    finally:
        con.close()
    for e in exported:
        typer.echo(f"{e.mart:<45} {e.rows:>6} rows -> {e.path}")


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
