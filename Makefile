# The two commands of the README: `make run` (embedded demo) and `make test` (everything).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-dev system-packages services-up services-down lint

run: install
	$(BIN)/mengke demo

test: install-dev system-packages
	bash scripts/services.sh up
	set -a; eval "$$(bash scripts/services.sh env)"; set +a; \
	$(BIN)/pytest tests; status=$$?; \
	bash scripts/services.sh down; exit $$status

install: $(VENV)/.runtime-installed

install-dev: $(VENV)/.dev-installed

$(VENV)/.runtime-installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.runtime-installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# The CJK font for the /stats chart; Kafka, Redis and PostgreSQL come with services.sh.
system-packages:
	bash scripts/system-packages.sh

services-up:
	bash scripts/services.sh up

services-down:
	bash scripts/services.sh down

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
