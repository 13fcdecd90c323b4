"""Every example request in ../shared/spec/**/examples is accepted by the emulator and answered in the spec's
shape: the status code is one the example lists, and bodies validate (jsonschema) against the spec's
response definitions. Example coordinates are kept (cluster type, names), the resource group is made unique."""
import json
import os
import time
import uuid

import pytest

from tests.harness import spec
from tests.harness.arm import API, cluster_path

pytestmark = pytest.mark.skipif(not spec.available(), reason="../shared/spec not present")

RESOURCE_OF = {"fluxConfigurations": "fluxConfigurations", "extensions": "extensions"}


def _examples():
    if not spec.available():
        return []
    out = []
    for resource in ("fluxConfigurations", "extensions", "sourceControlConfigurations"):
        for method, template, op, examples in spec.operations(resource):
            for path in examples:
                if os.path.exists(path):
                    out.append(pytest.param(resource, method, template, op, path,
                                            id="{}-{}".format(resource, os.path.basename(path)[:-5])))
    return out


def _validate(resource, op, status, body):
    validator = spec.response_validator(resource, op, status)
    if validator is not None and body is not None:
        problems = spec.errors(validator, body)
        assert problems == [], problems


def _resource_body(resource, example):
    """A body to create the example's resource first (for GET/PATCH/DELETE/status examples)."""
    if resource == "sourceControlConfigurations":
        return {"properties": {"repositoryUrl": "git@github.com:org/repo.git", "operatorNamespace": "ns",
                               "operatorScope": "namespace"}}
    if resource == "fluxConfigurations":
        return {"properties": {"scope": "cluster", "namespace": "srs-namespace", "sourceKind": "GitRepository",
                               "gitRepository": {"url": "https://github.com/Azure/arc-k8s-demo",
                                                 "repositoryRef": {"branch": "master"}},
                               "kustomizations": {"srs-kustomization1": {"path": "./test/path"},
                                                  "srs-kustomization2": {"path": "./other",
                                                                         "dependsOn": ["srs-kustomization1"]}}}}
    response = example["responses"].get("200", {}).get("body") or {}
    ext_type = (response.get("properties") or {}).get("extensionType") or "azuremonitor-containers"
    body = {"properties": {"extensionType": ext_type, "configurationSettings": {"a": "b"}}}
    if response.get("plan"):
        body["plan"] = response["plan"]
    return body


@pytest.mark.parametrize("resource,method,template,op,example_path", _examples())
def test_spec_example(arm, emulator, example_extension_types, resource, method, template, op, example_path):
    with open(example_path, encoding="utf-8") as f:
        example = json.load(f)
    params = dict(example["parameters"])
    rg = "{}-{}".format(params["resourceGroupName"], uuid.uuid4().hex[:6])
    cluster_type = params["clusterResourceName"]
    emulator.add_cluster(rg, params["clusterName"], cluster_type, location=EXAMPLE_LOCATIONS[0])
    cluster = cluster_path(emulator.subscription_id, rg, params["clusterName"], cluster_type)
    assert params["clusterRp"].lower() in cluster.lower()
    collection_path = cluster + "/providers/Microsoft.KubernetesConfiguration/" + resource
    name = params.get("fluxConfigurationName") or params.get("extensionName") or \
        params.get("sourceControlConfigurationName")
    version = params["api-version"]
    assert version == API[resource]
    body = next((v for v in params.values() if isinstance(v, dict)), None)
    if resource == "fluxConfigurations":  # the RP rule: microsoft.flux first
        resp = arm.put(cluster + "/providers/Microsoft.KubernetesConfiguration/extensions/flux",
                       {"properties": {"extensionType": "microsoft.flux"}}, API["extensions"])
        assert arm.wait(resp)["status"] == "Succeeded"

    op_id = None
    if method != "PUT" and name:
        created = arm.put(collection_path + "/" + name, _resource_body(resource, example), version)
        assert created.status_code == 201, created.text
        if "Azure-AsyncOperation" in created.headers:  # Flux v1 configurations are created synchronously
            op_id = created.headers["Azure-AsyncOperation"].split("/operations/")[1].split("?")[0]
            assert arm.wait(created)["status"] == "Succeeded"

    url = collection_path + ("/" + name if name else "")
    if "operationId" in params:
        url += "/operations/" + op_id
    resp = arm.request(method, url, version, json=body)
    assert str(resp.status_code) in example["responses"], (resp.status_code, resp.text)
    _validate(resource, op, resp.status_code, resp.json() if resp.content else None)
    if resp.content and body and "configurationProtectedSettings" in json.dumps(body):
        secret_values = [v for v in (body["properties"].get("configurationProtectedSettings") or {}).values()]
        assert not any(v in resp.text for v in secret_values)

    if "Azure-AsyncOperation" in resp.headers:  # follow the LRO and check the final state's shape
        status = arm.get(resp.headers["Azure-AsyncOperation"])
        assert status.status_code == 200
        status_op = next(o for m, t, o, _ in spec.operations(resource) if t.endswith("/operations/{operationId}"))
        _validate(resource, status_op, 200, status.json())
        assert arm.wait(resp)["status"] == "Succeeded"
        if method != "DELETE":
            time.sleep(emulator.operation_seconds + 0.05)  # let the simulated status settle too
            final = arm.get(collection_path + "/" + name, version)
            get_op = next(o for m, t, o, _ in spec.operations(resource) if m == "GET" and t.endswith("}")
                          and not t.endswith("{operationId}"))
            _validate(resource, get_op, 200, final.json())
        else:
            assert arm.get(collection_path + "/" + name, version).status_code == 404


