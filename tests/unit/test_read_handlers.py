"""The read commands (flux show/list, kustomization show/list, deployed-object show/list, k8s-extension show/list)
on a fake ARM: what they ask for, what they print, and the errors of REFERENCE §11 (no SDK on this path)."""
import pytest
from azure.cli.core.azclierror import AzureInternalError, ResourceNotFoundError
from fakes import FakeCmd

from azext_k8s_configuration.arm import reads
from azext_k8s_configuration.arm.raw_arm import RawArm
from azext_k8s_configuration.extensions import read_handlers as extension_reads
from azext_k8s_configuration.flux import read_handlers

SUB = "00000000-0000-0000-0000-000000000001"
CLUSTER = f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc1"
FLUX = CLUSTER + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations"
EXTENSIONS = CLUSTER + "/providers/Microsoft.KubernetesConfiguration/extensions"
COORDS = dict(resource_group_name="rg", cluster_name="arc1", cluster_type="connectedClusters")


def configuration(name="gitops", **properties):
    return {"id": f"{FLUX}/{name}", "name": name, "type": "Microsoft.KubernetesConfiguration/fluxConfigurations",
            "systemData": {"createdAt": "2026-12-07T02:00:00.1234567Z"},
            "properties": dict({
                "scope": "cluster", "namespace": "default", "sourceKind": "GitRepository",
                "gitRepository": {"url": "https://example.com/repo", "httpsCACert": "Q0E=",
                                  "repositoryRef": {"branch": "main"}},
                "kustomizations": {"infra": {"path": "./infra", "dependsOn": []},
                                   "apps": {"path": "./apps", "dependsOn": ["infra"]}},
                "statuses": [{"name": "gitops", "namespace": "default", "kind": "GitRepository",
                              "complianceState": "Compliant"},
                             {"name": "gitops-apps", "namespace": "default", "kind": "Kustomization",
                              "complianceState": "Non-Compliant"}],
                "complianceState": "Non-Compliant"}, **properties)}


class FakeArm(RawArm):
    """RawArm's contract: request(method, path, api_version, ...) and get_page(url) → (status, JSON)."""

    def __init__(self, answers):  # no sign-in, no session: RawArm.__init__ is not called
        self.answers = answers
        self.subscription_id = SUB
        self.sent = []

    def request(self, method, path, api_version, body=None, params=None):
        self.sent.append((method, path, api_version))
        return self.answers.get(path, (404, {"error": {"code": "NotFound", "message": "nothing here"}}))

    def get_page(self, url):
        self.sent.append(("GET", url, None))
        return self.answers[url]


@pytest.fixture
def arm(monkeypatch):
    fake = FakeArm({CLUSTER: (200, {"name": "arc1"}),
                    f"/subscriptions/{SUB}/resourceGroups/rg": (200, {"name": "rg"})})
    monkeypatch.setattr(reads, "raw_arm", lambda *_: fake)
    return fake


def test_show_prints_the_hoisted_shape_with_az_names(arm):
    arm.answers[f"{FLUX}/gitops"] = (200, configuration())
    out = read_handlers.show_flux_configuration(FakeCmd(), **COORDS, name="gitops")
    assert out["complianceState"] == "Non-Compliant" and "properties" not in out
    assert out["gitRepository"]["httpsCaCert"] == "Q0E="  # the SDK model's name, as az prints it
    assert out["gitRepository"]["repositoryRef"] == {"branch": "main", "tag": None, "semver": None, "commit": None}
    assert out["systemData"]["createdAt"] == "2026-12-07T02:00:00.123456+00:00"
    assert out["kustomizations"]["apps"]["dependsOn"] == ["infra"]
    assert arm.sent == [("GET", f"{FLUX}/gitops", "2025-04-01")]


def test_show_of_a_missing_configuration_names_it_and_how_to_list(arm):
    with pytest.raises(ResourceNotFoundError, match="Flux configuration 'nope' not found on cluster 'arc1'") as e:
        read_handlers.show_flux_configuration(FakeCmd(), **COORDS, name="nope")
    assert "az k8s-configuration flux list -g rg -c arc1 -t connectedClusters" in e.value.recommendations[0]
    assert [path for _, path, _ in arm.sent] == [f"{FLUX}/nope", CLUSTER]  # the 404 confirmed by the cluster


