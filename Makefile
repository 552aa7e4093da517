# Two commands for a newcomer (see README):
#   make example   installs everything and builds the example news site
#   make test      runs the linter and the whole test suite
#   make bench     times Broadsheet against Jekyll and Hugo (bench/run.py)
VENV   ?= .venv
PY     := $(VENV)/bin/python
# Debian's own python3 when there is one: it is compiled with profile-guided and link-time
# optimisation, and builds a site 7–10% faster than a plain source build of the
# same Python (pyenv's, say), which may come first on the PATH.
PYTHON ?= $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBIAN_PACKAGES := python3-venv jekyll jekyll-theme-minima ruby-jekyll-feed ruby-jekyll-seo-tag \
	ruby-jekyll-sitemap ruby-jekyll-paginate ruby-jekyll-archives \
	ruby-jekyll-redirect-from ruby-jekyll-include-cache ruby-jekyll-paginate-v2 \
	ruby-jekyll-relative-links ruby-jekyll-optional-front-matter ruby-jekyll-titles-from-headings \
	ruby-jekyll-default-layout chromium

.PHONY: example test system-deps install lint clean bench

example: system-deps install
	rm -rf build/example
	$(VENV)/bin/broadsheet new build/example
	$(VENV)/bin/broadsheet build -s build/example -d build/example/_site
	@echo "Open build/example/_site/index.html, or serve it with live reload: $(VENV)/bin/broadsheet serve -s build/example"

system-deps:
	@if command -v apt-get >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES); \
	else echo "not Debian: install Jekyll 4.3 and Chromium yourself to run every test"; fi

$(PY):
	$(PYTHON) -m venv $(VENV)

install: $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'

lint: install
	$(VENV)/bin/ruff check src tests bench

test: install lint
	$(PY) -m pytest

clean:
	rm -rf build $(VENV)

# Broadsheet against Jekyll and Hugo on the generated 1,000-post corpus (see bench/run.py).
bench: system-deps install
	@if command -v apt-get >/dev/null; then \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends hugo; \
	else echo "not Debian: install Hugo yourself to include it"; fi
	$(PY) bench/run.py --sizes 1000
