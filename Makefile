# peel-etl: `make run` loads the sample reports, `make test` runs the tests.
# Both set up everything they need first (Debian packages, a virtualenv, pinned Python packages).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE_TEXT := samples/peel-effectiveness-2017-metropolitan.txt
SAMPLE_PDF := raw_reports/peel-effectiveness-2017-metropolitan.pdf

# Debian packages: Tesseract reads pictures of text (the pipeline); LibreOffice, AbiWord,
# Chromium and WeasyPrint (on Pango) print the sample reports in other ways (the tests).
RUN_PACKAGES := tesseract-ocr tesseract-ocr-eng
TEST_PACKAGES := libreoffice-writer-nogui abiword fonts-liberation fonts-dejavu-core fonts-crosextra-carlito fonts-crosextra-caladea hyphen-en-gb chromium libpango-1.0-0 libpangoft2-1.0-0

.PHONY: setup run test test-fast sample bench serve clean fuzz-pdf fuzz

# Install the Debian packages named in $(1) that are missing (as root, or through sudo).
define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "installing Debian packages: $$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

setup: $(STAMP)
	$(call apt_install,$(RUN_PACKAGES))

$(STAMP): pyproject.toml
	@test -x "$(PYTHON)" || { echo "make: Python 3.11 is required (python3.11 or python3 on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

# Re-typeset the sample PDF from its text (deterministic: the same bytes every time).
sample: setup
	$(BIN)/python -m renderers $(SAMPLE_TEXT) $(SAMPLE_PDF)

run: setup
	$(BIN)/peel run --source raw_reports --warehouse warehouse/peel.duckdb

test: setup
	$(call apt_install,$(TEST_PACKAGES))
	$(BIN)/python -m pytest

# The tests that need no whole PDF printed, no Prefect and no GX run over a whole report,
# spread over two processes: importing GX alone costs seven seconds, so one process waits on it.
test-fast: setup
	$(BIN)/python -m pytest -m "not slow" -q -n 2

# Print the sample documents in SEEDS house styles drawn at random and check every fact comes out.
SEEDS ?= 200
fuzz: setup
	$(call apt_install,$(TEST_PACKAGES))
	$(BIN)/python -m renderers.fuzz --seeds $(SEEDS)

bench: setup
	$(BIN)/python bench/benchmark.py

# N damaged copies of the sample report (byte flips, truncations, broken xref, garbled streams,
# bad MediaBox, deep nesting) in one `peel run`: every file loaded or quarantined with a reason.
N ?= 1000
fuzz-pdf: setup
	$(BIN)/python -m tests.pdf_mutants --n $(N)

clean:
	rm -rf $(VENV) .prefect warehouse/peel.duckdb warehouse/peel.duckdb.wal

# A local Prefect server with the nightly and backfill deployments (Ctrl-C to stop).
serve: setup
	flows/serve.sh
