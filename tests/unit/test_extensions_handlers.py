"""k8s-extension handlers with a fake SDK client: which calls are made, with what, and what comes back."""
import logging

import pytest
from azure.cli.core.azclierror import (
    ArgumentUsageError,
    AzureResponseError,
    InvalidArgumentValueError,
    ResourceNotFoundError,
)
from azure.core.exceptions import ResourceNotFoundError as SdkNotFound
from azure.mgmt.kubernetesconfiguration.extensions.models import Extension
from fakes import FakeClient, FakeCmd, FakePoller

from azext_k8s_configuration.arm import lookup, lro
from azext_k8s_configuration.arm.coordinates import EXTENSION_CLUSTER_TYPES, resolve_cluster
from azext_k8s_configuration.extensions import handlers, offered_versions

ARC = resolve_cluster("sub", "rg", "arc1", "connectedClusters", allowed=EXTENSION_CLUSTER_TYPES)
COORDS = dict(resource_group_name="rg", cluster_name="arc1", cluster_type="connectedClusters")


def extension(name="flux", extension_type="microsoft.flux", state="Succeeded", **properties):
    return Extension({"name": name, "properties": dict(
        {"extensionType": extension_type, "provisioningState": state}, **properties)})




class FakeExtensions:
    def __init__(self, existing=None, result=None):
        self.existing = existing or {}
        self.result = result
        self.calls = []

    def get(self, *args):
        self.calls.append(("get", args[-1]))
        if args[-1] not in self.existing:
            raise SdkNotFound("not found")
        return self.existing[args[-1]]

    def list(self, *args):
        self.calls.append(("list", args))
        return iter(self.existing.values())

    def begin_create(self, *args, **kwargs):
        self.calls.append(("create", args[-2], args[-1], kwargs))
        return FakePoller(self.result or extension(args[-2]))

    def begin_update(self, *args, **kwargs):
        self.calls.append(("update", args[-2], args[-1], kwargs))
        return FakePoller(self.result or self.existing.get(args[-2]))

    def begin_delete(self, *args, **kwargs):
        self.calls.append(("delete", args[-1], kwargs))
        return FakePoller(None)






@pytest.fixture
def fake(monkeypatch):
    state = {"extensions": FakeExtensions(), "confirmations": [], "cluster": (200, {"name": "arc1"}),
             "group": (200, {"name": "rg"}), "type_checks": [], "type_offered": True, "version_checks": []}

    def parents(_client, _method, path, _api_version, **_):  # the cluster GET (and its group) of arm/lookup.py
        return state["cluster"] if path == ARC.id else state["group"]
    monkeypatch.setattr(lookup, "raw_request", parents)

    def connect(_cmd, *_args):
        return FakeClient(state["extensions"]), ARC
    monkeypatch.setattr(handlers, "_connect", connect)
    monkeypatch.setattr(handlers, "confirm",
                        lambda _cmd, message, yes=False: state["confirmations"].append((message, yes)))

    def type_check(_cmd, _cluster, extension_type):  # the catalog's answer (offered_versions.py, tested there)
        state["type_checks"].append(extension_type)
        return state["type_offered"]
    monkeypatch.setattr(offered_versions, "check_type_offered", type_check)
    monkeypatch.setattr(offered_versions, "check_offered",
                        lambda _cmd, _cluster, *args: state["version_checks"].append(args))
    return state


def calls_of(fake, kind):
    return [c for c in fake["extensions"].calls if c[0] == kind]


def warnings_of(caplog):
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_create_puts_the_body_and_waits(fake):
    result = handlers.create_extension(FakeCmd(), **COORDS, name="flux", extension_type="microsoft.flux",
                                       configuration_settings=[["image-automation-controller.enabled=true"]])
    (_, name, body, kwargs), = calls_of(fake, "create")
    assert name == "flux" and kwargs == {"polling": True}
    assert body == {"properties": {"extensionType": "microsoft.flux",
                                   "configurationSettings": {"image-automation-controller.enabled": "true"}},
                    "identity": {"type": "SystemAssigned"}}
    assert result.name == "flux"


