"""ARM JSON → what az prints for the SDK model of that resource, with no SDK: the read commands' output.

az prints a resource read through the SDK with `properties` hoisted next to `id` and `name`, every field the
model knows (null when the service left it out; members the model does not know dropped), the model's names
(`httpsCACert` is printed `httpsCaCert`) in the model's order, and datetimes as Python writes them. The read
commands (show, list) skip the SDK and its models, whose import and deserialisation cost more than the request
itself (bench/results.md); output_schema.py holds those names, orders and types, generated from the SDK models,
and tests/reliability/test_output_conversion.py proves the result byte for byte equal to az's on every example of
the spec.
"""
from .output_schema import MODELS, ROOTS


def resource(wire, collection):
    """The output of one resource of a collection (fluxConfigurations, extensions)."""
    return model(wire, ROOTS[collection])


def model(wire, name):
    """The output of a wire object read as the SDK model `name`; None stays None."""
    if wire is None:
        return None
    if not isinstance(wire, dict):
        return wire
    out = {}
    for output_name, path, kind in MODELS[name]:
        value = wire
        for member in path:
            value = value.get(member) if isinstance(value, dict) else None
        out[output_name] = _value(value, kind)
    return out


def _value(value, kind):
    if value is None or kind == "plain":
        return value
    if kind == "datetime":
        return _datetime(value)
    if isinstance(kind, tuple):
        container, inner = kind
        if container == "list" and isinstance(value, list):
            return [_value(item, inner) for item in value]
        if container == "dict" and isinstance(value, dict):
            return {key: _value(item, inner) for key, item in value.items()}
        return value
    return model(value, kind)


def _datetime(value):
    """An ISO 8601 string as the SDK reads it (at most six decimals) and az prints it (datetime.isoformat)."""
    if not isinstance(value, str):
        return value
    text = value.upper()
    whole, dot, rest = text.partition(".")
    if dot:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        if digits > 6:
            text = whole + "." + rest[:6] + rest[digits:]
    from datetime import datetime
    try:
        return datetime.fromisoformat(text).isoformat()  # Python 3.11+: every form ARM writes
    except ValueError:
        pass
    import isodate  # what the SDK itself parses with (older Pythons' fromisoformat refuses a "Z")
    try:
        return isodate.parse_datetime(text).isoformat()
    except (ValueError, isodate.ISO8601Error):
        return value