def test_the_response_validator_is_not_vacuous():
    get_op = next(o for m, t, o, _ in spec.operations("fluxConfigurations")
                  if m == "GET" and t.endswith("{fluxConfigurationName}"))
    validator = spec.response_validator("fluxConfigurations", get_op, 200)
    assert spec.errors(validator, {"properties": {"complianceState": "Bogus"}})
    assert spec.errors(validator, {"properties": {"statuses": [{"statusConditions": "x"}]}})
    assert spec.errors(validator, {"properties": {"gitRepository": {"timeoutInSeconds": "600"}}})


# The extension types the extensionTypes examples ask about, added to the emulator's catalog as a seed file would
# add them; offered only in the examples' locations (westus, westus2), so the catalog other tests read in eastus
# stays as it is.
EXAMPLE_LOCATIONS = ["westus", "westus2"]
EXAMPLE_PLAN = {"publisherId": "myPublisherId", "offerId": "myOfferId", "planId": "myPlanId"}
EXAMPLE_TYPES = [
    {"name": name, "publisher": "Microsoft", "description": "My extension type!", "clusterTypes": ["connectedClusters"],
     "defaultScope": "cluster", "releaseNamespace": "kube-system", "multipleInstances": True, "managedIdentity": True,
     "plan": EXAMPLE_PLAN,
     "versions": [{"version": version, "trains": ["stable"], "locations": EXAMPLE_LOCATIONS,
                   "unsupportedKubernetes": {"connectedCluster": [{"distributions": ["GKE"],
                                                                   "unsupportedVersions": [">1.22"]}]}}
                  for version in versions]}
    for name, versions in (("my-extension-type", ["1.1.0", "v1.3.2", "2.0.0", "2.1.0"]),
                           ("extensionType1", ["1.1.0", "1.20.0", "2.0.0", "2.2.0"]))]
# The types the extensions examples install (the service installs only types its catalog offers the cluster), with
# the same reach; the microsoft.flux the fluxConfigurations examples need is offered everywhere.
EXAMPLE_TYPES += [
    {"name": name, "publisher": "Microsoft", "clusterTypes": ["connectedClusters", "managedClusters",
                                                              "provisionedClusters", "appliances"],
     "versions": [{"version": "1.0.0", "trains": ["stable", "preview"], "locations": EXAMPLE_LOCATIONS}]}
    for name in ("azuremonitor-containers", "azure-vote")]


