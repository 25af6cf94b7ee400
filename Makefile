# The two commands of the README: `make demo` and `make test`. Everything else here serves them.
SHELL := /bin/bash
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: demo test setup lint check-migrations messages compilemessages clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

# Installs exactly what uv.lock pins; fails if pyproject.toml and the lock disagree.
$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON) --quiet
	@touch $@

setup: $(VENV)/.synced

demo: setup
	$(BIN)/weltcafe demo $(DEMO_ARGS)

test: setup
	bash scripts/test.sh

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	WELTCAFE_SECRET_KEY=$${WELTCAFE_SECRET_KEY:-mypy-only-not-a-secret} $(BIN)/mypy  # the plugin loads the settings

messages: setup
	cd src/weltcafe && ../../$(BIN)/weltcafe makemessages --locale en --no-obsolete --add-location file

compilemessages: setup
	cd src/weltcafe && ../../$(BIN)/weltcafe compilemessages --locale en

clean:
	rm -rf $(VENV) $(TOOLS) var .test-artifacts
