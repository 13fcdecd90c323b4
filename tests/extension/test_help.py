"""Every group, command and option has help; every command has at least two examples that parse."""
import json
import os
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PROBE = r"""
import json
from azure.cli.core.mock import DummyCli
from azext_k8s_configuration import K8sConfigurationCommandsLoader
cli = DummyCli()
cli.invocation = cli.invocation_cls(cli_ctx=cli, parser_cls=cli.parser_cls,
                                    commands_loader_cls=cli.commands_loader_cls, help_cls=cli.help_cls)
loader = K8sConfigurationCommandsLoader(cli_ctx=cli)
cli.invocation.commands_loader = loader  # its registry is the one applied to the command definitions
table = loader.load_command_table(None)
result = {}
for name, command in table.items():
    cli.invocation.data["command_string"] = name
    loader.command_name = name
    command.load_arguments()
    loader.load_arguments(name)
    loader._update_command_definitions()  # apply the argument registry, as az's main loader does
    args = {}
    for dest, arg in command.arguments.items():
        settings = arg.type.settings
        if settings.get("help") == "==SUPPRESS==":
            continue
        args[dest] = {"options": list(settings.get("options_list") or []), "help": settings.get("help") or ""}
    result[name] = args
print(json.dumps(result))
"""

# Options azure-cli adds itself, with its own help.
AZ_OWN = {"no_wait", "cmd", "properties_to_set", "properties_to_add", "properties_to_remove", "force_string",
          "created", "updated", "deleted", "exists", "custom", "interval", "timeout"}


def commands():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": ROOT})
    return json.loads(out.stdout.strip().splitlines()[-1])


def helps():
    sys.path.insert(0, ROOT)
    from azext_k8s_configuration._help import helps as texts
    return {k: yaml.safe_load(v) for k, v in texts.items()}


def test_every_command_has_help_and_two_examples_using_its_own_options():
    table, texts = commands(), helps()
    for name, args in table.items():
        assert name in texts, f"no help for {name}"
        entry = texts[name]
        assert entry.get("short-summary"), name
        examples = entry.get("examples") or []
        assert len(examples) >= 2, f"{name} has {len(examples)} example(s)"
        known = {o for a in args.values() for o in a["options"]} | {"--query", "-o", "--output", "--debug",
                                                                     "--no-wait", "--yes", "-y"}
        for example in examples:
            text = example["text"]
            assert f"az {name} " in text, f"{name}: example does not run the command: {text}"
            for token in text.replace("\n", " ").split():
                if token.startswith("-") and not token.startswith("---") and "=" not in token:
                    option = token.rstrip(";")
                    if option in ("-", "--"):
                        continue
                    assert option in known, f"{name}: example uses unknown option {option}"


def test_every_option_has_help():
    for name, args in commands().items():
        for dest, arg in args.items():
            if dest in AZ_OWN:
                continue
            assert arg["help"], f"{name}: option {arg['options'] or dest} has no help"


def test_every_group_has_help():
    texts = helps()
    groups = {" ".join(n.split()[:i]) for n in commands() for i in range(1, len(n.split()))}
    for group in groups:
        assert group in texts and texts[group].get("short-summary"), f"no help for group {group}"
