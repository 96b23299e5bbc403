# peel-etl: `make run` loads the sample reports, `make test` runs the tests.
# Both set up everything they need first (system packages, a virtualenv, pinned Python packages).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := .system-packages.installed
SAMPLE_TEXT := samples/peel-effectiveness-2017-metropolitan.txt
SAMPLE_PDF := raw_reports/peel-effectiveness-2017-metropolitan.pdf

# Debian packages: Tesseract reads pictures of text; LibreOffice prints the sample a third way in the tests.
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-eng libreoffice-writer-nogui fonts-liberation

.PHONY: setup system run test sample clean

setup: system $(STAMP)

system: $(SYSTEM_STAMP)

$(SYSTEM_STAMP):
	@if [ -n "$(SYSTEM_PACKAGES)" ]; then \
	  missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	  if [ -n "$$missing" ]; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	  fi; \
	fi
	@touch $@

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
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(SYSTEM_STAMP) .prefect warehouse/peel.duckdb warehouse/peel.duckdb.wal
