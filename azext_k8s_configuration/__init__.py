"""Command loader for the k8s-configuration extension.

Imports nothing heavy: SDKs, cryptography and the handlers load only when a command runs.
"""
from azure.cli.core import AzCommandsLoader

from azext_k8s_configuration import _help


class K8sConfigurationCommandsLoader(AzCommandsLoader):

    def __init__(self, cli_ctx=None):
        # Every command group names its own handler module (commands.py).
        super().__init__(cli_ctx=cli_ctx)

    def load_command_table(self, args):
        from azext_k8s_configuration.commands import load_command_table
        _help.register(args)  # a group's help reads only its children's summaries: az gets no more of them
        load_command_table(self, args)
        return self.command_table

    def load_arguments(self, command):
        from azext_k8s_configuration._params import load_arguments
        load_arguments(self, command)


COMMAND_LOADER_CLS = K8sConfigurationCommandsLoader
