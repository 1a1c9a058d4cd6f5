# zhixing — the two commands a new machine needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench venv browser clean

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP)

## make run: set-up, migrate SQLite, demo data, simulated departments and periodic duties, serve on http://127.0.0.1:8000
run: $(STAMP)
	$(PY) -m zhixing migrate --no-input
	$(PY) -m zhixing seed-demo
	@# the simulated banks and registries answer, and the periodic duties run, while the server runs
	$(PY) -m zhixing partners-simulate --loop 5 & sim=$$!; \
	$(PY) -m zhixing run-duties --loop 60 >/dev/null & duties=$$!; \
	trap 'kill $$sim $$duties 2>/dev/null' EXIT INT TERM; \
	$(PY) -m zhixing runserver 127.0.0.1:8000

## make test: set-up and the whole suite (browser tests need chromium; scripts/ensure-browser installs it as root)
test: $(STAMP)
	-@bash scripts/ensure-browser
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy --strict src/zhixing/core/rules src/zhixing/organization/rules.py src/zhixing/cases/rules src/zhixing/measures/rules src/zhixing/linkage/rules src/zhixing/closure/rules src/zhixing/review/rules src/zhixing/credit/rules src/zhixing/linkage/joint/rules.py src/zhixing/portal/rules.py

bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) var
