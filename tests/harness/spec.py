"""The Azure REST specs in <repo>/../shared/spec, as JSON-schema validators and example lists (tests only)."""
import glob
import json
import os

from . import SHARED_DIR

RP_DIR = os.path.join(SHARED_DIR, "spec", "specification", "kubernetesconfiguration", "resource-manager",
                      "Microsoft.KubernetesConfiguration")
FILES = {
    "fluxConfigurations": os.path.join(RP_DIR, "fluxConfigurations", "stable", "2025-04-01", "fluxconfiguration.json"),
    "extensions": os.path.join(RP_DIR, "extensions", "stable", "2025-03-01", "extensions.json"),
    "sourceControlConfigurations": os.path.join(RP_DIR, "sourceControlConfigurations", "stable", "2024-11-01",
                                                "kubernetesconfiguration.json"),
    "extensionTypes": os.path.join(RP_DIR, "extensionTypes", "preview", "2024-11-01-preview", "extensionTypes.json"),
}


def available():
    return all(os.path.exists(p) for p in FILES.values())


_cache = {}


def load(path):
    path = os.path.normpath(path)
    if path not in _cache:
        with open(path, encoding="utf-8") as f:
            _cache[path] = json.load(f)
    return _cache[path]


def resolve_ref(ref, base_file):
    """'file.json#/definitions/X' relative to base_file -> (absolute file, definition name)."""
    file_part, _, pointer = ref.partition("#")
    path = os.path.normpath(os.path.join(os.path.dirname(base_file), file_part)) if file_part else base_file
    return path, pointer.rsplit("/", 1)[-1]


def definition(path, name):
    return load(path)["definitions"][name]


class SchemaRegistry:
    """Turns swagger definitions into one JSON schema document with every reachable definition under
    "definitions" (keyed by file and name, so cross-file and recursive refs work).

    Nulls: the service (and the spec's own examples) return null for unset members whether or not the spec
    says x-nullable, so null is accepted for every member; everything else is checked as written.
    """

    def __init__(self):
        self.defs = {}

    def ref_for(self, path, name):
        rel = os.path.relpath(path, SHARED_DIR)
        key = (rel + ":" + name).replace("/", ".").replace("~", "-")
        if key not in self.defs:
            self.defs[key] = {}
            self.defs[key] = self.convert(definition(path, name), path)
        return {"$ref": "#/definitions/" + key}

    def convert(self, node, path):
        if isinstance(node, list):
            return [self.convert(n, path) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            ref_path, name = resolve_ref(node["$ref"], path)
            return {"anyOf": [self.ref_for(ref_path, name), {"type": "null"}]}
        out = {}
        for key, value in node.items():
            if key.startswith("x-") or key in ("description", "example", "format", "discriminator", "title"):
                continue
            if key == "properties":
                out[key] = {k: self.convert(v, path) for k, v in value.items()}
            elif key in ("items", "additionalProperties") and isinstance(value, dict):
                out[key] = self.convert(value, path)
            elif key == "allOf":
                out[key] = [self.convert(v, path) for v in value]
            else:
                out[key] = value
        if "type" in out and isinstance(out["type"], str):
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = list(out["enum"]) + [None]
        return out

    def validator(self, schema_node, path):
        import jsonschema
        doc = dict(self.convert(schema_node, path))
        doc["definitions"] = self.defs
        return jsonschema.Draft4Validator(doc)


def operations(resource):
    """[(method, path template, operation, example files)] of a spec file."""
    path = FILES[resource]
    spec = load(path)
    out = []
    for template, ops in spec["paths"].items():
        for method, op in ops.items():
            if method == "parameters":
                continue
            examples = [os.path.normpath(os.path.join(os.path.dirname(path), e["$ref"]))
                        for e in (op.get("x-ms-examples") or {}).values()]
            out.append((method.upper(), template, op, examples))
    return out


def response_validator(resource, op, status):
    response = op["responses"].get(str(status))
    if not response or "schema" not in response:
        return None
    return SchemaRegistry().validator(response["schema"], FILES[resource])


def example_files():
    return sorted(glob.glob(os.path.join(RP_DIR, "*", "stable", "*", "examples", "*.json")))


def errors(validator, instance):
    return ["{}: {}".format("/".join(str(p) for p in e.absolute_path), e.message)
            for e in validator.iter_errors(instance)]
