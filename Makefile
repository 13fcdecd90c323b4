# The two commands a newcomer needs:  make demo  |  make test   (and make portal: the GitOps page in a browser)
# Everything is installed into .venv on first use (pinned in requirements-dev.txt).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
EXT_DIR := .build/extensions
PYTEST_WORKERS ?= 2

# The oldest az the extension declares (azext.minCliCoreVersion), as its installers ship it: scripts/oldest_az.py
OLDEST_AZ := .build/oldest-az
OLDEST_AZ_TESTS := tests/scenario/test_flux_tutorial.py tests/scenario/test_k8s_extension.py \
	tests/scenario/test_extension_types.py::test_by_cluster \
	tests/scenario/test_extension_types.py::test_a_version_the_cluster_cannot_install_is_refused_before_the_put \
	tests/scenario/test_options_as_typed.py

# axe-core, pinned, for the portal page's accessibility tests only (never served by the emulator): from the npm registry
AXE_VERSION := 4.14.1
AXE := .build/axe/installed-$(AXE_VERSION)

.PHONY: env demo portal test lint bytecode unit fuzz bench wheel clean oldest-az test-oldest-az system-tools goldens

env: system-tools $(STAMP) $(EXT_DIR)/k8s-configuration/.linked $(AXE)

$(AXE):
	npm install --prefix .build/axe --no-save --no-audit --no-fund --silent axe-core@$(AXE_VERSION)
	touch $@

# Debian tools that flux validate's tests need (git-http-backend, sshd, ssh-keyscan, kubectl): installed when missing
system-tools:
	@sh scripts/system_tools.sh

$(STAMP): requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Dev install: the extension as az sees it after `az extension add`, but with the package
# linked to the working tree so edits take effect at once (AZURE_EXTENSION_DIR=.build/extensions).
$(EXT_DIR)/k8s-configuration/.linked: $(STAMP) setup.py azext_k8s_configuration/azext_metadata.json
	$(PY) scripts/dev_extension.py
	touch $@

# Bytecode for the linked sources: with PYTHONDONTWRITEBYTECODE set (as on CI machines) every az run would compile
# the extension again; a stale .pyc is simply recompiled in memory, so this never hides an edit.
bytecode: $(EXT_DIR)/k8s-configuration/.linked
	@$(PY) -m compileall -q -j 0 azext_k8s_configuration k8s_configuration_emulator > /dev/null

wheel: $(STAMP)
	rm -rf dist && $(PY) -m pip wheel --quiet --no-deps --no-build-isolation -w dist .
	@ls dist/*.whl

demo: env bytecode
	$(PY) demo/run_demo.py

# The portal page (REFERENCE §14): an emulator in the background with the tutorial's state, and a login link
portal: env bytecode
	$(PY) scripts/portal.py

test: env lint bytecode
	$(PY) -m pytest -n $(PYTEST_WORKERS) tests
	$(MAKE) test-oldest-az

# ruff (ruff.toml): pyflakes, pycodestyle, import order, bugbear; zero findings, before the tests. ruff has none of
# pycodestyle's continuation-line rules (E12x) and `ruff format` would rewrite every file: scripts/
# check_continuation_lines.py checks that continuation lines stay aligned with their opening bracket.
lint: env
	$(VENV)/bin/ruff check .
	$(PY) scripts/check_continuation_lines.py

# The tutorial and k8s-extension scenarios, and the extension-types SDK (same goldens), on the oldest az the extension
# declares.
oldest-az: env
	$(PY) scripts/oldest_az.py --python $(PYTHON)

test-oldest-az: oldest-az
	AZ_UNDER_TEST=$(OLDEST_AZ)/venv/bin/az AZ_UNDER_TEST_EXTENSION_DIR=$(OLDEST_AZ)/extensions \
		$(PY) -m pytest -n $(PYTEST_WORKERS) $(OLDEST_AZ_TESTS)

# Rewrite the golden files (tests/scenario/golden/) from the current output; a test run never writes them (a missing
# one fails). Check the diff before committing it.
GOLDEN_TESTS := $(shell grep -l "assert_golden\|assert_json_golden" tests/scenario/test_*.py)
goldens: env bytecode
	UPDATE_GOLDENS=1 $(PY) -m pytest -n $(PYTEST_WORKERS) $(GOLDEN_TESTS)

unit: env
	$(PY) -m pytest -n $(PYTEST_WORKERS) tests/unit tests/fuzz

fuzz: env
	FUZZ_PROFILE=full $(PY) -m pytest tests/fuzz -q

bench: env bytecode
	$(PY) bench/run_all.py

clean:
	rm -rf .build dist build *.egg-info
