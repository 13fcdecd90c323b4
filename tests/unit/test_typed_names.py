"""typed_names: which name of an option the user typed, from az's record of the command line (safe_params)."""
import pytest

from azext_k8s_configuration import typed_names
from azext_k8s_configuration.hidden_aliases import options_list


class Argument:
    def __init__(self, *names):
        self.type = type("ArgumentType", (), {"settings": {"options_list": list(names)}})()


class Cmd:
    def __init__(self, typed, **arguments):
        self.cli_ctx = type("CliCtx", (), {"data": {"safe_params": typed}})()
        self.arguments = arguments


ARGUMENTS = {
    "sync_interval": Argument("--interval", "--sync-interval"),
    "kustomization": Argument("--kustomization", "-k"),
    "sp_client_id": Argument(*options_list(["--sp-client-id"], hidden=["--service-principal-client-id"])),
}


@pytest.fixture(autouse=True)
def forget():
    yield
    typed_names.remember(None)


@pytest.mark.parametrize("typed, name, shown", [
    (["-g", "--interval", "-k"], "--sync-interval", "--interval"),
    (["--sync-interval"], "--interval", "--sync-interval"),
    (["-k", "--kustomization"], "--kustomization", "--kustomization"),  # argparse keeps the last: so do messages
    (["--kustomization", "-k"], "--kustomization", "-k"),
    (["--service-principal-client-id"], "--sp-client-id", "--service-principal-client-id"),  # a hidden alias
    (["--sync-int"], "--sync-interval", "--sync-interval"),  # an abbreviation argparse took: the option's own name
    ([], "--sync-interval", "--sync-interval"),
    (["--interval"], "--timeout", "--timeout"),  # another option
])
def test_the_name_typed(typed, name, shown):
    typed_names.remember(Cmd(typed, **ARGUMENTS))
    assert typed_names.as_typed(name) == shown


def test_the_next_command_starts_afresh():
    typed_names.remember(Cmd(["--interval"], **ARGUMENTS))
    typed_names.remember(Cmd(["-g"], **ARGUMENTS))
    assert typed_names.as_typed("--sync-interval") == "--sync-interval"


@pytest.mark.parametrize("cmd", [None, object(), Cmd(None, **ARGUMENTS)])
def test_without_what_az_records_every_name_stays(cmd):
    typed_names.remember(cmd)
    assert typed_names.as_typed("--sync-interval") == "--sync-interval"
