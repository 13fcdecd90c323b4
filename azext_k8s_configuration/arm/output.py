"""Command results → the JSON az prints, fast.

az turns a command's result into JSON with `azure.cli.core.util.todict`. For the TypeSpec-generated SDK
models it asks azure-core, for every attribute of every object, for the flattened attribute and the
back-compat name (each call runs `dir()` on the object) and reads each attribute twice (each read
deserializes it again): `flux list` over 1,000 configurations spent ~8 s there (bench/, scale). The names
depend only on the model class, so this does the same conversion with them computed once per class.
The output is identical to az's own (same names, same values, same post-processing).

A dict result also keeps az from importing msrest's Paged (and aaz) just to check whether the result is
a pager (~50 ms of every `show`).
"""

_FIELDS = {}
_MISSING = object()


def _fields(obj):
    """[(output name, attribute)] for a generated model's class, as az's todict would name them."""
    cls = type(obj)
    fields = _FIELDS.get(cls)
    if fields is None:
        from azure.cli.core.util import to_camel_case
        from azure.core.serialization import attribute_list, get_backcompat_attr_name
        fields = [(to_camel_case(get_backcompat_attr_name(obj, attr)), attr) for attr in attribute_list(obj)]
        _FIELDS[cls] = fields
    return fields


def todict(obj, post_processor=None):
    """azure.cli.core.util.todict, with the per-class names cached for generated models."""
    from azure.cli.core.util import todict as az_todict
    if isinstance(obj, dict):
        result = {k: todict(v, post_processor) for k, v in obj.items()}
        return post_processor(obj, result) if post_processor else result
    if isinstance(obj, list):
        return [todict(a, post_processor) for a in obj]
    if getattr(obj, "_is_model", False):
        result = {}
        for name, attr in _fields(obj):
            value = getattr(obj, attr, _MISSING)
            if value is not _MISSING:
                result[name] = todict(value, post_processor)
        return post_processor(obj, result) if post_processor else result
    return az_todict(obj, post_processor)


def to_output(result):
    """The `transform` of commands that return SDK models: the JSON-ready dict/list az would print.
    ARM never returns secrets; should a service ever echo one, it is blanked here rather than printed."""
    if result is None or isinstance(result, (str, int, float, bool)):
        return result
    from azure.cli.core.commands import AzCliCommandInvoker
    from .redaction import redact_in_place
    return redact_in_place(todict(result, AzCliCommandInvoker.remove_additional_prop_layer))
