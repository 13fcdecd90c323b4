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
    from .spec_schema import validator_for_node
    return validator_for_node(response["schema"], FILES[resource], request=False)


def example_files():
    return sorted(glob.glob(os.path.join(RP_DIR, "*", "stable", "*", "examples", "*.json")))


def errors(validator, instance):
    return ["{}: {}".format("/".join(str(p) for p in e.absolute_path), e.message)
            for e in validator.iter_errors(instance)]


GRAPH_FILE = os.path.join(SHARED_DIR, "spec", "specification", "resourcegraph", "resource-manager",
                          "Microsoft.ResourceGraph", "stable", "2024-04-01", "resourcegraph.json")


def graph_available():
    return os.path.exists(GRAPH_FILE)


def graph_validator(definition_name, request=False):
    """A validator of one definition of the Resource Graph spec (QueryRequest, QueryResponse, ErrorResponse...)."""
    from .spec_schema import validator_for_node
    return validator_for_node({"$ref": "#/definitions/" + definition_name}, GRAPH_FILE, request=request)


def graph_examples():
    return sorted(glob.glob(os.path.join(os.path.dirname(GRAPH_FILE), "examples", "*.json")))
