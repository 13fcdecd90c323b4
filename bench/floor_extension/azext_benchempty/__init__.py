"""The benchmarks' floor: an extension with one group and one command that does nothing, its help in YAML as
extensions write theirs. What `az benchempty show` costs over `az version` is what az charges any extension command
(bench_reads.py); what `az benchempty -h` costs over `az -h` is what any extension's group help costs
(bench_startup.py). common.add_floor_extension installs it as `az extension add` lays out a wheel."""
from azure.cli.core import AzCommandsLoader
from knack.help_files import helps

helps["benchempty"] = """
type: group
short-summary: An extension that does nothing (the benchmarks' floor).
"""

helps["benchempty show"] = """
type: command
short-summary: Return the name given.
"""


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
