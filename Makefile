# Two commands: `make run` starts the app, `make test` runs the tests.
# Both create .venv and install what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test install install-dev speech-engine llama-server model bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

speech-engine:
	@sh scripts/install-speech-engine.sh

# llama.cpp's own server (parallel slots for a school server); the tests run it on the tiny model.
llama-server: install
	@sh scripts/build-llama-server.sh $(VENV)

# A missing model is not fatal: the app starts and its Settings page says what to do.
model: install
	@$(BIN)/tutor model ensure || echo "tutor: starting without a model; the Settings page says how to add one."

run: install speech-engine model
	$(BIN)/tutor app --port $(PORT)

test: install-dev speech-engine llama-server
	$(BIN)/python -m pytest

bench: install-dev
	$(BIN)/python -m tests.bench $(NAMES)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache test-artifacts
