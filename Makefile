VENV ?= .venv
PY := $(VENV)/bin/python
PARLEY := $(VENV)/bin/parley
STAMP := $(VENV)/.installed

.PHONY: demo test install bench data clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,build-data,ray]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f parley.duckdb
	$(PARLEY) extract examples/corpus --db parley.duckdb --output examples-events.jsonl --format jsonl --quiet || test $$? -eq 3
	$(PARLEY) stats --db parley.duckdb
	$(PARLEY) digest --db parley.duckdb --country BLR --format html --output demo-digest.html
	$(PARLEY) plot dyad USA BLR --db parley.duckdb --output demo-usa-blr.png

test: $(STAMP)
	sh scripts/ensure_chromium.sh
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/throughput.py
	$(PY) bench/long_article.py
	$(PY) bench/dedupe.py
	$(PY) bench/api_load.py
	$(PY) bench/dashboard.py
	$(PY) bench/ray_scaling.py

data: $(STAMP)
	$(PY) scripts/build_actor_data.py

clean:
	rm -rf $(VENV) build parley.duckdb examples-events.jsonl demo-digest.html demo-usa-blr.png
