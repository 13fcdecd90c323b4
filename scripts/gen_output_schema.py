"""Write azext_k8s_configuration/arm/output_schema.py: what az prints for each SDK model, as plain data.

The read commands (show/list) print ARM's JSON in the shape az gives the SDK models (properties hoisted,
az's names, every known field, datetimes as Python prints them) without importing the SDKs: that import and
the model deserialisation were most of the time a read spent above `az rest` (bench/results.md, reads).
This script reads the names and types from the SDK models themselves, so the table cannot be written by hand;
tests/unit/test_output_schema.py runs it again and fails when the committed table differs (a new SDK release).

    .venv/bin/python scripts/gen_output_schema.py          # rewrite the table
"""
import os
import pprint
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "azext_k8s_configuration", "arm", "output_schema.py")

HEADER = '''"""What az prints for each resource the read commands return (generated: scripts/gen_output_schema.py).

MODELS: model name -> [(output name, wire path, kind)], in the order az prints them. The wire path is a tuple of
member names (a hoisted `properties` member is ("properties", name)); kind is "plain", "datetime", a model name,
or ("list", kind) / ("dict", kind). ROOTS: resource -> model name. Do not edit: run the script.
"""
'''


def _kind(deserializer):
    """The kind of a model field, read from the SDK's deserializer callable."""
    from functools import partial
    if isinstance(deserializer, list):  # a union (enum or str): the wire value as it is
        return "plain"
    if isinstance(deserializer, type):
        return deserializer.__name__ if getattr(deserializer, "_is_model", False) else "plain"
    if isinstance(deserializer, partial):
        name = getattr(deserializer.func, "__name__", "")
        if name == "_deserialize_with_optional":
            return _kind(deserializer.args[0])
        if name == "_deserialize_model":
            return deserializer.args[0].__name__
        if name == "_deserialize_dict":
            return ("dict", _kind(deserializer.args[0]))
        if name == "_deserialize_sequence":
            return ("list", _kind(deserializer.args[0]))
        if name == "_deserialize_default":
            return _kind(deserializer.args[0])
        if name == "_deserialize_with_union":
            kinds = {_kind(member) for member in deserializer.args[0]}
            if kinds == {"plain"}:
                return "plain"
        raise ValueError(f"unknown deserializer {deserializer!r}")
    name = getattr(deserializer, "__name__", "")
    if name == "<lambda>" and deserializer("x") == "x":  # typing.Any: the wire value as it is
        return "plain"
    if name == "_deserialize_datetime":
        return "datetime"
    if name == "_deserialize_default":
        return "plain"
    raise ValueError(f"unknown deserializer {deserializer!r}")


def _field_kind(field):
    class_type = field._class_type
    if isinstance(class_type, type) and getattr(class_type, "_is_model", False):
        return class_type.__name__
    return _kind(field._type)


def _models_of(kind):
    if isinstance(kind, tuple):
        return _models_of(kind[1])
    return [] if kind in ("plain", "datetime") else [kind]


def build(roots):
    """{model name: [(output name, wire path, kind)]} for the root classes and every model they contain."""
    from azext_k8s_configuration.arm.output import _class_fields, _flattened_attribute
    classes = {cls.__name__: cls for cls in roots.values()}
    for root in roots.values():  # the SDK fills a model's _attr_to_rest_field on its first use
        module = sys.modules[root.__module__]
        for value in vars(module).values():
            if isinstance(value, type) and getattr(value, "_is_model", False) and value.__module__ == module.__name__:
                value({})
    models = {}
    pending = list(classes)
    while pending:
        name = pending.pop()
        if name in models:
            continue
        cls = classes[name]
        flattened = _flattened_attribute(cls)
        fields = {}
        for attr, field in cls._attr_to_rest_field.items():
            if attr == flattened:
                inner = field._class_type
                for inner_attr, inner_field in inner._attr_to_rest_field.items():
                    fields.setdefault(inner_attr, ((field._rest_name, inner_field._rest_name), inner_field))
            else:
                fields.setdefault(attr, ((field._rest_name,), field))
        rows = []
        for output_name, attr in _class_fields(cls):
            path, field = fields[attr]
            kind = _field_kind(field)
            rows.append((output_name, path, kind))
            for model in _models_of(kind):
                if model not in classes:
                    module = sys.modules[cls.__module__]
                    classes[model] = getattr(module, model)
                pending.append(model)
        models[name] = rows
    return models


def sdk_roots():
    from azure.mgmt.kubernetesconfiguration.extensions.models import Extension
    from azure.mgmt.kubernetesconfiguration.fluxconfigurations.models import FluxConfiguration
    return {"fluxConfigurations": FluxConfiguration, "extensions": Extension}


def render():
    roots = sdk_roots()
    models = build(roots)
    body = "MODELS = " + pprint.pformat(dict(sorted(models.items())), width=116, sort_dicts=False) + "\n\n"
    body += "ROOTS = " + pprint.pformat({k: v.__name__ for k, v in roots.items()}, width=116) + "\n"
    return HEADER + "\n" + body


def main():
    sys.path.insert(0, ROOT)
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write(render())
    print("wrote", os.path.relpath(TARGET, ROOT))


if __name__ == "__main__":
    main()
