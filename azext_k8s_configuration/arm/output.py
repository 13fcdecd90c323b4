"""Command results → the JSON az prints: the flattened shape, fast, on every az we support.

az turns a command's result into JSON with `azure.cli.core.util.todict`, and how it treats the
TypeSpec-generated SDK models depends on the az release:
- az 2.76 and later ask azure-core (`attribute_list`, `get_backcompat_attr_name`, azure-core 1.35/1.37+)
  for each attribute, hoisting the resource's `properties` next to `id` and `name` — slowly: both
  helpers run `dir()` on every object and each attribute is read (deserialized) twice; `flux list`
  over 1,000 configurations spent ~8 s there (bench/, scale);
- older az (2.70 ships azure-core 1.31) call `as_dict()` and leave `properties` nested, so
  `--query complianceState` would quietly find nothing.
This module converts the results itself, the way az 2.76+ does, on any az: the names depend only on
the model class, so they are computed once per class from the SDK's own model metadata
(`_attr_to_rest_field`, its flattening list), with no azure-core helper. The output is byte for byte
what az 2.91 prints (tests/reliability/test_output_conversion.py compares them on every spec example).

A dict result also keeps az from importing msrest's Paged (and aaz) just to check whether the result is
a pager (~50 ms of every `show`).
"""
from datetime import date, datetime, time, timedelta
from enum import Enum

_FIELDS = {}
_MISSING = object()


def _flattened_attribute(cls):
    """The attribute whose model's fields the class shows at its own level (ARM's `properties`), or None.
    A generated model that flattens one declares the names it shows in a private `__flattened_items` list."""
    items = next((getattr(cls, a, None) for a in dir(cls) if "__flattened_items" in a), None)
    if not items:
        return None
    for attr, field in cls._attr_to_rest_field.items():
        try:
            if set(field._class_type._attr_to_rest_field).intersection(items):
                return attr
        except (AttributeError, IndexError, TypeError):  # not a model field
            continue
    return None


def _attributes(cls):
    """The class's attribute names, the flattened model's attributes in the flattened one's place."""
    flattened = _flattened_attribute(cls)
    attrs = []
    for attr, field in cls._attr_to_rest_field.items():
        attrs.extend(_attributes(field._class_type) if attr == flattened else [attr])
    return attrs


def _original_name(field, attr):
    return getattr(field, "_original_tsp_name", None) or attr


def _name(cls, attr):
    """The name az prints for an attribute: the first field of that name, in declaration order, the
    flattened model's fields in its place, by its original (back-compat) name if it has one."""
    flattened = _flattened_attribute(cls)
    for field_attr, field in cls._attr_to_rest_field.items():
        if field_attr == attr:
            return _original_name(field, attr)
        if field_attr == flattened:
            inner = field._class_type._attr_to_rest_field.get(attr)
            if inner is not None:
                return _original_name(inner, attr)
    return attr


def _class_fields(cls):
    """[(output name, attribute)] for a generated model class."""
    from azure.cli.core.util import to_camel_case
    return [(to_camel_case(_name(cls, attr)), attr) for attr in _attributes(cls)]


def _fields(obj):
    cls = type(obj)
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = _class_fields(cls)
    return fields


def todict(obj, post_processor=None):
    """The JSON-ready form of a result, as az's own `todict` gives it on az 2.76+ (on every az)."""
    if isinstance(obj, dict):
        result = {k: todict(v, post_processor) for k, v in obj.items()}
        return post_processor(obj, result) if post_processor else result
    if isinstance(obj, list):
        return [todict(a, post_processor) for a in obj]
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (date, time, datetime)):
        return obj.isoformat()
    if isinstance(obj, timedelta):
        return str(obj)
    if getattr(obj, "_is_model", False):
        result = {}
        for name, attr in _fields(obj):
            value = getattr(obj, attr, _MISSING)
            if value is not _MISSING:
                result[name] = todict(value, post_processor)
        return post_processor(obj, result) if post_processor else result
    if hasattr(obj, "_asdict"):
        return todict(obj._asdict(), post_processor)
    if hasattr(obj, "__dict__"):
        from azure.cli.core.util import to_camel_case
        result = {to_camel_case(k): todict(v, post_processor) for k, v in obj.__dict__.items()
                  if not callable(v) and not k.startswith("_")}
        return post_processor(obj, result) if post_processor else result
    return obj


def to_output(result):
    """The `transform` of commands that return SDK models: the JSON-ready dict/list az would print.
    ARM never returns secrets; should a service ever echo one, it is blanked here rather than printed."""
    if result is None or isinstance(result, (str, int, float, bool)):
        return result
    from azure.cli.core.commands import AzCliCommandInvoker

    from .redaction import redact_in_place
    return redact_in_place(todict(result, AzCliCommandInvoker.remove_additional_prop_layer))
