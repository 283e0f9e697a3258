# «Nevrale nettverk fra bunnen av» — de to kommandoene er `make book` og `make test`.
# Begge lager .venv ved behov og installerer de låste versjonene i requirements.lock.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export PYTHONHASHSEED := 0
# Én BLAS-tråd: samme avrunding i float32 på alle maskiner, så notebookenes utdata er stabile.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1

.PHONY: help setup book pdf test notebooks serve clean lock assignments grade benchmark mutate

help:
	@echo "make book        – bygg nettstedet til _build/html"
	@echo "make pdf         – bygg boka som PDF til _build/pdf (krever XeLaTeX, se README.md)"
	@echo "make test        – kjør hele testsuiten"
	@echo "make notebooks   – kjør kapitlene på nytt og lagre utdataene"
	@echo "make assignments – lag elevversjonene av oppgavene (exercises/release)"
	@echo "make grade       – rett alt i exercises/submitted i sandkasser (JOBS=2 om gangen)"
	@echo "make serve       – vis den bygde boka på http://localhost:8000"
	@echo "make benchmark   – mål farten til mlfw, utforskerne og rettingen"
	@echo "make mutate      – plant kjente feil i mlfw én om gangen og se om enhetstestene fanger dem"
	@echo "make clean       – slett byggfiler (ikke .venv)"

# .venv lages når den mangler eller ikke kan kjøres (for eksempel etter bytte av Python),
# og de låste versjonene installeres på nytt når requirements.lock endres.
# Låsefila er komplett (pip freeze), så den installeres med --no-deps: da kommer bare det som
# står der. Slik holdes rfc3987-syntax ute (den trekkes inn av jsonschema[format-nongpl] via
# jupyter-events, bygger en Lark-grammatikk på 2,4 s CPU hver gang jsonschema importeres, og
# sjekker bare formatet «iri», som ingen av verktøyene våre bruker).
$(STAMP): requirements.lock
	@if ! $(PY) -c "import sys; assert sys.version_info >= (3, 11)" 2>/dev/null; then \
		echo "Lager $(VENV) …"; $(PYTHON) -m venv --clear $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

setup: $(STAMP)

book: $(STAMP)
	$(PY) -m tools.build_book

# PDF-utgaven med Jupyter Books LaTeX-bygger og XeLaTeX (TeX-pakkene står i README.md).
pdf: $(STAMP)
	$(PY) -m tools.build_pdf

# MathJax og widget-manageren hentes fra npm-registeret før testene, så selve testene
# aldri går på nettet (byggingen i testene bruker kopien i hurtigbufferen).
test: $(STAMP)
	$(PY) _ext/bok_ressurser.py
	$(PY) -m pytest

notebooks: $(STAMP)
	$(PY) -m tools.execute_notebooks chapters/*.ipynb

# nbgrader kaller programmet `alembic` fra .venv/bin når den lager gradebook.db.
NBGRADER := cd exercises && export PATH="$(abspath $(VENV))/bin:$$PATH" &&

assignments: $(STAMP)
	$(NBGRADER) nbgrader generate_assignment "*" --force

# Retter alt i exercises/submitted i sandkasser, JOBS om gangen, og skriver lærerrapporten
# (exercises/rapport/). Med NBGRADER_DB_URL satt brukes en PostgreSQL som karakterbok.
JOBS ?= 2
grade: assignments
	$(NBGRADER) $(abspath $(PY)) -m grading --jobs $(JOBS) $(GRADE_ARGS)

serve:
	$(PYTHON) -m http.server --directory _build/html 8000

benchmark: $(STAMP)
	$(PY) benchmarks/bench_training.py
	$(PY) benchmarks/bench_explorer.py
	$(PY) benchmarks/bench_grading.py --students 8 --jobs 2

# Bare enhetstestene (ingen nbval eller nettleser), på en kopi av mlfw i en midlertidig mappe.
mutate: $(STAMP)
	$(PY) -m tools.mutate

# Oppdaterer låsefila fra avhengighetene i pyproject.toml (krever nett til PyPI).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -e ".[book,grade,test]"
	{ echo "# Nøyaktige versjoner for alle miljøer (generert med 'make lock')."; \
	  echo "# Installeres av Makefile: pip install -r requirements.lock && pip install --no-deps -e ."; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -v -E '^(rfc3987-syntax|lark)=='; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf _build exercises/release exercises/autograded exercises/feedback .pytest_cache
