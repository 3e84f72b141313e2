# framing — build the dataset, train, score, evaluate, compare, benchmark.
# `make demo` sets everything up and runs the whole chain; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FRAMING := $(BIN)/framing
MODEL ?= models/default
SHARED ?= ../shared
CORPUS ?=
GOLD ?=
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export PYTHONHASHSEED := 0

.DEFAULT_GOAL := help
.PHONY: help install data train select demo test evaluate evaluate-real lf-report browser-deps clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/framing: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

install: $(BIN)/framing ## Create .venv and install framing with its test and dask extras

data: install ## Build the labelled-sentence dataset into data/processed/ (CORPUS=path adds silver-labelled sentences, GOLD=folder its annotations)
	$(FRAMING) build-data $(if $(CORPUS),--corpus data/corpus --corpus $(CORPUS) --silver) $(if $(GOLD),--annotations data/annotations --annotations $(GOLD))

train: data ## Train the default model into models/default/ (cross-validated, with a model card)
	$(FRAMING) train --out $(MODEL)

select: data ## Compare featurizations and linear models (grouped CV) into models/selection.json
	$(FRAMING) select

lf-report: install ## Coverage, conflicts and precision of the labelling functions on the written bank
	$(FRAMING) lf-report data/written/*.jsonl

demo: train ## Set up, build data, train, and score a seed article
	$(FRAMING) score data/corpus/nie-2023-07-naryshkin-burns.txt --model $(MODEL) --explain
	@if [ -f $(SHARED)/eval/dev.jsonl ]; then $(FRAMING) evaluate $(SHARED)/eval/dev.jsonl --model $(MODEL); \
	else echo "($(SHARED)/eval/dev.jsonl not found: skipping the evaluation on real coverage)"; fi

browser-deps: ## Install Debian's Chromium for the report screenshot test (skipped when it cannot be installed)
	@command -v chromium >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 \
	  || echo "note: could not install chromium; the browser test will be skipped"; }

test: install browser-deps ## Run the test suite
	$(BIN)/python -m pytest

evaluate: ## Evaluate the default model on ../shared/eval/dev.jsonl (when present)
	@if [ -f $(SHARED)/eval/dev.jsonl ]; then $(FRAMING) evaluate $(SHARED)/eval/dev.jsonl --model $(MODEL); \
	else echo "$(SHARED)/eval/dev.jsonl not found: nothing to evaluate"; exit 1; fi

REAL_CORPUS := $(SHARED)/corpus/ukraine-war-2022.csv
REAL_LABELS := data/real-sample/ukraine-war-2022.labels.jsonl

evaluate-real: ## Evaluate on the team's labelled sample of ../shared/corpus (1,956 sentences, up to 250 per outlet)
	@if [ -f $(REAL_CORPUS) ]; then \
	  $(FRAMING) sample $(REAL_CORPUS) --labels $(REAL_LABELS) --out data/processed/real-sample.jsonl && \
	  $(FRAMING) evaluate data/processed/real-sample.jsonl --by outlet --cross-calibrate 5 --model $(MODEL); \
	else echo "$(REAL_CORPUS) not found: the labelled sample needs the corpus it was drawn from"; exit 1; fi

clean: ## Remove the built dataset and caches (keeps models and .venv)
	rm -rf data/processed .pytest_cache .hypothesis

.PHONY: bench bench-large
BENCH_ARGS ?=

bench: install ## Benchmark scoring (100 MB corpus, bare vs end-to-end, --jobs 2, memory, start-up, train): bench/results.json
	$(BIN)/python bench/run.py --shared $(SHARED) $(BENCH_ARGS)

bench-large: install ## The benchmark plus a 1 GB corpus for the flat-memory check (about 15 minutes on 2 cores)
	$(BIN)/python bench/run.py --shared $(SHARED) --large-mb 1000 --dask $(BENCH_ARGS)
