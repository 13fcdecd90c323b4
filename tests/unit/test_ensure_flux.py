"""ensure_flux_installed: REFERENCE.md §6 steps 1-4, each branch, with a fake ARM behind it."""
import logging

import pytest
from azure.cli.core.azclierror import AzureResponseError, ResourceNotFoundError, ValidationError
from azure.core.exceptions import HttpResponseError, ServiceRequestError
from azure.mgmt.kubernetesconfiguration.extensions.models import Extension
from fakes import FakeClient, FakeCmd, FakePoller

from azext_k8s_configuration.arm import lookup
from azext_k8s_configuration.arm.coordinates import resolve_cluster
from azext_k8s_configuration.extensions import ensure_flux
from azext_k8s_configuration.legacy import source_control

SUB = "00000000-0000-0000-0000-000000000001"
ARC = resolve_cluster(SUB, "rg", "arc1", "connectedClusters", allowed=("connectedClusters", "managedClusters"))
AKS = resolve_cluster(SUB, "rg", "aks1", "managedClusters", allowed=("connectedClusters", "managedClusters"))
PROVIDER_PATH = f"/subscriptions/{SUB}/providers/Microsoft.KubernetesConfiguration"


def extension(name, state, extension_type="microsoft.flux", **properties):
    return Extension({"name": name, "properties": dict(
        {"extensionType": extension_type, "provisioningState": state}, **properties)})




class FakeExtensions:
    def __init__(self, listed=(), reads=(), install_result=None, install_error=None):
        self.listed = list(listed)
        self.reads = list(reads)
        self.install_result = install_result
        self.install_error = install_error
        self.calls = []

    def list(self, *cluster_args):
        self.calls.append(("list", cluster_args))
        return iter(self.listed)

    def get(self, *args):
        self.calls.append(("get", args))
        return self.reads.pop(0)

    def begin_create(self, *args):
        self.calls.append(("create", args))
        return FakePoller(self.install_result, self.install_error)




class FakeArm:
    """Answers raw_request by path; records every request."""

    def __init__(self, provider=(200, {"registrationState": "Registered"}), cluster=(200, {"properties": {}}),
                 flux_v1=(200, {"value": []}), group=(200, {"name": "rg"})):
        self.answers = {"provider": provider, "cluster": cluster, "flux_v1": flux_v1, "group": group}
        self.requests = []

    def __call__(self, _client, method, path, api_version, body=None, params=None):
        self.requests.append((method, path, api_version))
        if path == PROVIDER_PATH:
            answer = self.answers["provider"]
        elif path.endswith("/sourceControlConfigurations"):
            answer = self.answers["flux_v1"]
        elif path.endswith("/resourceGroups/rg"):
            answer = self.answers["group"]
        else:
            answer = self.answers["cluster"]
        if isinstance(answer, Exception):
            raise answer
        return answer




@pytest.fixture
def arm(monkeypatch):
    fake = FakeArm()
    monkeypatch.setattr(ensure_flux, "raw_request", fake)
    monkeypatch.setattr(lookup, "raw_request", fake)
    monkeypatch.setattr(source_control, "raw_request", fake)
    monkeypatch.setattr(ensure_flux, "SETTLE_POLL_SECONDS", 0)
    return fake


def run(extensions, cluster=ARC):
    ensure_flux.ensure_flux_installed(FakeCmd(), cluster, client=FakeClient(extensions))


def warnings_of(caplog):
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_healthy_flux_under_any_name_is_left_alone(arm, caplog):
    extensions = FakeExtensions(listed=[extension("other", "Succeeded", "microsoft.dapr"),
                                        extension("my-flux", "Succeeded", "Microsoft.Flux")])
    run(extensions)
    assert [c[0] for c in extensions.calls] == ["list"]
    assert warnings_of(caplog) == []


def test_each_request_is_made_once_in_order(arm):
    run(FakeExtensions(listed=[extension("flux", "Succeeded")]))
    assert [(m, p) for m, p, _ in arm.requests] == [
        ("GET", PROVIDER_PATH),
        ("GET", ARC.id),
        ("GET", ARC.child_path("sourceControlConfigurations")),
    ]
    assert arm.requests[0][2] == "2021-04-01"
    assert arm.requests[1][2] == "2024-01-01"


