"""Exit codes of the `peel` command, documented in the README."""

OK = 0  # everything asked for was done
RUN_FAILED = 1  # the run itself failed (a bug, a database that cannot be opened)
USAGE = 2  # wrong arguments (the CLI framework's own code)
QUARANTINED = 3  # `peel run`: the run finished but some files were quarantined
BAD_INPUT = 4  # `peel extract`: the file is not a readable PEEL report PDF
