# Build, test and lint the glpi.itsm collection. `make test` runs the whole suite (CI runs it).
# Every target installs the tools into .venv (from tests/requirements.txt) on first use.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV := $(CURDIR)/.venv
STAMP := $(VENV)/.installed
export PATH := $(VENV)/bin:$(PATH)

# The collection as a physical copy of the work tree (for ansible-test and units), as a tarball,
# and installed from that tarball (for integration tests and docs).
# BUILD can point elsewhere so that two runs at once do not share their copies.
BUILD ?= $(CURDIR)/.build
COLLECTIONS := $(BUILD)/collections
COLLECTION := $(COLLECTIONS)/ansible_collections/glpi/itsm
DIST := $(BUILD)/dist
INSTALLED := $(BUILD)/installed

# pytest imports the collection from ANSIBLE_COLLECTIONS_PATH as Ansible does: see
# tests/tools/pytest_collection_loader.py.
PYTEST := PYTHONPATH=$(CURDIR)/tests/tools pytest -p pytest_collection_loader
# Extra pytest options, e.g. PYTEST_ARGS='-k session -x'; '-n 0' runs units in one process.
PYTEST_ARGS ?=
UNIT_DIRS := $(wildcard tests/unit tests/conformance)

# Sanity: what is left out, and why (every other test of `ansible-test sanity` runs):
# - pslint: it needs PowerShell, which these machines do not have (nor Docker, whose test image
#   would bring it). The collection has no PowerShell code, so nothing goes unchecked.
# - --docker: there is no Docker engine, so sanity runs with --python 3.11 in venvs that
#   ansible-test makes on the machine. Their pip bootstrap script is normally downloaded, which is
#   impossible here: tests/tools/offline-get-pip puts a stand-in in ansible-test's cache first.
# - shellcheck runs only where Debian's shellcheck is installed (and only looks at *.sh files).
SANITY_SKIP := --skip-test pslint
SANITY_ARGS ?=

.PHONY: venv collection install units integration integration-11 compat sanity lint docs docs-build fragments test demo clean bench bench-records

venv: $(STAMP)

# A changed requirements file installs into the existing venv (never removed under a running test).
$(STAMP): tests/requirements.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -r tests/requirements.txt >$(VENV)/pip.log 2>&1 \
		|| { cat $(VENV)/pip.log; exit 1; }
	touch $@

collection:
	tests/tools/copy-collection $(COLLECTION)

# Build the tarball from the copy (so only files git knows go in) and install it, as a user would.
install: venv collection
	rm -rf $(DIST) $(INSTALLED)
	ansible-galaxy collection build --output-path $(DIST) $(COLLECTION)
	ANSIBLE_COLLECTIONS_PATH=$(INSTALLED) \
		ansible-galaxy collection install --force -p $(INSTALLED) $(DIST)/glpi-itsm-*.tar.gz

units: venv collection
	@test -n "$(UNIT_DIRS)" || { echo "no tests/unit or tests/conformance to run"; exit 1; }
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) $(PYTEST) -n auto $(PYTEST_ARGS) $(UNIT_DIRS)

# The integration tests run in INTEGRATION_WORKERS pytest-xdist workers (2 for this 2-core
# machine; `auto` is one per core), each with its own emulator (or the GLPI of GLPI_TEST_URL)
# behind its own counting proxy. Every test runs alone, in any order and any worker.
INTEGRATION_WORKERS ?= 2

integration: install
	ANSIBLE_COLLECTIONS_PATH=$(INSTALLED) ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=1 \
		$(PYTEST) --ansible-inventory tests/integration/hosts.ini --ansible-host-pattern localhost \
		--ansible-connection local -n $(INTEGRATION_WORKERS) $(PYTEST_ARGS) tests/integration

# GLPI 11.0: the emulator in its 11.0 mode (tests/emulator/versions.py) under the tests of every
# module's main path, the inventory, idempotency and check mode; what does not depend on the GLPI
# version (argument checks, faults, load, secrets, TLS, AWX) runs once, against 10.0, above.
INTEGRATION_11_TESTS ?= $(addprefix tests/integration/,test_client_live.py test_glpi_item.py \
	test_glpi_item_info.py test_glpi_search.py test_glpi_massive_action.py test_glpi_document.py \
	test_glpi_session.py test_inventory.py test_roles.py test_no_duplicates.py test_glpi_itsm.py \
	test_change_record.py)

integration-11: install
	GLPI_EMULATOR_VERSION=11.0 ANSIBLE_COLLECTIONS_PATH=$(INSTALLED) ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=1 \
		$(PYTEST) --ansible-inventory tests/integration/hosts.ini --ansible-host-pattern localhost \
		--ansible-connection local -n $(INTEGRATION_WORKERS) $(PYTEST_ARGS) $(INTEGRATION_11_TESTS)

