# The two commands of the README's quick start. Each sets everything up first.
.PHONY: build test test-fast setup golden bench fuzz messages docs

setup:
	@./scripts/setup.sh

build: setup
	.venv/bin/briefgen build --format pdf

# The whole suite, its test files spread over every core (pytest-xdist; each file's tests on one,
# so a file's shared fixture is built once).
test: setup
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/ruff format --check src tests benchmarks
	.venv/bin/mypy
	$(MKDOCS_BUILD)
	.venv/bin/python -m pytest -q -n logical --dist loadfile

# The documentation site (mkdocs.yml), built strictly: a broken link or anchor, or a page left out
# of the nav, fails it. Into a temporary folder, removed after (`make docs` keeps it in site/).
MKDOCS_BUILD = site=$$(mktemp -d) && NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict \
	-d "$$site"; status=$$?; rm -rf "$$site"; exit $$status

docs: setup
	NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict -d site

# The unit tier alone: in-process tests of tests/unit/, under a minute (every other test is
# marked slow by tests/conftest.py).
test-fast: setup
	.venv/bin/python -m pytest -q -m "not slow"

# Refresh the golden HTML files after an intended change; read the diff before committing.
golden: setup
	BRIEFGEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/e2e/test_golden.py

# Speed and memory figures (prints them; about an hour, the 1,000-work corpus, last, about half
# an hour of it): see docs/performance.md.
bench: setup
	.venv/bin/python benchmarks/run.py

# The fuzz test of tests/e2e/test_fuzz.py with many more examples than CI runs (FUZZ_EXAMPLES=...).
FUZZ_EXAMPLES ?= 2000
fuzz: setup
	BRIEFGEN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) .venv/bin/python -m pytest -q tests/e2e/test_fuzz.py \
		--hypothesis-show-statistics

# Bring the message catalogues (src/briefgen/locale/*.po) up to date with the code's messages;
# then translate what is new (tests/unit/test_i18n.py fails while a message is untranslated).
messages: setup
	.venv/bin/python scripts/messages.py
