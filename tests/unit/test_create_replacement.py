"""`flux create` on an existing name (REFERENCE §11): what the replacement says, and when it asks."""
import pytest
from azure.cli.core.azclierror import ArgumentUsageError, ManualInterrupt, ValidationError
from fakes import FakeCmd
from knack import prompting

from azext_k8s_configuration import confirm
from azext_k8s_configuration.arm.coordinates import resolve_cluster
from azext_k8s_configuration.flux import model
from azext_k8s_configuration.flux.replacement import replacement

CLUSTER = resolve_cluster("00000000-0000-0000-0000-000000000001", "rg", "arc1", "connectedClusters",
                          allowed=("connectedClusters",))
COORDINATES = "-g rg -c arc1 -t connectedClusters -n cfg"
URL = "https://github.com/org/repo"


def stored(kustomizations, source_kind="GitRepository", url=URL):
    block = {"GitRepository": "gitRepository", "Bucket": "bucket"}[source_kind]
    return {"name": "cfg", "properties": {"sourceKind": source_kind, block: {"url": url},
                                          "kustomizations": {name: {"path": "./" + name, "prune": prune}
                                                             for name, prune in kustomizations.items()}}}


def spec(*kustomizations, url=URL, **options):
    return model.build_create_spec(name="cfg", url=url, branch="main",
                                   kustomization=[[f"name={k}", f"path=./{k}"] for k in kustomizations], **options)


def test_the_same_configuration_again_says_only_that_it_is_replaced():
    said = replacement(stored({"infra": True}), spec("infra"), CLUSTER)
    assert said.warnings == [
        "Flux configuration 'cfg' already exists: this create replaces it with what this command gives; settings it "
        "leaves out go back to their defaults or are removed. To change only some settings, use "
        f"`az k8s-configuration flux update {COORDINATES} ...` instead."]
    assert said.question is None


def test_each_removed_kustomization_is_named_with_what_prune_does():
    said = replacement(stored({"infra": True, "apps": True, "extra": False, "kept": True}), spec("kept"), CLUSTER)
    assert said.warnings[1:] == [
        "The kustomization 'infra' is not in this command: it will be removed, and as prune is on, the objects it "
        "applied will be deleted from the cluster.",
        "The kustomization 'apps' is not in this command: it will be removed, and as prune is on, the objects it "
        "applied will be deleted from the cluster.",
        "The kustomization 'extra' is not in this command: it will be removed (prune is off: the objects it applied "
        "stay in the cluster, no longer managed by Flux).",
        "To keep the kustomizations 'infra', 'apps', 'extra', give them with -k too; to remove a kustomization on its "
        f"own, use `az k8s-configuration flux kustomization delete {COORDINATES} -k NAME`."]
    assert said.question == ("Replace flux configuration 'cfg', removing the kustomizations 'infra', 'apps' and "
                             "deleting the objects they applied from the cluster?")


def test_removing_only_unpruned_kustomizations_asks_nothing():
    said = replacement(stored({"extra": False, "kept": True}), spec("kept"), CLUSTER)
    assert "To keep the kustomization 'extra', give it with -k too" in said.warnings[-1]
    assert said.question is None


def test_a_changed_url_or_kind_is_named_and_credentials_in_a_stored_url_are_not_shown():
    said = replacement(stored({"a": False}), spec("a", url="https://github.com/org/other"), CLUSTER)
    assert said.warnings[1] == f"The source URL changes from '{URL}' to 'https://github.com/org/other'."
    said = replacement(stored({"a": False}, url="https://me:s3cret@example.com/repo"), spec("a"), CLUSTER)
    assert said.warnings[1] == f"The source URL changes from 'https://***@example.com/repo' to '{URL}'."
    assert "s3cret" not in " ".join(said.warnings)
    said = replacement(stored({"a": False}, source_kind="Bucket", url="https://s3.example.com"), spec("a"), CLUSTER)
    assert said.warnings[1] == (f"The source changes from Bucket 'https://s3.example.com' to GitRepository '{URL}': "
                                "the Bucket settings are removed.")


class Config:
    def __init__(self, prompts_off):
        self.prompts_off = prompts_off

    def getboolean(self, section, option, fallback=None):
        assert (section, option) == confirm.PROMPTS_OFF
        return self.prompts_off


def cmd(prompts_off=False):
    fake = FakeCmd()
    fake.cli_ctx = type("Ctx", (), {"config": Config(prompts_off)})()
    return fake


def answering(monkeypatch, answer):
    asked = []

    def prompt_y_n(question, **_):
        asked.append(question)
        if answer is None:
            raise prompting.NoTTYException()
        return answer
    monkeypatch.setattr(prompting, "prompt_y_n", prompt_y_n)
    return asked


@pytest.mark.parametrize("ask", [confirm.confirm, confirm.confirm_if_attended])
def test_on_a_terminal_both_ask_and_no_cancels(monkeypatch, ask):
    asked = answering(monkeypatch, True)
    ask(cmd(), "Go?")
    assert asked == ["Go?"]
    answering(monkeypatch, False)
    with pytest.raises(ManualInterrupt, match="nothing was changed"):
        ask(cmd(), "Go?")


@pytest.mark.parametrize("ask", [confirm.confirm, confirm.confirm_if_attended])
def test_yes_and_disable_confirm_prompt_skip_the_question(monkeypatch, ask):
    asked = answering(monkeypatch, False)
    ask(cmd(), "Go?", yes=True)
    ask(cmd(prompts_off=True), "Go?")
    assert asked == []


def test_without_a_terminal_confirm_refuses_and_confirm_if_attended_goes_on(monkeypatch):
    answering(monkeypatch, None)
    with pytest.raises(ArgumentUsageError, match="Go\\? Cannot ask for confirmation: no terminal is attached."):
        confirm.confirm(cmd(), "Go?")
    confirm.confirm_if_attended(cmd(), "Go?")  # goes on


@pytest.mark.parametrize("options, option, stored", [
    ({"namespace": "other"}, "--namespace", "default"), ({"scope": "namespace"}, "--scope", "cluster")])
def test_a_scope_or_namespace_change_is_refused_before_anything_is_sent(options, option, stored):
    existing = {"name": "cfg", "properties": {"scope": "cluster", "namespace": "default",
                                              "sourceKind": "GitRepository", "gitRepository": {"url": URL}}}
    with pytest.raises(ValidationError) as refused:
        replacement(existing, spec("a", **options), CLUSTER)
    message, advice = refused.value.error_msg, refused.value.recommendations[0]
    assert f"already exists with {option} '{stored}'" in message and "Nothing was changed." in message
    assert f"Give {option} {stored} to replace it" in advice and "flux delete" in advice
    replacement(existing, spec("a", scope="cluster", namespace="default"), CLUSTER)  # the same values: no refusal
