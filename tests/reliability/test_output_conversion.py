"""The fast output path (azext_k8s_configuration/arm/output.py, the `transform` of every command) prints
exactly what az's own `todict` would: checked on every response body of the spec's examples, as SDK models.

It exists because az's conversion of TypeSpec models was the cost of `flux list` at scale (bench/, scale)."""
import glob
import json
import os

import pytest

from tests.harness.spec import RP_DIR


def _bodies(resource, version):
    out = []
    for path in sorted(glob.glob(os.path.join(RP_DIR, resource, "stable", version, "examples", "*.json"))):
        with open(path, encoding="utf-8") as f:
            example = json.load(f)
        for status, response in (example.get("responses") or {}).items():
            body = response.get("body")
            if isinstance(body, dict) and body:
                out.append(("{}:{}".format(os.path.basename(path), status), body))
    return out


def _cases():
    cases = []
    for resource, version in (("fluxConfigurations", "2025-04-01"), ("extensions", "2025-03-01")):
        for label, body in _bodies(resource, version):
            cases.append(pytest.param(resource, body, id=label))
    return cases


def _model(resource, body):
    if resource == "fluxConfigurations":
        from azure.mgmt.kubernetesconfiguration.fluxconfigurations.models import FluxConfiguration as Model
    else:
        from azure.mgmt.kubernetesconfiguration.extensions.models import Extension as Model
    if "value" in body:  # a list page
        return [Model(item) for item in body["value"]]
    if "properties" not in body:  # an operation status document: not a resource
        return None
    return Model(body)


@pytest.mark.parametrize("resource,body", _cases())
def test_same_json_as_az_todict(resource, body):
    from azure.cli.core.commands import AzCliCommandInvoker
    from azure.cli.core.util import todict

    from azext_k8s_configuration.arm.output import to_output
    result = _model(resource, body)
    if result is None:
        pytest.skip("not a resource body")
    expected = todict(result, AzCliCommandInvoker.remove_additional_prop_layer)
    got = to_output(result)
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)
    assert list(json.dumps(got)) == list(json.dumps(expected))  # same key order too (what -o json prints)


def test_statuses_and_plain_values_pass_through():
    from azure.mgmt.kubernetesconfiguration.fluxconfigurations.models import FluxConfiguration

    from azext_k8s_configuration.arm.output import to_output
    [(_, body)] = [b for b in _bodies("fluxConfigurations", "2025-04-01") if b[0].startswith("GetFlux")][:1]
    statuses = FluxConfiguration(body).statuses
    assert isinstance(to_output(statuses), list) and to_output(statuses)
    assert to_output(None) is None and to_output("x") == "x" and to_output({"a": [1]}) == {"a": [1]}


def _synthetic(resource):
    """Bodies the spec's examples do not show: no properties, empty blocks, 7-digit and offset datetimes,
    members the SDK does not know, values of the wrong type."""
    name = "fluxConfigurations" if resource == "fluxConfigurations" else "extensions"
    base = {"id": f"/x/{name}/a", "name": "a", "type": f"Microsoft.KubernetesConfiguration/{name}"}
    return [
        dict(base),
        dict(base, properties={}),
        dict(base, properties={"notInTheModel": 1, "statuses": [], "kustomizations": {}},
             systemData={"createdAt": "2026-12-07T02:00:00.1234567Z", "lastModifiedAt": "2026-12-07T02:00:00+02:00"}),
        dict(base, properties={"kustomizations": {"k": {"path": "./p", "dependsOn": ["x"], "unknown": True}},
                               "statuses": [{"kind": "GitRepository", "statusConditions": [
                                   {"lastTransitionTime": "2026-01-01T00:00:00Z", "status": "True"}]}],
                               "configurationSettings": {"a": "b"}, "statusUpdatedAt": "2026-01-01T00:00:00.5Z"}),
    ]


@pytest.mark.parametrize("resource,body", _cases() + [
    pytest.param(resource, body, id=f"{resource}-synthetic-{i}")
    for resource in ("fluxConfigurations", "extensions") for i, body in enumerate(_synthetic(resource))])
def test_read_path_prints_what_az_prints_for_the_sdk_model(resource, body):
    """The read commands convert ARM's JSON without the SDK (arm/wire_output.py): the same bytes as az's todict
    of the SDK model, key order included."""
    from azure.cli.core.commands import AzCliCommandInvoker
    from azure.cli.core.util import todict

    from azext_k8s_configuration.arm import wire_output
    if "value" in body:
        expected = todict(_model(resource, body), AzCliCommandInvoker.remove_additional_prop_layer)
        got = [wire_output.resource(item, resource) for item in body["value"]]
    else:
        if "properties" not in body and "systemData" not in body and body.get("status"):
            pytest.skip("an operation status document: not a resource")
        from azure.mgmt.kubernetesconfiguration.extensions.models import Extension
        from azure.mgmt.kubernetesconfiguration.fluxconfigurations.models import FluxConfiguration
        model = (FluxConfiguration if resource == "fluxConfigurations" else Extension)(body)
        expected = todict(model, AzCliCommandInvoker.remove_additional_prop_layer)
        got = wire_output.resource(body, resource)
    assert json.dumps(got) == json.dumps(expected)


def test_the_generated_output_schema_is_what_the_installed_sdks_say():
    """output_schema.py is generated from the SDK models (scripts/gen_output_schema.py): a new SDK release that
    renames, adds or retypes a field fails here until the table is generated again."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "gen_output_schema", os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "gen_output_schema.py"))
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    with open(generator.TARGET, encoding="utf-8") as f:
        assert f.read() == generator.render()
