"""k8s-extension create/update --version against the service's catalog: refused only when the catalog answers and
does not offer it; any failure to read the catalog warns and lets the request go on."""
import logging

import pytest
from azure.cli.core.azclierror import InvalidArgumentValueError
from azure.core.exceptions import HttpResponseError, ServiceRequestError
from azure.mgmt.kubernetesconfiguration.extensiontypes.models import ExtensionType, ExtensionTypeVersionForReleaseTrain
from fakes import FakeCmd

from azext_k8s_configuration.arm.coordinates import EXTENSION_CLUSTER_TYPES, resolve_cluster
from azext_k8s_configuration.extension_types.versions import newest_first
from azext_k8s_configuration.extensions import offered_versions

ARC = resolve_cluster("sub", "rg", "arc1", "connectedClusters", allowed=EXTENSION_CLUSTER_TYPES)


class FakeResponse:
    def __init__(self, status):
        self.status_code = status
        self.reason = "Error"
        self.headers = {}
        self.content_type = "application/json"

    def text(self):
        return '{"error": {"code": "AuthorizationFailed", "message": "no read permission"}}'


class Catalog:
    """extension_types.cluster_list_versions and list of the SDK: the given versions and types, or the given error."""

    def __init__(self, versions=(), error=None, types=()):
        self.versions, self.error, self.types, self.calls = list(versions), error, list(types), []

    def list(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        if self.error is not None:
            raise self.error
        return iter(ExtensionType({"name": name}) for name in self.types)

    def cluster_list_versions(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        if self.error is not None:
            raise self.error
        return iter(ExtensionTypeVersionForReleaseTrain({"name": v, "properties": {"version": v}})
                    for v in self.versions)


@pytest.fixture
def catalog(monkeypatch):
    holder = {"catalog": Catalog()}

    class Client:
        @property
        def extension_types(self):
            return holder["catalog"]
    monkeypatch.setattr(offered_versions.clients, "extension_types_client", lambda _ctx: Client())

    def use(**kwargs):
        holder["catalog"] = Catalog(**kwargs)
        return holder["catalog"]
    return use


def warnings_of(caplog):
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_an_offered_version_passes_and_the_train_is_asked_for(catalog, caplog):
    fake = catalog(versions=["1.8.2", "1.15.1"])
    offered_versions.check_offered(FakeCmd(), ARC, "microsoft.flux", "1.8.2", "Stable")
    offered_versions.check_offered(FakeCmd(), ARC, "microsoft.flux", "v1.15.1")  # a leading v is the same version
    assert fake.calls[0] == ((ARC.sdk_args() + ("microsoft.flux",)), {"release_train": "Stable"})
    assert fake.calls[1][1] == {"release_train": None}  # the service's default train
    assert warnings_of(caplog) == []


def test_a_version_not_offered_is_refused_listing_the_offered_ones_newest_first(catalog):
    catalog(versions=["1.8.2", "1.15.1", "1.12.0"])
    with pytest.raises(InvalidArgumentValueError) as refused:
        offered_versions.check_offered(FakeCmd(), ARC, "microsoft.flux", "1.9.9")
    message = str(refused.value)
    assert "--version 1.9.9" in message and "release train 'stable'" in message
    assert "It can install: 1.15.1, 1.12.0, 1.8.2." in message
    assert "list-versions-by-cluster -g rg -c arc1 -t connectedClusters --extension-type microsoft.flux" in \
        refused.value.recommendations[0]


def test_a_long_list_is_shortened(catalog):
    catalog(versions=["1.{}.0".format(n) for n in range(15)])
    with pytest.raises(InvalidArgumentValueError, match=r"1\.14\.0, .*1\.5\.0 \(and 5 older\)"):
        offered_versions.check_offered(FakeCmd(), ARC, "microsoft.flux", "9.0.0")


@pytest.mark.parametrize("error", [HttpResponseError(response=FakeResponse(404)),
                                   HttpResponseError(response=FakeResponse(403)),
                                   HttpResponseError(response=FakeResponse(500)),
                                   ServiceRequestError("connection refused")],
                         ids=["404", "403", "500", "unreachable"])
def test_a_catalog_that_cannot_be_read_warns_and_lets_it_go_on(catalog, caplog, error):
    catalog(error=error)
    offered_versions.check_offered(FakeCmd(), ARC, "microsoft.flux", "1.9.9")
    [warning] = warnings_of(caplog)
    assert "could not be checked" in warning and "sending it as given" in warning


def test_an_empty_answer_warns_and_lets_it_go_on(catalog, caplog):
    catalog(versions=[])
    offered_versions.check_offered(FakeCmd(), ARC, "contoso.app", "1.0.0", "preview")
    [warning] = warnings_of(caplog)
    assert "lists no version of 'contoso.app' on release train 'preview'" in warning


def test_version_order():
    assert newest_first(["1.8.2", "1.15.1", "1.16.0-rc.1", "1.16.0", "v1.12.0"]) == [
        "1.16.0", "1.16.0-rc.1", "1.15.1", "v1.12.0", "1.8.2"]


TYPES = ["microsoft.flux", "Microsoft.Dapr", "microsoft.azuremonitor.containers"]


@pytest.mark.parametrize("extension_type", ["microsoft.flux", "MICROSOFT.FLUX", "microsoft.dapr"])
def test_a_listed_type_in_any_case_passes_silently(catalog, caplog, extension_type):
    fake = catalog(types=TYPES)
    assert offered_versions.check_type_offered(FakeCmd(), ARC, extension_type) is True
    assert fake.calls == [(ARC.sdk_args(), {})] and warnings_of(caplog) == []


@pytest.mark.parametrize("typed, nearest", [("microsoft.flx", "microsoft.flux"), ("microsoft.dpar", "Microsoft.Dapr"),
                                            ("Microsoft.AzureMonitor.Container", "microsoft.azuremonitor.containers")])
def test_a_type_not_listed_warns_naming_the_nearest_listed_type(catalog, caplog, typed, nearest):
    catalog(types=TYPES)
    assert offered_versions.check_type_offered(FakeCmd(), ARC, typed) is False
    [warning] = warnings_of(caplog)
    assert warning == (f"Extension type '{typed}' is not among the types cluster 'arc1' can install (did you mean "
                       f"'{nearest}'?); sending it as given, the service decides. `az k8s-extension extension-types "
                       "list-by-cluster -g rg -c arc1 -t connectedClusters -o table` lists them.")


def test_a_type_far_from_every_listed_type_has_no_guess(catalog, caplog):
    catalog(types=TYPES)
    assert offered_versions.check_type_offered(FakeCmd(), ARC, "contoso.app") is False
    [warning] = warnings_of(caplog)
    assert "did you mean" not in warning and "'contoso.app' is not among the types" in warning


@pytest.mark.parametrize("error", [HttpResponseError(response=FakeResponse(403)),
                                   HttpResponseError(response=FakeResponse(500)),
                                   ServiceRequestError("connection refused")],
                         ids=["403", "500", "unreachable"])
def test_a_type_list_that_cannot_be_read_says_nothing_and_lets_it_go_on(catalog, caplog, error):
    catalog(error=error)
    assert offered_versions.check_type_offered(FakeCmd(), ARC, "microsoft.flx") is None
    assert warnings_of(caplog) == []