def test_missing_flux_is_installed_with_the_tutorial_messages(arm, caplog):
    extensions = FakeExtensions(listed=[], install_result=extension("flux", "Succeeded"))
    run(extensions)
    kind, args = extensions.calls[1]
    assert kind == "create"
    assert args[:5] == ARC.sdk_args() + ("flux",)
    assert args[5] == {"properties": {"extensionType": "microsoft.flux", "autoUpgradeMinorVersion": True},
                       "identity": {"type": "SystemAssigned"}}
    assert warnings_of(caplog) == [
        "'Microsoft.Flux' extension not found on the cluster, installing it now. This may take a few minutes...",
        "'Microsoft.Flux' extension was successfully installed on the cluster",
    ]


def test_aks_install_has_no_identity(arm):
    extensions = FakeExtensions(listed=[], install_result=extension("flux", "Succeeded"))
    run(extensions, cluster=AKS)
    assert extensions.calls[1][1][5] == {
        "properties": {"extensionType": "microsoft.flux", "autoUpgradeMinorVersion": True}}


def test_failed_install_says_nothing_was_created(arm, caplog):
    error = HttpResponseError(message="(HelmInstallFailed) chart flux failed: image pull backoff")
    extensions = FakeExtensions(listed=[], install_error=error)
    with pytest.raises(AzureResponseError) as raised:
        run(extensions)
    text = str(raised.value)
    assert "Installing the microsoft.flux extension failed" in text
    assert "image pull backoff" in text
    assert "No flux configuration was created" in text
    assert "az k8s-extension delete -g rg -c arc1 -t connectedClusters -n flux --yes" in \
        " ".join(raised.value.recommendations)
    assert not any("successfully installed" in w for w in warnings_of(caplog))


def test_install_finishing_in_failed_state_is_an_error(arm):
    failed = extension("flux", "Failed", errorInfo={"code": "ExtensionOperationFailed", "message": "timed out"})
    with pytest.raises(AzureResponseError, match="ExtensionOperationFailed.*timed out"):
        run(FakeExtensions(listed=[], install_result=failed))


@pytest.mark.parametrize("state", ["Creating", "Updating"])
def test_in_progress_flux_is_waited_for(arm, caplog, state):
    extensions = FakeExtensions(listed=[extension("flux", state)],
                                reads=[extension("flux", state), extension("flux", "Succeeded")])
    run(extensions)
    assert [c[0] for c in extensions.calls] == ["list", "get", "get"]
    assert extensions.calls[1][1] == ARC.sdk_args() + ("flux",)
    assert any(f"is {state} on the cluster; waiting" in w for w in warnings_of(caplog))


def test_in_progress_flux_that_never_settles_times_out(arm, monkeypatch):
    monkeypatch.setattr(ensure_flux, "SETTLE_TIMEOUT_SECONDS", -1)
    with pytest.raises(AzureResponseError, match="'flux' is still Creating after"):
        run(FakeExtensions(listed=[extension("flux", "Creating")], reads=[]))


def test_in_progress_flux_that_ends_failed_is_an_error(arm):
    extensions = FakeExtensions(listed=[extension("flux", "Creating")],
                                reads=[extension("flux", "Failed", errorInfo={"message": "no nodes"})])
    with pytest.raises(AzureResponseError, match="no nodes"):
        run(extensions)


def test_failed_flux_gives_the_service_details_and_the_repair(arm):
    failed = extension("fluxext", "Failed",
                       errorInfo={"code": "HelmError", "message": "release failed"},
                       statuses=[{"code": "X", "displayStatus": "Helm", "level": "Error", "message": "crash loop"},
                                 {"code": "Y", "level": "Information", "message": "informational"}])
    extensions = FakeExtensions(listed=[failed])
    with pytest.raises(AzureResponseError) as raised:
        run(extensions)
    text = str(raised.value)
    assert "'fluxext' is Failed" in text
    assert "(HelmError) release failed" in text and "Helm: crash loop" in text
    assert "informational" not in text
    assert "az k8s-extension delete -g rg -c arc1 -t connectedClusters -n fluxext --yes" in \
        raised.value.recommendations[0]
    assert [c[0] for c in extensions.calls] == ["list"]


