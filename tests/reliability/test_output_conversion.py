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
