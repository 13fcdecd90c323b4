"""What of the help texts az is given for a command line (_help.register): the texts on the path the command line
names whole, the others as their type and short-summary (all a group's help reads of a child), every text whole
when the command line names nothing of ours. That the pages az prints are the same either way is tested with the
real az in tests/extension/test_help.py."""
import pytest
import yaml
from knack.help_files import helps

from azext_k8s_configuration import _help

FLUX = "k8s-configuration flux"
CHILDREN_OF_FLUX = [name for name in _help.TEXTS if name.startswith(FLUX + " ") and len(name.split()) == 3]


@pytest.fixture(autouse=True)
def whole_texts_after():
    yield
    _help.register()  # knack's helps is one dict for the process: leave every text whole, as importing left it


def whole(name):
    return helps[name] == _help.TEXTS[name]


def summary_only(name):
    return set(yaml.safe_load(helps[name])) == {"type", "short-summary"}


@pytest.mark.parametrize("name", sorted(_help.TEXTS))
def test_a_texts_summary_is_its_type_and_short_summary(name):
    text = yaml.safe_load(_help.TEXTS[name])
    assert yaml.safe_load(_help._summary(_help.TEXTS[name])) == {
        "type": text["type"], "short-summary": text["short-summary"]}


def test_importing_the_loader_gives_every_text_whole():
    assert all(whole(name) for name in _help.TEXTS)


def test_a_group_help_gets_its_path_whole_and_its_children_summaries():
    _help.register(["k8s-configuration", "flux", "-h"])
    assert whole("k8s-configuration") and whole(FLUX)
    assert len(CHILDREN_OF_FLUX) >= 10
    assert all(summary_only(name) for name in CHILDREN_OF_FLUX)
    assert summary_only("k8s-configuration flux kustomization create")  # not on the path: never read
    assert summary_only("k8s-extension create")


def test_a_command_line_that_names_a_command_gets_every_text_whole():
    """A command's own help reads its own text only, and a command that runs reads none: nothing to shorten."""
    _help.register(["k8s-configuration", "flux", "create", "-g", "rg", "-n", "x", "-h"])
    assert all(whole(name) for name in _help.TEXTS)
    _help.register(["k8s-extension", "create", "--help"])
    assert all(whole(name) for name in _help.TEXTS)


def test_a_subgroup_help_gets_its_children_summaries():
    _help.register(["k8s-configuration", "flux", "kustomization", "-h"])
    assert whole("k8s-configuration flux kustomization") and whole(FLUX)
    assert summary_only("k8s-configuration flux kustomization create")
    _help.register(["k8s-extension"])  # az prints a group's help when no command follows it
    assert whole("k8s-extension") and summary_only("k8s-extension create")


def test_words_after_the_command_keep_the_command_whole():
    """`az k8s-configuration flux create extra -h` prints create's help: the command line names create."""
    _help.register(["k8s-configuration", "flux", "create", "extra", "-h"])
    assert whole("k8s-configuration flux create")


def test_a_misspelled_command_after_a_group_names_the_group():
    """az prints an error, not a help page, for `az k8s-configuration flux creat`: the group's rule is harmless."""
    _help.register(["k8s-configuration", "flux", "creat"])
    assert whole(FLUX) and summary_only("k8s-configuration flux create")


@pytest.mark.parametrize("args", [None, [], ["-h"], ["--debug", "k8s-configuration", "flux", "-h"],
                                  ["help", "k8s-configuration"], ["aks", "-h"], ["__refresh_help_overlay__"]])
def test_a_command_line_that_names_nothing_of_ours_gets_every_text_whole(args):
    _help.register(["k8s-configuration", "flux", "-h"])  # the children were summaries...
    _help.register(args)
    assert all(whole(name) for name in _help.TEXTS)  # ...and are whole again


def test_a_later_command_line_restores_what_an_earlier_one_shortened():
    _help.register(["k8s-extension", "-h"])
    assert summary_only("k8s-extension create")
    _help.register(["k8s-extension", "create", "-h"])
    assert whole("k8s-extension create")
