# The two commands: `make run` (demo server) and `make test` (the whole suite, lint and types).
# `make run` serves the demo as users see it (friendly error pages); NESTLING_DEBUG=true make run for
# Django's debug pages.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed

.PHONY: run test install lint types pytest bench-data clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The background worker (django-tasks' database worker: safety-alert escalations) runs beside the server;
# Ctrl-C stops both (a background job of a script ignores Ctrl-C, so the trap stops it).
run: $(STAMP)
	$(BIN)/nestling migrate --no-input -v0
	$(BIN)/nestling demo --if-empty
	@echo "\nNestling is at http://127.0.0.1:8000  (Ctrl-C stops it and its background worker)\n"
	export NESTLING_DEBUG=$${NESTLING_DEBUG:-false}; \
	$(BIN)/nestling db_worker --no-reload --no-startup-delay -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/nestling runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	NESTLING_ENV=test $(BIN)/pytest $(PYTEST_ARGS)

test: lint types pytest

clean:
	rm -rf $(VENV) var