def test_create_no_wait_returns_after_acceptance(fake):
    result = handlers.create_extension(FakeCmd(), **COORDS, name="flux", extension_type="microsoft.flux",
                                       no_wait=True)
    assert result is None
    assert calls_of(fake, "create")[0][3] == {"polling": False}


def test_create_rule_breach_sends_nothing(fake):
    with pytest.raises(ArgumentUsageError):
        handlers.create_extension(FakeCmd(), **COORDS, name="x", extension_type="t", version="1.0")
    assert fake["extensions"].calls == []


def test_create_ending_failed_gives_the_service_message(fake):
    fake["extensions"].result = extension(state="Failed", errorInfo={"code": "HelmFailed", "message": "boom"})
    with pytest.raises(AzureResponseError, match=r"Creating extension 'flux' ended Failed: \(HelmFailed\) boom"):
        handlers.create_extension(FakeCmd(), **COORDS, name="flux", extension_type="microsoft.flux")


def test_create_failed_operation_gets_a_repair_recommendation(fake, monkeypatch):
    def failing_wait(_cmd, _poller, what):
        raise AzureResponseError(f"(HelmInstallFailed) {what}: chart failed")
    monkeypatch.setattr(lro, "wait_for", failing_wait)
    with pytest.raises(AzureResponseError, match="chart failed") as raised:
        handlers.create_extension(FakeCmd(), **COORDS, name="flux", extension_type="microsoft.flux")
    advice = raised.value.recommendations[0]
    assert "az k8s-extension show -g rg -c arc1 -t connectedClusters -n flux" in advice
    assert "az k8s-extension delete -g rg -c arc1 -t connectedClusters -n flux --yes" in advice


def test_create_conflict_points_to_the_existing_extension(fake, monkeypatch):
    from azure.core.exceptions import HttpResponseError

    class Response:  # the bits of an HTTP response HttpResponseError reads
        status_code, reason, headers = 409, "Conflict", {}

        def text(self):
            return ""

    def conflict(*_args, **_kwargs):
        raise HttpResponseError(message="(ExtensionAlreadyExists) installed as 'my-flux'", response=Response())
    monkeypatch.setattr(fake["extensions"], "begin_create", conflict)
    with pytest.raises(AzureResponseError, match="my-flux") as raised:
        handlers.create_extension(FakeCmd(), **COORDS, name="flux", extension_type="microsoft.flux")
    assert "one extension of each type" in raised.value.recommendations[0]


def test_create_on_existing_same_type_patches_its_settings(fake, caplog):
    fake["extensions"].existing["flux"] = extension(scope={"cluster": {"releaseNamespace": "flux-system"}})
    handlers.create_extension(FakeCmd(), **COORDS, name="flux", extension_type="Microsoft.Flux",
                              configuration_settings=[["image-automation-controller.enabled=true",
                                                       "image-reflector-controller.enabled=true"]])
    assert calls_of(fake, "create") == []
    (_, name, body, _), = calls_of(fake, "update")
    assert body == {"properties": {"configurationSettings": {"image-automation-controller.enabled": "true",
                                                             "image-reflector-controller.enabled": "true"}}}
    assert any("already exists on cluster 'arc1'; updating its settings instead" in w for w in warnings_of(caplog))
    assert fake["confirmations"] == []


def test_create_on_existing_with_nothing_to_change_returns_it(fake, caplog):
    existing = extension()
    fake["extensions"].existing["flux"] = existing
    assert handlers.create_extension(FakeCmd(), **COORDS, name="flux", extension_type="microsoft.flux") is existing
    assert calls_of(fake, "update") == [] and calls_of(fake, "create") == []
    assert any("nothing to change" in w for w in warnings_of(caplog))


