# Two commands: `make run` serves the bundled documents, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run index test lint typecheck unit bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

index: install
	$(BIN)/archive-api index --if-stale

run: index
	PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py 'archive_api:create_app()'

lint: install
	$(BIN)/ruff check archive_api tests benchmarks
	$(BIN)/ruff format --check archive_api tests benchmarks

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/python -m pytest -q

test: lint typecheck unit

# Crash safety at length: SIGKILL every moment of every kind of write, over the command line
# and HTTP, and after delays (minutes; `make test` runs one kill per moment).
.PHONY: test-robustness
test-robustness: install
	ROBUSTNESS_SLOW=1 $(BIN)/python -m pytest -q tests/robustness/test_kill.py

# Regenerate the committed contract after changing a route or a schema.
.PHONY: openapi
openapi: install
	$(BIN)/python -m archive_api.api.spec openapi.yaml

bench: install
	$(BIN)/python benchmarks/parse_bench.py

# What the parser finds in each document (pages, notes anchored, letters, dates) and how long
# it takes, plus a 5 MB text. PARSE_ARGS passes options: PARSE_ARGS="--verbose".
.PHONY: bench-parse
bench-parse: install
	$(BIN)/python benchmarks/parse_corpus.py $(PARSE_ARGS)

# Relevance of our search beside Whoosh's StandardAnalyzer and SQLite FTS5 on judged queries.
.PHONY: eval
eval: install
	$(BIN)/python benchmarks/relevance.py

# Build and search speed at 40,000+ paragraphs, in process and under gunicorn, beside SQLite
# FTS5 (about 5 minutes). SPEED_ARGS passes options: SPEED_ARGS="--quick" for a small run.
.PHONY: bench-speed
bench-speed: install
	$(BIN)/python -W ignore benchmarks/speed.py $(SPEED_ARGS)

# The same at about 40,000, 300,000 and 1,000,000 paragraphs, with the growth between them
# (most of an hour on two cores). SCALE_ARGS passes options: SCALE_ARGS="--scales 1,5".
.PHONY: bench-scale
bench-scale: install
	$(BIN)/python -W ignore benchmarks/scale.py $(SCALE_ARGS)

# The PostgreSQL backend beside the embedded one at about 40,000 paragraphs: load, search in
# process, HTTP with one and two nodes (a throw-away cluster and replica; about 8 minutes).
# PG_ARGS passes options: PG_ARGS="--scale 92" for about 300,000 paragraphs.
.PHONY: bench-pg
bench-pg: install
	$(BIN)/python -W ignore benchmarks/speed_pg.py $(PG_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
