"""Every mart as Parquet, written beside the target folder and swapped in whole.

Paths never become SQL text: DuckDB hands each mart over as an Arrow table
and pyarrow writes the files, so a folder called
`x'); COPY reports TO '/tmp/pwn.csv'; --` is just a folder.  The new export is written into a fresh temporary folder next to
the target (same file system, so the swap is a rename) and replaces the old
one only when complete: a reader sees the old export or the new one, never a
mix with stale year partitions or half-written files.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Written into every export folder; a folder without it was not made by us and
# is never replaced (`peel export --parquet ~` must not empty a home folder).
MARKER = ".peel-export"
YEAR_COLUMNS = ("inspection_year", "later_year")


class ExportRefused(ValueError):
    """The target cannot take an export; the message is one line for a person."""


@dataclass(frozen=True)
class Exported:
    mart: str
    rows: int
    path: Path


def target_to_problem(target: Path) -> str | None:
    """Why `target` cannot be replaced by an export, or None when it can."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        return f"{target}: exists and is not a folder; give a folder for the Parquet files"
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        return (f"{target}: is a folder of other files (no {MARKER} marker from an earlier export); "
                "give a new or empty folder")
    return None


def model_to_parquet(con, model, folder: Path) -> Exported:
    """One mart: a dataset partitioned by year (Hive folders) when it has a year, else one file.

    pyarrow writes the files, so the path is only ever a file-system path.
    """
    import pyarrow.parquet as pq

    table = con.table(model.qualified).to_arrow_table()
    year = next((c for c in YEAR_COLUMNS if c in model.columns), None)
    if year:
        path = folder / model.name
        path.mkdir()  # an empty mart is an empty dataset, not a missing one
        if table.num_rows:
            pq.write_to_dataset(table, str(path), partition_cols=[year],
                                basename_template="part-{i}.parquet")
    else:
        path = folder / f"{model.name}.parquet"
        pq.write_table(table, str(path))
    return Exported(model.shown, table.num_rows, path)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def swap_in(fresh: Path, target: Path) -> None:
    """Put `fresh` at `target`; the old target is removed after the swap."""
    if not target.exists():
        os.rename(fresh, target)
        return
    if _exchange(fresh, target):
        shutil.rmtree(fresh)  # now holds the old export
        return
    # Without an atomic exchange: two renames, with the old export out of the way for a moment.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rename(target, old / target.name)
    os.rename(fresh, target)
    shutil.rmtree(old)


def marts_to_parquet(con, target: Path, models) -> list[Exported]:
    problem = target_to_problem(target)
    if problem:
        raise ExportRefused(problem)
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        (fresh / MARKER).write_text("written by peel export; the whole folder is replaced by the next export\n")
        exported = [model_to_parquet(con, model, fresh) for model in models]
        swap_in(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return [Exported(e.mart, e.rows, target / e.path.relative_to(fresh)) for e in exported]