def test_create_on_existing_other_type_is_refused(fake):
    fake["extensions"].existing["flux"] = extension(extension_type="microsoft.dapr")
    with pytest.raises(InvalidArgumentValueError, match="already exists .* with type 'microsoft.dapr'"):
        handlers.create_extension(FakeCmd(), **COORDS, name="flux", extension_type="microsoft.flux")
    assert calls_of(fake, "update") == []


def test_create_on_existing_with_protected_settings_confirms(fake):
    fake["extensions"].existing["flux"] = extension()
    handlers.create_extension(FakeCmd(), **COORDS, name="flux", extension_type="microsoft.flux",
                              configuration_protected_settings=[["k=secret-value"]], yes=True)
    (message, yes), = fake["confirmations"]
    assert yes is True and "'k'" in message and "secret-value" not in message


def test_update_patches_only_what_changed(fake):
    fake["extensions"].existing["flux"] = extension(autoUpgradeMinorVersion=True)
    handlers.update_extension(FakeCmd(), **COORDS, name="flux", release_train="Preview")
    (_, _, body, kwargs), = calls_of(fake, "update")
    assert body == {"properties": {"releaseTrain": "Preview"}} and kwargs == {"polling": True}
    assert fake["confirmations"] == []


def test_update_protected_settings_asks_unless_yes(fake):
    fake["extensions"].existing["flux"] = extension()
    handlers.update_extension(FakeCmd(), **COORDS, name="flux", configuration_protected_settings=[["a=b1234"]])
    assert fake["confirmations"][0][1] is False
    handlers.update_extension(FakeCmd(), **COORDS, name="flux", configuration_protected_settings=[["a=b1234"]],
                              yes=True)
    assert fake["confirmations"][1][1] is True


def test_update_missing_extension(fake):
    with pytest.raises(ResourceNotFoundError, match="Extension 'nope' not found on cluster 'arc1'"):
        handlers.update_extension(FakeCmd(), **COORDS, name="nope", release_train="Stable")
    assert calls_of(fake, "update") == []


def test_update_version_on_auto_upgrading_extension_is_refused(fake):
    fake["extensions"].existing["flux"] = extension(autoUpgradeMinorVersion=True)
    with pytest.raises(ArgumentUsageError, match="--version"):
        handlers.update_extension(FakeCmd(), **COORDS, name="flux", version="1.0.0")
    assert calls_of(fake, "update") == []


def test_update_no_wait(fake):
    fake["extensions"].existing["flux"] = extension()
    assert handlers.update_extension(FakeCmd(), **COORDS, name="flux", release_train="Stable", no_wait=True) is None
    assert calls_of(fake, "update")[0][3] == {"polling": False}


def test_delete_confirms_then_deletes(fake):
    fake["extensions"].existing["flux"] = extension()
    assert handlers.delete_extension(FakeCmd(), **COORDS, name="flux", yes=True) is None
    (message, yes), = fake["confirmations"]
    assert yes is True and "Delete the extension 'flux' (microsoft.flux)" in message
    assert "stop reconciling" in message
    assert calls_of(fake, "delete") == [("delete", "flux", {"force_delete": None, "polling": True})]


def test_delete_force_and_no_wait(fake):
    fake["extensions"].existing["flux"] = extension()
    handlers.delete_extension(FakeCmd(), **COORDS, name="flux", yes=True, force=True, no_wait=True)
    assert calls_of(fake, "delete") == [("delete", "flux", {"force_delete": True, "polling": False})]


def test_delete_missing_warns_and_succeeds(fake, caplog):
    assert handlers.delete_extension(FakeCmd(), **COORDS, name="nope", yes=True) is None
    assert calls_of(fake, "delete") == [] and fake["confirmations"] == []
    assert any("does not exist on cluster 'arc1': nothing to delete" in w for w in warnings_of(caplog))


