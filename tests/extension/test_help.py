"""Every group, command and option has help; every command has at least two examples that parse; every help page
is readable as az renders it."""
import json
import os
import re
import subprocess
import sys

import pytest
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
    from azext_k8s_configuration._help import TEXTS as texts
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


# Every -h page as the real az renders it (in one process: az's own CLI object, the dev extension loaded from
# .build/extensions as `az` loads it), with a terminal of 80 columns.
RENDER = r"""
import contextlib, io, json, os, sys
from azure.cli.core import get_default_cli
if "--whole" in sys.argv:  # every help text whole, whatever the command line (the extension shortens those off it)
    sys.path.append(os.path.join(os.environ["AZURE_EXTENSION_DIR"], "k8s-configuration"))
    from azext_k8s_configuration import _help
    register = _help.register
    _help.register = lambda args=None: register(None)
pages = {}
for name in json.loads(sys.stdin.read()):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            get_default_cli().invoke(name.split() + ["-h"])
        except SystemExit:
            pass
    pages[name] = out.getvalue()
print(json.dumps(pages))
"""
# knack wraps help at 100 characters whatever the terminal's width (CLIHelp's textwrap_width, in the az of 2.70
# and of 2.91); an option's description starts after the longest option-names line of the page.
WRAP_WIDTH = 100
MIN_DESCRIPTION_WIDTH = 40
# The longest page, flux create (some 70 options over the four source kinds, a long summary and six examples),
# renders in about 230 lines; 300 leaves room for a few more options yet fails on a squeezed description column
# (flux create took 388 lines at 23 characters, k8s-extension create 2,079 at one character per line).
MAX_PAGE_LINES = 300


def render(tmp_path, *flags):
    """{name: page} of every group and command."""
    names = sorted(set(commands()) | {" ".join(n.split()[:i]) for n in commands() for i in range(1, len(n.split()))})
    env = {k: v for k, v in os.environ.items() if not k.startswith("AZURE_")}
    env.update(AZURE_CONFIG_DIR=str(tmp_path), AZURE_EXTENSION_DIR=os.path.join(ROOT, ".build", "extensions"),
               AZURE_CORE_COLLECT_TELEMETRY="false", AZURE_CORE_NO_COLOR="true", COLUMNS="80", LINES="24")
    out = subprocess.run([sys.executable, "-c", RENDER, *flags], input=json.dumps(names), cwd=str(tmp_path),
                         check=True, capture_output=True, text=True, env=env, timeout=300)
    pages = json.loads(out.stdout.strip().splitlines()[-1])
    assert all("Arguments" in pages[n] or n not in commands() for n in names), "a page did not render"
    return pages


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return render(tmp_path_factory.mktemp("azure-config"))


def test_every_page_is_the_one_the_whole_help_texts_give(pages, tmp_path):
    """A group's help gets its children's texts as type and short-summary only (_help.register: az parses every
    child's whole YAML to print one line of it); the pages are byte for byte those every text whole gives."""
    whole = render(tmp_path, "--whole")
    assert sorted(whole) == sorted(pages)
    for name in pages:
        assert pages[name] == whole[name], name
    group = pages["k8s-configuration flux"]
    assert "create" in group and "Create a flux configuration" in group  # a child's summary is printed


def description_column(page):
    """The column where option descriptions start: after ' : ' on an option's line, or where its wrapped lines go
    (when the names line left no room, knack wraps the ' : ' itself onto the next lines)."""
    column, in_arguments = 0, False
    for line in page.splitlines():
        if line and not line.startswith(" "):
            in_arguments = line.endswith("Arguments")
            continue
        if not in_arguments or not line.strip():
            continue
        if re.match(r"    -", line):
            separator = line.find(" : ")
            column = max(column, separator + 3 if separator >= 0 else len(line))
        else:
            column = max(column, len(line) - len(line.lstrip()))
    return column


def test_every_help_page_leaves_the_descriptions_room_and_stays_short(pages):
    for name, page in pages.items():
        lines = page.splitlines()
        assert len(lines) <= MAX_PAGE_LINES, f"az {name} -h is {len(lines)} lines long"
        width = WRAP_WIDTH - description_column(page)
        assert width >= MIN_DESCRIPTION_WIDTH, f"az {name} -h: the option descriptions are {width} characters wide"


HIDDEN = {  # Microsoft's long synonyms: accepted (tests/scenario/test_microsoft_option_names.py), named in the help
    "k8s-configuration flux create": ["--service-principal-client-certificate-send-chain",
                                      "--managed-identity-client-id"],
    "k8s-extension create": ["--config-settings", "--config-protected-settings-file"],
    "k8s-extension update": ["--config-protected-settings", "--config-settings-file"],
}


def test_long_synonyms_are_named_in_the_description_not_the_option_column(pages):
    for name, hidden in HIDDEN.items():
        option_lines = [line for line in pages[name].splitlines() if re.match(r"    -", line)]
        text = re.sub(r"-\s+", "-", " ".join(pages[name].split()))  # textwrap breaks long names after a '-'
        for option in hidden:
            assert not any(option in line.split(" : ")[0].split() for line in option_lines), (name, option)
            assert option in text, (name, option)
    # the documented names stay in the option column
    for name, shown in {"k8s-extension create": ["--config", "--configuration-protected-settings-file"],
                        "k8s-configuration flux create": ["--sp-cert-send-chain", "--mi-client-id"]}.items():
        columns = {o for line in pages[name].splitlines() if re.match(r"    -", line)
                   for o in line.split(" : ")[0].split()}
        assert set(shown) <= columns, (name, set(shown) - columns)


def test_allowed_values_are_listed_once(pages):
    page = pages["k8s-extension create"]
    text = " ".join(page.split())
    assert text.count("connectedClusters") == 1 + text.count("-t connectedClusters"), \
        "the -t help lists the cluster types besides az's 'Allowed values'"


def test_the_kustomization_option_lists_the_keys_its_errors_list():
    from azext_k8s_configuration.flux.kustomization_settings import keys_text
    help_text = " ".join(commands()["k8s-configuration flux create"]["kustomization"]["help"].split())
    assert keys_text() in help_text
    assert keys_text() in " ".join(helps()["k8s-configuration flux create"]["long-summary"].split())
