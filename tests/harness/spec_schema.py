"""Validate request bodies against the Azure REST API specs in ../shared/spec (Swagger 2.0 -> JSON Schema).

    from spec_schema import validate_against_spec
    validate_against_spec(body, "FluxConfiguration")          # PUT body
    validate_against_spec(patch, "FluxConfigurationPatch")    # PATCH body
    validate_against_spec(body, "Extension")                  # extensions.json
    validate_against_spec(patch, "PatchExtension")            # (the spec spells it 'patchExtension')
    validator_for_node(response["schema"], spec_file, request=False)   # any inline schema node of a spec file

The one Swagger -> JSON Schema converter of the tests: request bodies (unit, fuzz and scenario tests) and the
emulator's responses (tests/harness/spec.py) are checked by the same rules, with one null policy per mode.

How Swagger is read (stricter than the Swagger itself, so typos in our bodies are caught):
  * ``x-nullable: true`` -> null allowed;
  * objects that list ``properties`` refuse unknown properties (``additionalProperties: false``, or
    ``unevaluatedProperties: false`` next to ``allOf``) — in the RP's own files, not in common-types;
  * request mode (default): ``readOnly`` properties must not be sent;
  * definitions whose name contains "patch" follow JSON merge-patch (RFC 7396, what ARM PATCH uses):
    any property, or map value, may be null (= remove), e.g. ``{"kustomizations": {"apps": null}}``;
  * response mode (``request=False``): readOnly properties are allowed, any property may be null (the
    service's own examples return nulls where the Swagger does not say ``x-nullable``), and members the Swagger
    does not list are allowed (the service's examples carry members of newer API versions); everything else —
    types, enums, required members — is checked as written.
Raises ``jsonschema.ValidationError`` (with the failing path) when the body does not conform.
"""
import functools
import json
import os
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REPO = Path(__file__).resolve().parents[2]
RP_ROOT = Path(os.environ.get(
    "K8S_CONFIGURATION_SPEC_ROOT",
    REPO.parent / "shared" / "spec" / "specification" / "kubernetesconfiguration" / "resource-manager"
    / "Microsoft.KubernetesConfiguration"))
SPEC_FILES = {
    "fluxConfigurations": RP_ROOT / "fluxConfigurations" / "stable" / "2025-04-01" / "fluxconfiguration.json",
    "extensions": RP_ROOT / "extensions" / "stable" / "2025-03-01" / "extensions.json",
}
DEFINITION_FILES = {
    "FluxConfiguration": "fluxConfigurations",
    "FluxConfigurationPatch": "fluxConfigurations",
    "Extension": "extensions",
    "PatchExtension": "extensions",
}


def validate_against_spec(body, definition, request=True):
    """Raise jsonschema.ValidationError unless ``body`` conforms to ``definition`` of the spec."""
    validator_for(definition, request).validate(body)


def errors_against_spec(body, definition, request=True):
    """All validation errors as 'path: message' strings (empty list when valid)."""
    return [f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
            for error in validator_for(definition, request).iter_errors(body)]


@functools.lru_cache(maxsize=None)
def validator_for(definition, request=True):
    file_key = DEFINITION_FILES.get(definition)
    if file_key is None:
        for key, path in SPEC_FILES.items():
            if _actual_name(path, definition):
                file_key = key
                break
    if file_key is None:
        raise KeyError(f"unknown definition {definition!r}")
    path = SPEC_FILES[file_key]
    name = _actual_name(path, definition)
    registry = Registry(retrieve=functools.partial(_retrieve, request=request))
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$ref": f"{path.as_uri()}#/definitions/{name}"}
    return jsonschema.Draft202012Validator(schema, registry=registry)


def validator_for_node(node, path, request=True):
    """A validator for an inline schema node of spec file ``path`` (e.g. an operation's response schema)."""
    path = Path(path)
    registry = Registry(retrieve=functools.partial(_retrieve, request=request))
    strict = request and path.resolve().is_relative_to(RP_ROOT.resolve())
    schema = _convert(_absolute_refs(node, path), strict=strict, request=request, patch=not request)
    schema = dict(schema, **{"$schema": "https://json-schema.org/draft/2020-12/schema"})
    return jsonschema.Draft202012Validator(schema, registry=registry)


def _absolute_refs(node, path):
    """'$ref's of an inline node, made absolute (file URI of the spec file they are relative to)."""
    if isinstance(node, list):
        return [_absolute_refs(item, path) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _absolute_refs(value, path) for key, value in node.items()}
    if isinstance(out.get("$ref"), str):
        file_part, _, pointer = out["$ref"].partition("#")
        target = (path.parent / file_part).resolve() if file_part else path.resolve()
        out["$ref"] = f"{target.as_uri()}#{pointer}"
    return out


def _actual_name(path, definition):
    """Definition names compared without case ('PatchExtension' is 'patchExtension' in the spec)."""
    for name in _load(str(path))["definitions"]:
        if name.lower() == definition.lower():
            return name
    return None


@functools.lru_cache(maxsize=None)
def _load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _retrieve(uri, request):
    path = url2pathname(urlsplit(uri).path) if uri.startswith("file:") else uri
    document = json.loads(json.dumps(_load(path)))  # private copy
    strict = request and Path(path).resolve().is_relative_to(RP_ROOT.resolve())
    definitions = document.get("definitions", {})
    for name in list(definitions):
        definitions[name] = _convert(definitions[name], strict=strict, request=request,
                                     patch="patch" in name.lower() or not request)
    return Resource.from_contents(document, default_specification=DRAFT202012)


def _convert(node, strict, request, patch):
    """Swagger schema node -> JSON Schema 2020-12 node (see the module docstring)."""
    if not isinstance(node, dict):
        return node
    node = dict(node)
    if "properties" in node:
        node["properties"] = {
            key: _property(value, strict, request, patch) for key, value in node["properties"].items()}
    if isinstance(node.get("additionalProperties"), dict):
        converted = _convert(node["additionalProperties"], strict, request, patch)
        node["additionalProperties"] = _nullable(converted) if patch else converted
    if "items" in node:
        node["items"] = _convert(node["items"], strict, request, patch)
    if "allOf" in node:
        node["allOf"] = [_convert(item, strict, request, patch) for item in node["allOf"]]
    if strict and "properties" in node and "additionalProperties" not in node:
        node["unevaluatedProperties" if "allOf" in node else "additionalProperties"] = False
    if node.pop("x-nullable", False) is True:
        node = _nullable(node)
    return node


def _property(value, strict, request, patch):
    if request and isinstance(value, dict) and value.get("readOnly") is True:
        return {"not": {}, "description": "readOnly: must not be sent"}
    converted = _convert(value, strict, request, patch)
    return _nullable(converted) if patch else converted


def _nullable(node):
    return {"anyOf": [node, {"type": "null"}]}