# The checks that differ between ansible-core lines (tests/compat: the inventory never evaluates
# GLPI values, modules in a playbook, ansible-doc), on the installed tarball, once per supported
# line, each in its own venv from tests/compat/requirements/<line>.txt. 2.16 to 2.19 run on
# Python 3.11; 2.20 and later need Python >= 3.12: 3.13 from pyenv, or python3.13 on PATH
# (COMPAT_PYTHON and COMPAT_PYTHON_NEW choose others). Every line runs even when one fails.
COMPAT_LINES ?= 2.16 2.18 2.19 2.21
COMPAT_VENV := $(VENV)-compat
COMPAT_PYTHON ?= $(firstword $(shell command -v python3.11) $(PYTHON))
COMPAT_PYTHON_NEW ?= $(firstword $(wildcard $(shell pyenv root 2>/dev/null)/versions/3.13.0/bin/python3) \
	$(shell command -v python3.13))

# As $(STAMP): created once, reinstalled into when the line's requirements change.
$(COMPAT_VENV)/%/.installed: tests/compat/requirements/%.txt
	@python="$(if $(filter 2.16 2.17 2.18 2.19,$*),$(COMPAT_PYTHON),$(COMPAT_PYTHON_NEW))"; \
	if [ -z "$$python" ]; then \
		echo "ansible-core $* needs Python >= 3.12 and none was found: install 3.13.0 with pyenv," \
			"put python3.13 on PATH, or set COMPAT_PYTHON_NEW=/path/to/python3.12+"; \
		exit 1; \
	fi; \
	test -x $(@D)/bin/python || "$$python" -m venv $(@D)
	$(@D)/bin/pip install -q -r $< >$(@D)/pip.log 2>&1 || { cat $(@D)/pip.log; exit 1; }
	touch $@

compat: install
	@status=0; results=(); \
	for line in $(COMPAT_LINES); do \
		echo; echo "=== ansible-core $$line ==="; start=$$SECONDS; \
		if $(MAKE) -s --no-print-directory $(COMPAT_VENV)/$$line/.installed \
			&& ANSIBLE_COLLECTIONS_PATH=$(INSTALLED) PYTHONPATH=$(CURDIR)/tests \
				$(COMPAT_VENV)/$$line/bin/python -m pytest -c tests/compat/pytest.ini $(PYTEST_ARGS) tests/compat; then \
			result=passed; \
		else \
			result=FAILED; status=1; \
		fi; \
		results+=("$$(printf 'ansible-core %-5s %-7s %4d s' $$line $$result $$((SECONDS - start)))"); \
	done; \
	echo; echo "=== compat ==="; printf '%s\n' "$${results[@]}"; \
	exit $$status

sanity: venv collection
	python tests/tools/offline-get-pip
	cd $(COLLECTION) && ansible-test sanity --python 3.11 $(SANITY_SKIP) $(SANITY_ARGS)

# Runs each linter even when one fails, and fails if any did.
lint: venv collection
	status=0; \
	yamllint . || status=1; \
	antsibull-changelog lint || status=1; \
	antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml || status=1; \
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) ansible-lint --offline --nocolor || status=1; \
	exit $$status

# Every plugin's documentation renders with ansible-doc from the installed collection.
docs: install
	ANSIBLE_COLLECTIONS_PATH=$(INSTALLED) tests/tools/check-docs $(INSTALLED)/ansible_collections/glpi/itsm
	ANSIBLE_COLLECTIONS_PATH=$(INSTALLED) tests/tools/plugin-docs $(BUILD)/docs-check
	diff -r docs/collection $(BUILD)/docs-check \
		|| { echo "docs/collection is stale: run make docs-build"; exit 1; }

# The generated pages of docs/collection, from the modules', plugin's and roles' documentation.
docs-build: install
	ANSIBLE_COLLECTIONS_PATH=$(INSTALLED) tests/tools/plugin-docs docs/collection

# The connection doc fragment is generated from plugins/module_utils/arguments.py.
fragments: venv collection
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) PYTHONPATH=$(COLLECTIONS) python tests/tools/connection_fragment.py

# Inventory benchmark against the emulator (not a test: it prints figures and writes
# docs/inventory-benchmark.md), then glpi_item with many records (docs/records-benchmark.md);
# BENCH_ARGS and RECORDS_BENCH_ARGS (--help lists them) go to each.
bench: install
	ANSIBLE_COLLECTIONS_PATH=$(INSTALLED) python tests/bench/run_bench.py --collections-path $(INSTALLED) $(BENCH_ARGS)
	python tests/bench/records_bench.py --collections-path $(INSTALLED) $(RECORDS_BENCH_ARGS)

# glpi_item with many records only (docs/records-benchmark.md); RECORDS_BENCH_ARGS='--help'.
bench-records: install
	python tests/bench/records_bench.py --collections-path $(INSTALLED) $(RECORDS_BENCH_ARGS)

test:
	@tests/tools/run-all

demo:
	BUILD=$(BUILD) tests/tools/demo

clean:
	rm -rf .venv .venv-compat .build tests/output .ansible collections .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
