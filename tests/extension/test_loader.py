"""The command loader must keep `az` start-up fast: loading the command table imports nothing heavy."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PROBE = r"""
import json, sys
from azure.cli.core.mock import DummyCli
from azext_k8s_configuration import K8sConfigurationCommandsLoader
loader = K8sConfigurationCommandsLoader(cli_ctx=DummyCli())
table = loader.load_command_table(None)
print(json.dumps({"commands": sorted(table), "modules": sorted(sys.modules)}))
"""

EXPECTED_COMMANDS = {
    "k8s-configuration flux " + c for c in ("create", "update", "show", "list", "delete", "wait")
} | {
    "k8s-configuration flux kustomization " + c for c in ("create", "update", "show", "list", "delete")
} | {
    "k8s-configuration flux deployed-object list", "k8s-configuration flux deployed-object show",
    "k8s-configuration list", "k8s-configuration show", "k8s-configuration delete",
} | {"k8s-extension " + c for c in ("create", "update", "show", "list", "delete", "wait")} | {
    "k8s-extension extension-types {}-by-{}".format(c, scope)
    for c in ("list", "show", "list-versions", "show-version") for scope in ("cluster", "location")
}

HEAVY_PREFIXES = (
    "azure.mgmt", "cryptography", "yaml", "azext_k8s_configuration.flux.handlers",
    "azext_k8s_configuration.flux.model", "azext_k8s_configuration.extensions.handlers",
    "azext_k8s_configuration.validation.ssh_keys", "azext_k8s_configuration.arm.clients",
)


def load_table():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": ROOT})
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_command_table_has_every_command_and_imports_nothing_heavy():
    loaded = load_table()
    assert EXPECTED_COMMANDS <= set(loaded["commands"])
    heavy = [m for m in loaded["modules"] if m.startswith(HEAVY_PREFIXES)]
    assert heavy == [], f"imported at load time: {heavy}"


ARGUMENTS_PROBE = r"""
import json, sys
from azure.cli.core.mock import DummyCli
from azext_k8s_configuration import K8sConfigurationCommandsLoader
cli = DummyCli()
cli.invocation = cli.invocation_cls(cli_ctx=cli, parser_cls=cli.parser_cls,
                                    commands_loader_cls=cli.commands_loader_cls, help_cls=cli.help_cls)
loader = K8sConfigurationCommandsLoader(cli_ctx=cli)
cli.invocation.commands_loader = loader
table = loader.load_command_table(None)
for name in sorted(table):
    cli.invocation.data["command_string"] = name
    loader.command_name = name
    table[name].load_arguments()
    loader.load_arguments(name)
    loader._update_command_definitions()
print(json.dumps(sorted(sys.modules)))
"""


def test_the_arguments_of_every_command_import_no_sdk():
    """Loading the options of every command (what `az ... -h` does: it imports the command's handler module to read
    its signature) imports no SDK, the extension-types one included: an SDK is imported only when a command runs."""
    out = subprocess.run([sys.executable, "-c", ARGUMENTS_PROBE], cwd=ROOT, check=True, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": ROOT})
    modules = json.loads(out.stdout.strip().splitlines()[-1])
    assert [m for m in modules if m.startswith("azure.mgmt")] == []
