"""The resource-type registry: routing serves what is registered, with named segments; a read-only,
location-scoped type with a nested type (the shape of extensionTypes and their versions) is one entry."""
import pytest

from k8s_configuration_emulator import DEFAULT_SUBSCRIPTION_ID, rp_flux
from k8s_configuration_emulator.common import ArmRequest
from k8s_configuration_emulator.context import Context
from k8s_configuration_emulator.errors import ArmError
from k8s_configuration_emulator.registry import Registry, ResourceType
from k8s_configuration_emulator.resource_types import REGISTRY
from k8s_configuration_emulator.routing import Router
from k8s_configuration_emulator.scopes import LOCATION

KC = "Microsoft.KubernetesConfiguration"
VERSION = "2024-11-01-preview"
LOCATION_PATH = "/subscriptions/{}/providers/{}/locations/eastus".format(DEFAULT_SUBSCRIPTION_ID, KC)
CATALOG = {"microsoft.flux": ["1.15.1", "1.14.0"], "microsoft.dapr": ["1.14.4"]}


def _type_body(target, name):
    return {"id": "{}/{}".format(target.collection_id, name), "name": name, "location": target.location}


def _version_body(target, version):
    return {"id": "{}/{}".format(target.collection_id, version), "name": version,
            "extensionType": target.parent_name}


def _catalog_types():
    versions = ResourceType(
        "versions", [VERSION],
        read=lambda ctx, t: _version_body(t, t.name) if t.name in CATALOG.get(t.parent_name.lower(), []) else None,
        list_all=lambda ctx, t: [_version_body(t, v) for v in CATALOG.get(t.parent_name.lower(), [])])
    return ResourceType(
        "extensionTypes", [VERSION], scope=LOCATION,
        read=lambda ctx, t: _type_body(t, t.name) if t.name.lower() in CATALOG else None,
        list_all=lambda ctx, t: [_type_body(t, n) for n in CATALOG], children=[versions])


@pytest.fixture
def served(tmp_path):
    """(ctx, call): a context on a fresh data dir serving flux configurations and a catalog type."""
    ctx = Context(str(tmp_path), types=Registry([rp_flux.RESOURCE, _catalog_types()]))
    router = Router(ctx.types)

    def call(method, path, api_version=VERSION, body=None):
        query = {"api-version": api_version} if api_version else {}
        req = ArmRequest(method, path, query, body, {}, "https://127.0.0.1:1")
        try:
            return router.dispatch(ctx, req)[:2]
        except ArmError as err:
            return err.status, err.body()
    return ctx, call


def test_a_read_only_location_scoped_type_is_served_from_its_entry(served):
    _, call = served
    status, body = call("GET", LOCATION_PATH + "/extensionTypes")
    assert status == 200 and [t["name"] for t in body["value"]] == ["microsoft.flux", "microsoft.dapr"]
    status, body = call("GET", LOCATION_PATH + "/EXTENSIONTYPES/microsoft.flux")
    assert status == 200 and body == {"id": LOCATION_PATH + "/extensionTypes/microsoft.flux",
                                      "name": "microsoft.flux", "location": "eastus"}
    status, body = call("GET", LOCATION_PATH + "/extensionTypes/nope")
    assert status == 404 and body["error"]["code"] == "ResourceNotFound"


def test_its_nested_type_knows_the_resource_it_is_under(served):
    _, call = served
    status, body = call("GET", LOCATION_PATH + "/extensionTypes/Microsoft.Flux/versions")
    assert status == 200 and [v["name"] for v in body["value"]] == ["1.15.1", "1.14.0"]
    assert body["value"][0]["extensionType"] == "Microsoft.Flux"  # the segment as sent
    status, body = call("GET", LOCATION_PATH + "/extensionTypes/microsoft.flux/versions/1.14.0")
    assert status == 200 and body["id"].endswith("/extensionTypes/microsoft.flux/versions/1.14.0")
    assert call("GET", LOCATION_PATH + "/extensionTypes/microsoft.flux/versions/9.9.9")[0] == 404


def test_a_read_only_type_refuses_writes(served):
    _, call = served
    for method in ("PUT", "PATCH", "DELETE"):
        status, body = call(method, LOCATION_PATH + "/extensionTypes/microsoft.flux", body={})
        assert status == 405 and body["error"]["code"] == "MethodNotAllowed"
    assert call("POST", LOCATION_PATH + "/extensionTypes")[0] == 405


def test_api_versions_and_parents_are_checked_per_type(served):
    ctx, call = served
    status, body = call("GET", LOCATION_PATH + "/extensionTypes/microsoft.flux/versions", api_version="2025-04-01")
    assert status == 400 and body["error"]["code"] == "NoRegisteredProviderFound"
    assert "'{}/extensionTypes/versions'".format(KC) in body["error"]["message"]
    status, body = call("GET", LOCATION_PATH.replace(DEFAULT_SUBSCRIPTION_ID, "nope") + "/extensionTypes")
    assert status == 404 and body["error"]["code"] == "SubscriptionNotFound"
    ctx.store.set_provider_state(KC, "NotRegistered")
    assert call("GET", LOCATION_PATH + "/extensionTypes")[1]["error"]["code"] == "MissingSubscriptionRegistration"


def test_the_provider_lists_what_is_registered(served):
    _, call = served
    status, body = call("GET", "/subscriptions/{}/providers/{}".format(DEFAULT_SUBSCRIPTION_ID, KC), "2021-04-01")
    assert status == 200
    assert [t["resourceType"] for t in body["resourceTypes"]] == [
        "fluxConfigurations", "locations/extensionTypes", "operations"]
    status, body = call("GET", "/subscriptions/{}/providers/{}/locations/eastus/extensions".format(
        DEFAULT_SUBSCRIPTION_ID, KC))
    assert status == 404 and body["error"]["code"] == "InvalidResourceType"  # not registered here


def test_routes_name_their_segments_as_sent():
    router = Router(REGISTRY)
    path = ("/Subscriptions/S1/resourcegroups/Rg1/providers/Microsoft.Kubernetes/connectedClusters/Arc1/"
            "PROVIDERS/microsoft.kubernetesconfiguration/fluxconfigurations/Cfg/operations/Op-1")
    req = ArmRequest("GET", path, {}, None, {}, "")
    assert router.route(req) is not None
    assert req.route == {"subscription": "S1", "resource_group": "Rg1", "cluster_rp": "Microsoft.Kubernetes",
                         "cluster_type": "connectedClusters", "cluster": "Arc1", "name": "Cfg", "operation": "Op-1"}
    scc_operation = path.replace("fluxconfigurations", "sourceControlConfigurations")
    assert router.route(ArmRequest("GET", scc_operation, {}, None, {}, "")) is None  # Flux v1 has no LRO


def test_the_lro_engine_asks_the_registry_how_an_operation_ends():
    flux = REGISTRY.by_kind(rp_flux.KIND)
    assert flux is REGISTRY.find("FLUXCONFIGURATIONS") and flux.gate is rp_flux.gate
    assert flux.on_finish is rp_flux.finish
    assert [t.collection for t in REGISTRY if t.lro] == ["fluxConfigurations", "extensions"]
