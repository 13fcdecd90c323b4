"""The bench's floor (bench_startup.py): a one-command extension, its help in YAML as extensions write it. What
`az helpfloor -h` costs over `az -h` is what any extension's group help costs on that az."""
from azure.cli.core import AzCommandsLoader
from knack.help_files import helps

helps["helpfloor"] = """
type: group
short-summary: A one-command extension (the bench's floor).
"""

helps["helpfloor hello"] = """
type: command
short-summary: Print hello.
"""


def hello():
    return "hello"


class HelpFloorLoader(AzCommandsLoader):

    def load_command_table(self, args):
        from azure.cli.core.commands import CliCommandType
        with self.command_group("helpfloor", CliCommandType(operations_tmpl="azext_helpfloor#{}")) as g:
            g.command("hello", "hello")
        return self.command_table


COMMAND_LOADER_CLS = HelpFloorLoader