@pytest.mark.parametrize("group_exists", [True, False])
def test_delete_under_a_missing_parent_fails_naming_it(fake, caplog, group_exists):
    fake["cluster"] = (404, {"error": {"code": "ResourceNotFound", "message": "The Resource was not found."}})
    if not group_exists:
        fake["group"] = (404, {"error": {"code": "ResourceGroupNotFound", "message": "no group"}})
    with pytest.raises(ResourceNotFoundError) as raised:
        handlers.delete_extension(FakeCmd(), **COORDS, name="flux", yes=True)
    named = "--cluster-name/-c" if group_exists else "--resource-group/-g"
    assert named in raised.value.recommendations[0]
    assert calls_of(fake, "delete") == [] and not any("nothing to delete" in w for w in warnings_of(caplog))


def test_update_removes_stored_keys_with_null_members(fake):
    fake["extensions"].existing["flux"] = extension(configurationSettings={"image-automation-controler.enabled": "1"})
    handlers.update_extension(FakeCmd(), **COORDS, name="flux",
                              remove_configuration_settings=[["image-automation-controler.enabled"]])
    (_, _, body, _), = calls_of(fake, "update")
    assert body == {"properties": {"configurationSettings": {"image-automation-controler.enabled": None}}}
    assert fake["confirmations"] == []


def test_update_removing_only_keys_it_does_not_hold_sends_nothing(fake, caplog):
    existing = extension(configurationSettings={"a": "1"})
    fake["extensions"].existing["flux"] = existing
    assert handlers.update_extension(FakeCmd(), **COORDS, name="flux", remove_configuration_settings=[["b"]]) \
        is existing
    assert calls_of(fake, "update") == []
    assert warnings_of(caplog) == ["Extension 'flux' has no setting 'b'; nothing to remove for it.",
                                   "Extension 'flux' on cluster 'arc1': nothing to change."]


def test_update_removing_protected_keys_confirms_naming_them(fake):
    fake["extensions"].existing["flux"] = extension()
    handlers.update_extension(FakeCmd(), **COORDS, name="flux", configuration_protected_settings=[["a=v-1234"]],
                              remove_configuration_protected_settings=[["old"]], yes=True)
    (message, yes), = fake["confirmations"]
    assert yes is True
    assert message.startswith("The protected setting(s) 'a' of extension 'flux' will be set to the values given; "
                              "the protected setting(s) 'old' of extension 'flux' will be removed;")
    assert "v-1234" not in message
    (_, _, body, _), = calls_of(fake, "update")
    assert body["properties"]["configurationProtectedSettings"] == {"a": "v-1234", "old": None}


def test_delete_force_false_sends_no_force_delete(fake):
    fake["extensions"].existing["flux"] = extension()
    handlers.delete_extension(FakeCmd(), **COORDS, name="flux", yes=True, force=False)
    assert calls_of(fake, "delete") == [("delete", "flux", {"force_delete": None, "polling": True})]


def test_create_of_a_new_extension_checks_its_type_then_puts_it(fake):
    handlers.create_extension(FakeCmd(), **COORDS, name="flux", extension_type="microsoft.flux",
                              auto_upgrade_minor_version=False, version="1.15.1")
    assert fake["type_checks"] == ["microsoft.flux"]
    assert fake["version_checks"] == [("microsoft.flux", "1.15.1", None)]
    assert len(calls_of(fake, "create")) == 1


@pytest.mark.parametrize("offered", [False, None], ids=["not-listed", "catalog-unreadable"])
def test_a_type_the_catalog_does_not_list_is_still_put(fake, offered):
    fake["type_offered"] = offered
    handlers.create_extension(FakeCmd(), **COORDS, name="flux", extension_type="microsoft.flx",
                              auto_upgrade_minor_version=False, version="1.15.1")
    # a type the catalog does not list has no versions there to check; an unreadable catalog: the check warns
    assert fake["version_checks"] == ([] if offered is False else [("microsoft.flx", "1.15.1", None)])
    assert len(calls_of(fake, "create")) == 1


def test_create_on_an_existing_extension_does_not_read_the_types(fake):
    fake["extensions"].existing["flux"] = extension()
    handlers.create_extension(FakeCmd(), **COORDS, name="flux", extension_type="microsoft.flux",
                              configuration_settings=[["a=b"]])
    assert fake["type_checks"] == []
