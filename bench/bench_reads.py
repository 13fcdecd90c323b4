"""2. Reads: `az k8s-configuration flux show` against `az rest --method get` of the same URL (the floor).

To tell az's own cost of running any extension command from ours, the same run times an empty extension
command (written to a temp dir next to this one; no sign-in, no request) and `az version`."""
import os

from common import interleaved_medians, ms
from seed import Seeder

from tests.harness.arm import API

RUNS = 11
RATIO_TARGET = 1.2


_EMPTY_EXTENSION = """
from azure.cli.core import AzCommandsLoader


class EmptyLoader(AzCommandsLoader):
    def __init__(self, cli_ctx=None):
        from azure.cli.core.commands import CliCommandType
        super().__init__(cli_ctx=cli_ctx, custom_command_type=CliCommandType(operations_tmpl="azext_benchempty#{}"))

    def load_command_table(self, args):
        with self.command_group("benchempty") as g:
            g.custom_command("show", "show")
        return self.command_table

    def load_arguments(self, command):
        with self.argument_context("benchempty show") as c:
            c.argument("name", options_list=["--name", "-n"])


def show(cmd, name=None):
    return {"name": name}


COMMAND_LOADER_CLS = EmptyLoader
"""


def _extensions_with_empty_one(bench):
    """An extension dir holding ours (linked) and an empty one; returns the env to run az with."""
    root = os.path.join(bench.tmp.name, "extensions")
    package = os.path.join(root, "benchempty", "azext_benchempty")
    os.makedirs(package, exist_ok=True)
    with open(os.path.join(package, "__init__.py"), "w", encoding="utf-8") as f:
        f.write(_EMPTY_EXTENSION)
    with open(os.path.join(package, "azext_metadata.json"), "w", encoding="utf-8") as f:
        f.write('{"azext.minCliCoreVersion": "2.50.0"}')
    info = os.path.join(root, "benchempty", "benchempty-0.1.0.dist-info")
    os.makedirs(info, exist_ok=True)
    with open(os.path.join(info, "METADATA"), "w", encoding="utf-8") as f:
        f.write("Metadata-Version: 2.1\nName: benchempty\nVersion: 0.1.0\n")
    ours = os.path.join(root, "k8s-configuration")
    if not os.path.exists(ours):
        os.symlink(os.path.join(bench.env["AZURE_EXTENSION_DIR"], "k8s-configuration"), ours)
    return dict(bench.env, AZURE_EXTENSION_DIR=root)


def run(bench):
    seeder = Seeder(bench.emulator)
    cluster = seeder.cluster()
    path = seeder.configuration(cluster, "bench-read")
    url = "{}{}?api-version={}".format(bench.emulator.url, path, API["fluxConfigurations"])
    show = "k8s-configuration flux show {} -n bench-read".format(cluster["args"])
    rest = ["rest", "--method", "get", "--url", url]
    # each command is one GET; check it before timing so the ratio compares like with like
    counts = {name: len([r for r in bench.az(args).requests if r["method"] == "GET"])
              for name, args in (("show", show), ("rest", rest))}
    env, bench.env = bench.env, _extensions_with_empty_one(bench)
    try:
        medians, _ = interleaved_medians(bench, {"show": show, "rest": rest, "empty": "benchempty show -n x",
                                                 "version": "version"}, RUNS)
    finally:
        bench.env = env
    ratio = medians["show"] / medians["rest"]
    rows = [
        ("2 reads", "`az rest --method get` of the resource URL ({} GET)".format(counts["rest"]),
         ms(medians["rest"]), "", ""),
        ("2 reads", "`az k8s-configuration flux show` ({} GET)".format(counts["show"]), ms(medians["show"]),
         "", ""),
        ("2 reads", "ratio flux show / az rest", "{:.2f}x".format(ratio), "<= {}x".format(RATIO_TARGET),
         "PASS" if ratio <= RATIO_TARGET else "MISS"),
        ("2 reads", "floor: `az version` / an empty extension command (no sign-in, no request)",
         "{} / {}".format(ms(medians["version"]), ms(medians["empty"])), "", ""),
        ("2 reads", "sign-in + GET + output: az rest - az version / flux show - empty extension command",
         "{} / {}".format(ms(medians["rest"] - medians["version"]), ms(medians["show"] - medians["empty"])), "", ""),
    ]
    failures = []
    if counts["show"] != 1:
        failures.append("flux show made {} GET requests, expected 1".format(counts["show"]))
    return rows, [], failures
