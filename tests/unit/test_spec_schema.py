"""The spec loader itself: the spec's own examples pass, and it catches the mistakes it is meant to catch."""
import glob
import json
import os

import jsonschema
import pytest
from spec_schema import RP_ROOT, errors_against_spec, validate_against_spec

REQUEST_KEYS = {"fluxConfiguration": "FluxConfiguration", "fluxConfigurationPatch": "FluxConfigurationPatch",
                "extension": "Extension", "patchExtension": "PatchExtension"}
EXAMPLES = sorted(glob.glob(str(RP_ROOT / "fluxConfigurations/stable/2025-04-01/examples/*.json"))
                  + glob.glob(str(RP_ROOT / "extensions/stable/2025-03-01/examples/*.json")))


def _request_examples():
    for path in EXAMPLES:
        parameters = json.load(open(path, encoding="utf-8"))["parameters"]
        for key, definition in REQUEST_KEYS.items():
            if key in parameters:
                yield pytest.param(parameters[key], definition, id=os.path.basename(path))


def _response_examples():
    for path in EXAMPLES:
        name = os.path.basename(path)
        if not name.startswith("Get") or "AsyncOperation" in name:
            continue
        body = json.load(open(path, encoding="utf-8"))["responses"]["200"]["body"]
        yield pytest.param(body, "FluxConfiguration" if "Flux" in name else "Extension", id=name)


def test_examples_found():
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize("body, definition", list(_request_examples()))
def test_spec_request_examples_validate(body, definition):
    assert errors_against_spec(body, definition) == []


@pytest.mark.parametrize("body, definition", list(_response_examples()))
def test_spec_response_examples_validate_in_response_mode(body, definition):
    assert errors_against_spec(body, definition, request=False) == []


@pytest.mark.parametrize("body, fragment", [
    ({"properties": {"bogus": 1}}, "'bogus' was unexpected"),
    ({"properties": {"gitRepository": {"urll": "x"}}}, "'urll' was unexpected"),
    ({"properties": {"scope": "tenant"}}, "is not one of"),
    ({"properties": {"sourceKind": "Git"}}, "is not one of"),
    ({"properties": {"kustomizations": {"a": {"timeoutInSeconds": "600"}}}}, "not valid under any"),
    ({"properties": {"kustomizations": {"a": {"name": "a"}}}}, "not valid under any"),  # readOnly
    ({"properties": {"statuses": []}}, "should not be valid"),  # readOnly
    ({"properties": {"suspend": None}}, "is not of type"),
    ({"properties": {"gitRepository": {"provider": "azure"}}}, "not valid under any"),
])
def test_create_mistakes_are_caught(body, fragment):
    errors = errors_against_spec(body, "FluxConfiguration")
    assert errors and any(fragment in e for e in errors), errors


def test_patch_allows_merge_patch_nulls():
    validate_against_spec({"properties": {"gitRepository": None, "kustomizations": {"apps": None},
                                          "configurationProtectedSettings": {"httpsKey": None}}},
                          "FluxConfigurationPatch")
    with pytest.raises(jsonschema.ValidationError):
        validate_against_spec({"properties": {"scope": "cluster"}}, "FluxConfigurationPatch")
    with pytest.raises(jsonschema.ValidationError):
        validate_against_spec({"properties": {"kustomizations": {"apps": None}}}, "FluxConfiguration")


def test_unknown_definition():
    with pytest.raises(KeyError):
        validate_against_spec({}, "NoSuchThing")
