# The commands a user needs: run, test (CI runs it), ui, eval, lint, test-fast, bench.
SHELL := /bin/bash
.DEFAULT_GOAL := run

UV_VERSION := 0.13.9
ROOT := $(CURDIR)
VENV := $(ROOT)/.venv
TOOLS := $(ROOT)/.tools
UV := $(TOOLS)/bin/uv

PIPELINE_INPUT ?= $(ROOT)/seeds/raw
PIPELINE_WAREHOUSE ?= $(ROOT)/warehouse
export PIPELINE_INPUT PIPELINE_WAREHOUSE
export PATH := $(VENV)/bin:$(PATH)
export DAGSTER_HOME := $(ROOT)/.dagster
export JIEBA_CACHE_DIR := $(ROOT)/.tmp
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup system-deps run test test-fast ui eval lint bench clean

# uv itself, pinned, in a small venv of its own (not tracked: a clone makes it here).
$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python python3.11 --quiet
	touch $@

# The dbt manifest Dagster loads, parsed again when the dbt project changes.
MANIFEST := transforms/target/manifest.json
DBT_SOURCES := $(shell find transforms/models transforms/macros -name '*.sql' -o -name '*.yml') \
	transforms/dbt_project.yml transforms/profiles.yml
$(MANIFEST): $(VENV)/.synced $(DBT_SOURCES)
	cd transforms && dbt parse --quiet

# The environment from the lock file, Dagster's home, and the dbt manifest.
setup: $(VENV)/.synced $(MANIFEST)
	@mkdir -p $(DAGSTER_HOME) $(JIEBA_CACHE_DIR)
	@cp pipelines/dagster_instance.yaml $(DAGSTER_HOME)/dagster.yaml

# Build the warehouse from PIPELINE_INPUT (default: the five sample documents) and score it against the gold.
run: setup
	@PIPELINE_GOLD=$${PIPELINE_GOLD-$(ROOT)/tests/gold} python -m pipelines.cli run $(RUN_ARGS)

# Debian's Chromium for the browser tests (tests/ui, tests/report) and Noto CJK fonts so Chinese renders,
# each installed once if missing (one apt-get update for both).
system-deps:
	@PKGS=""; command -v chromium >/dev/null || PKGS="chromium"; \
	  fc-list :lang=zh 2>/dev/null | grep -q . || PKGS="$$PKGS fonts-noto-cjk"; \
	  [ -z "$$PKGS" ] || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$PKGS; }

# The whole suite, as CI runs it (.ci/run): lint first, then every test.
test: setup system-deps lint
	pytest

# Unit tests of the pure modules only: no warehouse build, no browser.
test-fast: setup
	pytest -m "not integration and not browser"

# sqlfluff's dbt templater opens a warehouse to render is_incremental(): a scratch one, never a live build's.
lint: setup
	ruff check .
	@mkdir -p $(ROOT)/.tmp/sqlfluff
	PIPELINE_WAREHOUSE=$(ROOT)/.tmp/sqlfluff sqlfluff lint transforms

ui: setup
	cd $(ROOT) && dg dev --host 127.0.0.1 --port 3000

eval: setup
	@PIPELINE_GOLD=$${PIPELINE_GOLD-$(ROOT)/tests/gold} python -m pipelines.cli eval

# Whole pipeline vs bare jieba on ../shared/corpus/scale/xwlb (BENCH_INPUT to change); not part of `make test`.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--repeat 3" or BENCH_ARGS="--scales 3,10 --scale-runner processes".
bench: setup
	python -m tools.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) .dagster .tmp transforms/target warehouse/*.duckdb warehouse/parquet warehouse/dbt \
	  warehouse/published warehouse/report warehouse/logs warehouse/last_build.json