def test_status_repeating_the_error_is_not_repeated(arm):
    failed = extension("flux", "Failed", errorInfo={"code": "HelmError", "message": "image pull backoff"},
                       statuses=[{"code": "HelmError", "displayStatus": "Failed", "level": "Error",
                                  "message": "image pull backoff"}])
    with pytest.raises(AzureResponseError) as raised:
        run(FakeExtensions(listed=[failed]))
    assert str(raised.value).count("image pull backoff") == 1


def test_deleting_flux_asks_to_wait(arm):
    with pytest.raises(AzureResponseError, match="is Deleting") as raised:
        run(FakeExtensions(listed=[extension("flux", "Deleting")]))
    assert "Wait until the deletion has finished" in raised.value.recommendations[0]


@pytest.mark.parametrize("state", ["NotRegistered", "Registering", "Unregistered"])
def test_unregistered_provider_gives_the_register_command(arm, state):
    arm.answers["provider"] = (200, {"registrationState": state})
    extensions = FakeExtensions()
    with pytest.raises(ValidationError) as raised:
        run(extensions)
    assert "az provider register --namespace Microsoft.KubernetesConfiguration" in str(raised.value)
    assert state in str(raised.value)
    assert extensions.calls == [] and len(arm.requests) == 1


@pytest.mark.parametrize("answer", [(403, {"error": {"code": "AuthorizationFailed", "message": "no read"}}),
                                    ServiceRequestError("connection refused")])
def test_unreadable_provider_warns_and_goes_on(arm, caplog, answer):
    arm.answers["provider"] = answer
    run(FakeExtensions(listed=[extension("flux", "Succeeded")]))
    assert any("Could not read the registration state" in w for w in warnings_of(caplog))


def test_missing_cluster_is_named(arm):
    arm.answers["cluster"] = (404, {"error": {"code": "ResourceNotFound", "message": "not found"}})
    extensions = FakeExtensions()
    with pytest.raises(ResourceNotFoundError, match="Cluster 'arc1' not found.*'rg'") as raised:
        run(extensions)
    assert "--cluster-name/-c" in raised.value.recommendations[0]
    assert extensions.calls == []


def test_missing_resource_group_is_named_not_the_cluster(arm):
    arm.answers["cluster"] = (404, {"error": {"code": "ResourceGroupNotFound", "message": "not found"}})
    arm.answers["group"] = (404, {"error": {"code": "ResourceGroupNotFound", "message": "not found"}})
    extensions = FakeExtensions()
    with pytest.raises(ResourceNotFoundError, match="Resource group 'rg' not found") as raised:
        run(extensions)
    assert "--resource-group/-g" in raised.value.recommendations[0]
    assert extensions.calls == []


def test_cluster_read_failure_is_typed(arm):
    arm.answers["cluster"] = (403, {"error": {"code": "AuthorizationFailed", "message": "denied"}})
    with pytest.raises(Exception, match="AuthorizationFailed.*denied|denied"):
        run(FakeExtensions())


def test_aks_with_service_principal_is_refused(arm):
    arm.answers["cluster"] = (200, {"properties": {"servicePrincipalProfile": {"clientId": "1234-abcd"}}})
    with pytest.raises(ValidationError, match="service principal.*managed identity"):
        run(FakeExtensions(), cluster=AKS)


@pytest.mark.parametrize("body", [
    {"properties": {"servicePrincipalProfile": {"clientId": "msi"}}},
    {"properties": {"servicePrincipalProfile": {"clientId": "1234"}}, "identity": {"type": "SystemAssigned"}},
    {"properties": {}, "identity": {"type": "UserAssigned"}},
])
def test_aks_with_managed_identity_is_fine(arm, body):
    arm.answers["cluster"] = (200, body)
    extensions = FakeExtensions(listed=[extension("flux", "Succeeded")])
    run(extensions, cluster=AKS)
    assert extensions.calls == [("list", AKS.sdk_args())]  # the healthy extension is used as it is