def test_a_missing_cluster_blames_the_cluster_not_the_configuration(arm):
    del arm.answers[CLUSTER]
    with pytest.raises(ResourceNotFoundError, match="Cluster 'arc1' not found"):
        read_handlers.show_flux_configuration(FakeCmd(), **COORDS, name="gitops")
    with pytest.raises(ResourceNotFoundError, match="Cluster 'arc1' not found"):
        read_handlers.list_flux_configurations(FakeCmd(), **COORDS)  # an empty list is confirmed too


def test_a_service_failure_is_a_typed_error_saying_what_was_read(arm):
    arm.answers[f"{FLUX}/gitops"] = (500, {"error": {"code": "InternalError", "message": "boom"}})
    with pytest.raises(AzureInternalError, match="reading flux configuration 'gitops'.*boom"):
        read_handlers.show_flux_configuration(FakeCmd(), **COORDS, name="gitops")


def test_list_follows_next_link(arm):
    page2 = "https://arm.example/next?page=2"
    arm.answers[FLUX] = (200, {"value": [configuration("a")], "nextLink": page2})
    arm.answers[page2] = (200, {"value": [configuration("b")]})
    out = read_handlers.list_flux_configurations(FakeCmd(), **COORDS)
    assert [c["name"] for c in out] == ["a", "b"]
    assert all("properties" not in c and c["sourceKind"] == "GitRepository" for c in out)


def test_kustomization_list_and_show(arm):
    arm.answers[f"{FLUX}/gitops"] = (200, configuration())
    listed = read_handlers.list_kustomizations(FakeCmd(), **COORDS, name="gitops")
    assert sorted(listed) == ["apps", "infra"] and listed["apps"]["path"] == "./apps"
    shown = read_handlers.show_kustomization(FakeCmd(), **COORDS, name="gitops", kustomization_name="apps")
    assert list(shown) == ["apps"] and shown["apps"]["name"] == "apps" and shown["apps"]["dependsOn"] == ["infra"]
    with pytest.raises(ResourceNotFoundError, match="Kustomization 'web' not found") as e:
        read_handlers.show_kustomization(FakeCmd(), **COORDS, name="gitops", kustomization_name="web")
    assert "apps, infra" in e.value.recommendations[0]


def test_deployed_object_list_and_show(arm):
    arm.answers[f"{FLUX}/gitops"] = (200, configuration())
    listed = read_handlers.list_deployed_objects(FakeCmd(), **COORDS, name="gitops")
    assert [o["kind"] for o in listed] == ["GitRepository", "Kustomization"]
    assert listed[0]["helmReleaseProperties"] is None  # every field the model knows, as az prints it
    shown = read_handlers.show_deployed_object(FakeCmd(), **COORDS, name="gitops", object_name="gitops-apps",
                                               object_namespace="default", object_kind="kustomization")
    assert shown["complianceState"] == "Non-Compliant"
    with pytest.raises(ResourceNotFoundError, match="No deployed object HelmRelease 'default/x'"):
        read_handlers.show_deployed_object(FakeCmd(), **COORDS, name="gitops", object_name="x",
                                           object_namespace="default", object_kind="HelmRelease")


def test_a_configuration_without_statuses_lists_no_objects(arm):
    arm.answers[f"{FLUX}/gitops"] = (200, configuration(statuses=None, kustomizations=None))
    assert read_handlers.list_deployed_objects(FakeCmd(), **COORDS, name="gitops") == []
    assert read_handlers.list_kustomizations(FakeCmd(), **COORDS, name="gitops") == {}


def test_extension_show_list_and_missing(arm):
    flux = {"id": f"{EXTENSIONS}/flux", "name": "flux",
            "properties": {"extensionType": "microsoft.flux", "provisioningState": "Succeeded"}}
    arm.answers[f"{EXTENSIONS}/flux"] = (200, flux)
    arm.answers[EXTENSIONS] = (200, {"value": [flux]})
    shown = extension_reads.show_extension(FakeCmd(), **COORDS, name="flux")
    assert shown["extensionType"] == "microsoft.flux" and shown["provisioningState"] == "Succeeded"
    assert [e["name"] for e in extension_reads.list_extensions(FakeCmd(), **COORDS)] == ["flux"]
    with pytest.raises(ResourceNotFoundError, match="Extension 'other' not found on cluster 'arc1'") as e:
        extension_reads.show_extension(FakeCmd(), **COORDS, name="other")
    assert "az k8s-extension list -g rg -c arc1 -t connectedClusters" in e.value.recommendations[0]
