"""Loading the rules must not load heavy modules: cryptography is imported only when a value is checked; a group's
help loads its handler modules, not what they run."""
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def fresh_python(code):
    """What ``code`` prints, run in a new interpreter at the repository's root (nothing imported before it)."""
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          check=True).stdout.strip()

MODULES = [
    "azext_k8s_configuration.validation.durations", "azext_k8s_configuration.validation.names",
    "azext_k8s_configuration.validation.urls", "azext_k8s_configuration.validation.ssh_keys",
    "azext_k8s_configuration.validation.known_hosts", "azext_k8s_configuration.validation.certificates",
    "azext_k8s_configuration.validation.files", "azext_k8s_configuration.flux.kustomization_args",
    "azext_k8s_configuration.flux.model", "azext_k8s_configuration.flux.payload",
    "azext_k8s_configuration.flux.sources.kinds", "azext_k8s_configuration.flux.sources.git",
    "azext_k8s_configuration.flux.sources.bucket", "azext_k8s_configuration.flux.sources.azblob",
    "azext_k8s_configuration.flux.sources.oci", "azext_k8s_configuration.flux.update",
    "azext_k8s_configuration.flux.kustomization_patches", "azext_k8s_configuration.validation.dependencies",
    "azext_k8s_configuration.validation.encoding", "azext_k8s_configuration.validation.post_build",
]


def test_no_cryptography_at_import():
    code = ("import importlib, sys, types\n"
            # the package __init__ (command loader) is not under test here
            "pkg = types.ModuleType('azext_k8s_configuration'); pkg.__path__ = ['azext_k8s_configuration']\n"
            "sys.modules['azext_k8s_configuration'] = pkg\n"
            f"for name in {MODULES!r}: importlib.import_module(name)\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('cryptography', 'jsonschema', 'yaml'))\n"
            "print(','.join(heavy))\n")
    assert fresh_python(code) == ""


EXTENSION_TYPES_SDK = "azure.mgmt.kubernetesconfiguration.extensiontypes"
HANDLER_MODULES = ["azext_k8s_configuration.flux.handlers", "azext_k8s_configuration.flux.kustomization_handlers",
                   "azext_k8s_configuration.flux.read_handlers", "azext_k8s_configuration.extensions.read_handlers",
                   "azext_k8s_configuration.extensions.handlers", "azext_k8s_configuration.legacy.handlers",
                   "azext_k8s_configuration.extension_types.handlers"]


def test_the_extension_types_sdk_is_imported_only_by_its_client():
    """Every handler module loads without it; only arm/clients.py names it, inside the function that builds its
    client; that function is called by the extension-types commands and the --version check only."""
    code = ("import importlib, sys\n"
            f"for name in {HANDLER_MODULES!r}: importlib.import_module(name)\n"
            f"print(any(m.startswith({EXTENSION_TYPES_SDK!r}) for m in sys.modules))\n")
    assert fresh_python(code) == "False"
    package = REPO / "azext_k8s_configuration"
    naming = sorted(str(p.relative_to(package)) for p in package.rglob("*.py") if EXTENSION_TYPES_SDK in p.read_text())
    assert naming == ["arm/clients.py"]
    callers = sorted(str(p.relative_to(package)) for p in package.rglob("*.py")
                     if "extension_types_client(" in p.read_text() and p.name != "clients.py")
    assert callers == ["extension_types/handlers.py", "extensions/offered_versions.py"]


# What a command needs only when it runs: the rules, the clients, the waits.
RUN_ONLY = ["azext_k8s_configuration.flux.model", "azext_k8s_configuration.extensions.model",
            "azext_k8s_configuration.extensions.offered_versions", "azext_k8s_configuration.arm.clients",
            "azext_k8s_configuration.arm.lookup", "azext_k8s_configuration.arm.lro",
            "azext_k8s_configuration.arm.waiting"]
WRITE_HANDLER_MODULES = ["azext_k8s_configuration.flux.handlers", "azext_k8s_configuration.flux.kustomization_handlers",
                         "azext_k8s_configuration.extensions.handlers"]


@pytest.mark.parametrize("module", WRITE_HANDLER_MODULES)
def test_a_group_help_imports_the_handlers_not_what_they_run(module):
    """az imports a group's handler modules to print its help (it reads each command's docstring): `az
    k8s-configuration flux -h` and `az k8s-extension -h` must not pay for the rules and clients the commands load
    when they run (bench/, start-up)."""
    code = ("import importlib, sys\n"
            f"importlib.import_module({module!r})\n"
            f"print(','.join(m for m in {RUN_ONLY!r} if m in sys.modules))\n")
    assert fresh_python(code) == ""