def test_service_principal_rule_is_only_for_aks(arm):
    arm.answers["cluster"] = (200, {"properties": {"servicePrincipalProfile": {"clientId": "1234"}}})
    extensions = FakeExtensions(listed=[extension("flux", "Succeeded")])
    run(extensions, cluster=ARC)
    assert extensions.calls == [("list", ARC.sdk_args())]  # the healthy extension is used as it is


def test_flux_v1_configurations_must_be_deleted_first(arm):
    arm.answers["flux_v1"] = (200, {"value": [{"name": "legacy-a"}, {"name": "legacy-b"}]})
    extensions = FakeExtensions()
    with pytest.raises(ValidationError) as raised:
        run(extensions)
    assert "'legacy-a', 'legacy-b'" in str(raised.value)
    advice = raised.value.recommendations[0]
    assert "az k8s-configuration list -g rg -c arc1 -t connectedClusters" in advice
    assert "az k8s-configuration delete -g rg -c arc1 -t connectedClusters -n NAME --yes" in advice
    assert extensions.calls == []


def test_flux_v1_on_a_later_page_is_found(arm, monkeypatch):
    pages = iter([(200, {"value": [], "nextLink": "https://arm.example/next/page?api-version=2024-11-01&$skiptoken=2"}),
                  (200, {"value": [{"name": "late"}]})])
    seen = []

    def paged(_client, method, path, api_version, body=None, params=None):
        seen.append((path, params))
        return next(pages)
    monkeypatch.setattr(source_control, "raw_request", paged)
    with pytest.raises(ValidationError, match="'late'"):
        run(FakeExtensions())
    assert seen[1] == ("/next/page", {"$skiptoken": "2"})


def test_unreadable_flux_v1_list_warns_and_goes_on(arm, caplog):
    arm.answers["flux_v1"] = (400, {"error": {"code": "BadRequest", "message": "not supported"}})
    run(FakeExtensions(listed=[extension("flux", "Succeeded")]))
    assert any("Could not check the cluster for Flux v1" in w for w in warnings_of(caplog))


def test_an_install_whose_outcome_is_unknown_is_not_called_failed(arm):
    """The install was accepted but could not be followed: it may well succeed, so no advice to delete it."""
    from azext_k8s_configuration.arm.lro import OutcomeUnknownError
    extensions = FakeExtensions(listed=[], install_error=ServiceRequestError("connection reset"))
    with pytest.raises(OutcomeUnknownError) as raised:
        run(extensions)
    text = raised.value.error_msg + " ".join(raised.value.recommendations)
    assert "unknown" in text and "failed" not in text and "delete" not in text
    assert f"az k8s-extension wait {ARC.cli_args} -n flux --created" in text


def run_with_hook(extensions, steps):
    """ensure_flux_installed with a before_changes hook that records when it ran among the extension calls."""
    ensure_flux.ensure_flux_installed(FakeCmd(), ARC, client=FakeClient(extensions),
                                      before_changes=lambda: steps.append("before_changes"))


def test_before_changes_runs_after_every_check_and_before_the_install(arm):
    steps = []
    extensions = FakeExtensions(listed=[], install_result=extension("flux", "Succeeded"))
    extensions.calls = steps  # one record of both: the extension calls and the hook
    run_with_hook(extensions, steps)
    assert [s if isinstance(s, str) else s[0] for s in steps] == ["list", "before_changes", "create"]
    assert len(arm.requests) == 3  # the provider, the cluster and Flux v1 were read before it


def test_before_changes_runs_once_flux_is_healthy_and_not_when_a_check_fails(arm):
    steps = []
    run_with_hook(FakeExtensions(listed=[extension("flux", "Succeeded")]), steps)
    assert steps == ["before_changes"]
    steps.clear()
    with pytest.raises(AzureResponseError):
        run_with_hook(FakeExtensions(listed=[extension("flux", "Failed")]), steps)
    arm.answers["flux_v1"] = (200, {"value": [{"name": "old"}]})
    with pytest.raises(ValidationError):
        run_with_hook(FakeExtensions(listed=[]), steps)
    assert steps == []  # nothing asked before a refusal