def _extension_type_examples():
    if not spec.available():
        return []
    return [pytest.param(method, template, op, path, id="extensionTypes-" + os.path.basename(path)[:-5])
            for method, template, op, examples in spec.operations("extensionTypes") for path in examples]


@pytest.fixture(scope="module")
def example_extension_types(emulator):
    from k8s_configuration_emulator.seed import apply_seed_data
    from k8s_configuration_emulator.store import Store
    apply_seed_data(Store(emulator.data_dir), emulator.subscription_id, emulator.tenant_id,
                    {"extensionTypes": EXAMPLE_TYPES})


@pytest.mark.parametrize("method,template,op,example_path", _extension_type_examples())
def test_extension_type_spec_example(arm, emulator, example_extension_types, method, template, op, example_path):
    """Each extensionTypes example, as the example asks it (path and query), answers 200 in the spec's shape, and
    a list answers with something."""
    with open(example_path, encoding="utf-8") as f:
        example = json.load(f)
    params = dict(example["parameters"], subscriptionId=emulator.subscription_id)
    if "resourceGroupName" in params:
        params["resourceGroupName"] = "{}-{}".format(params["resourceGroupName"], uuid.uuid4().hex[:6])
        emulator.add_cluster(params["resourceGroupName"], params["clusterName"], params["clusterResourceName"],
                             location=EXAMPLE_LOCATIONS[0])
    path = template
    for name in list(params):
        if "{" + name + "}" in path:
            path = path.replace("{" + name + "}", str(params.pop(name)))
    version = params.pop("api-version")
    assert version == API["extensionTypes"]
    resp = arm.request(method, path, version, params={k: str(v).lower() if isinstance(v, bool) else v
                                                        for k, v in params.items()})
    assert str(resp.status_code) in example["responses"], (resp.status_code, resp.text)
    _validate("extensionTypes", op, resp.status_code, resp.json())
    if "x-ms-pageable" in op:
        assert resp.json()["value"], "the example's filters find nothing"


@pytest.mark.parametrize("resource", ["fluxConfigurations", "extensions", "extensionTypes"])
def test_the_spec_examples_own_responses_validate(resource):
    """Sanity: the validator (with its null leniency) accepts the spec's own example responses."""
    for _method, _template, op, examples in spec.operations(resource):
        for path in examples:
            with open(path, encoding="utf-8") as f:
                example = json.load(f)
            for status, response in example["responses"].items():
                validator = spec.response_validator(resource, op, status)
                if validator is not None and response.get("body") is not None:
                    assert spec.errors(validator, response["body"]) == [], (path, status)


def test_source_control_configurations_answer_in_the_spec_shape(paths):
    """Flux v1 with every optional member: a create/get/list/delete against the spec's response schemas."""
    ops = {o["operationId"]: o for _, _, o, _ in spec.operations("sourceControlConfigurations")}
    body = {"properties": {"repositoryUrl": "git@github.com:org/repo.git", "operatorNamespace": "legacy",
                           "operatorInstanceName": "legacy", "operatorType": "Flux", "operatorScope": "namespace",
                           "operatorParams": "--git-readonly", "enableHelmOperator": True,
                           "helmOperatorProperties": {"chartVersion": "1.4.0", "chartValues": "--set a=b"},
                           "configurationProtectedSettings": {"sshPrivateKey": "c2VjcmV0"}}}
    created = paths.put("sourceControlConfigurations", "legacy", body)
    assert created.status_code == 201
    assert "c2VjcmV0" not in created.text
    _validate("sourceControlConfigurations", ops["SourceControlConfigurations_CreateOrUpdate"], 201, created.json())
    shown = paths.get("sourceControlConfigurations", "legacy")
    _validate("sourceControlConfigurations", ops["SourceControlConfigurations_Get"], 200, shown.json())
    assert shown.json()["properties"]["operatorScope"] == "namespace"
    listed = paths.get("sourceControlConfigurations")
    _validate("sourceControlConfigurations", ops["SourceControlConfigurations_List"], 200, listed.json())
    deleted = paths.delete("sourceControlConfigurations", "legacy")
    assert str(deleted.status_code) in ops["SourceControlConfigurations_Delete"]["responses"]
