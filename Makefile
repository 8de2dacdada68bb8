# The only commands a user needs: run, test, ui, eval (bench comes later).
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

.PHONY: setup system-deps run test ui eval bench clean

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python python3.11
	touch $@

# The environment from the lock file, Dagster's home, and the dbt manifest Dagster loads.
setup: $(VENV)/.synced
	mkdir -p $(DAGSTER_HOME) $(JIEBA_CACHE_DIR)
	cp pipelines/dagster_instance.yaml $(DAGSTER_HOME)/dagster.yaml
	cd transforms && dbt parse --quiet

run: setup
	python -m pipelines.cli run

# Debian's Chromium for the browser tests (tests/ui, tests/report) and Noto CJK fonts so Chinese renders,
# each installed once if missing (one apt-get update for both).
system-deps:
	@PKGS=""; command -v chromium >/dev/null || PKGS="chromium"; \
	  fc-list :lang=zh 2>/dev/null | grep -q . || PKGS="$$PKGS fonts-noto-cjk"; \
	  [ -z "$$PKGS" ] || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$PKGS; }

test: setup system-deps
	pytest

ui: setup
	cd $(ROOT) && dg dev --host 127.0.0.1 --port 3000

eval: setup
	python -m pipelines.cli eval

# Whole pipeline vs bare jieba on ../shared/corpus/scale/xwlb (BENCH_INPUT to change); not part of `make test`.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--scales 3,10 --scale-runner processes".
bench: setup
	python -m tools.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) .dagster .tmp transforms/target warehouse/*.duckdb warehouse/parquet warehouse/dbt
