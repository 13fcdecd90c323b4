"""The apply file in the shape `flux show -o yaml|json` prints (properties hoisted, az's member names), or the
nested ARM shape (``properties: {...}``, wire names) -> FileConfiguration.

Member names come from arm/output_schema.py (generated from the SDK models): a member is known by the name az
prints (``httpsCaCert``) or the wire name (``httpsCACert``). Read-only members are ignored; an unknown member is
refused, naming the nearest known one; a secret member with a value is refused (secrets come from options).
"""
import difflib
import json

from azure.cli.core.azclierror import InvalidArgumentValueError

from ..arm.output_schema import MODELS
from ..flux.sources import kinds
from ..flux.sources.table import PROTECTED
from ..validation.durations import format_duration
from . import kustomization_fields
from .documents import QUOTE_IT, is_unquoted_scalar
from .file_configuration import FileConfiguration, is_redacted

ROOT = "FluxConfiguration"
READ_ONLY = {"id", "type", "systemData", "resourceGroup", "statuses", "complianceState", "provisioningState",
             "errorMessage", "sourceSyncedCommitId", "sourceUpdatedAt", "statusUpdatedAt", "repositoryPublicKey",
             "etag", "location"}
_CONFIGURATION = {"scope": "scope", "namespace": "namespace", "suspend": "suspend",
                  "waitForReconciliation": "wait_for_reconciliation"}


def looks_like(data):
    """A document of this shape (not a Kubernetes manifest)."""
    return isinstance(data, dict) and not ("apiVersion" in data and "kind" in data)


def read(document):
    """Document -> FileConfiguration (typed errors name the member, the document and the line)."""
    data = document.data
    top = dict(data)
    properties = top.pop("properties", None)
    if properties is not None:
        if not isinstance(properties, dict):
            _refuse(document, ("properties",), "'properties' must be an object.", "Give the members of the "
                    "configuration under properties, or at the top level as `flux show` prints them.")
        for key, value in properties.items():
            if key in top:
                _refuse(document, ("properties", key), f"'{key}' is given twice (at the top and in properties).",
                        "Keep one of them.")
            top[key] = value
    prefix = {key: ("properties", key) for key in (properties or {})}
    wire = {}
    for key, value in top.items():
        path = prefix.get(key, (key,))
        if key in READ_ONLY or key == "name":
            continue
        field = _field(ROOT, key)
        if field is None:
            _unknown(document, path, key, ROOT)
        wire[field[1][-1]] = _to_wire(document, value, field[2], path)
    return _configuration(document, top.get("name"), wire, prefix)


# --------------------------------------------------------------------------- names

def _fields(model):
    return [(out, path, kind) for out, path, kind in MODELS[model] if out not in READ_ONLY]


def _field(model, key):
    for out, path, kind in _fields(model):
        if key in (out, path[-1]):
            return out, path, kind
    return None


def _unknown(document, path, key, model):
    names = [out for out, _, _ in _fields(model)]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.5)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    _refuse(document, path, f"unknown member '{_dotted(path)}'.{hint}",
            "Known members here: " + ", ".join(names) + ".")


def _to_wire(document, value, kind, path):
    """A member's value with az's names -> wire names, checked against the model's members."""
    if value is None or kind in ("plain", "datetime"):
        return value
    if isinstance(kind, tuple):
        container, inner = kind
        if container == "list" and isinstance(value, list):
            return [_to_wire(document, item, inner, path + (i,)) for i, item in enumerate(value)]
        if container == "dict" and isinstance(value, dict):
            return {key: _to_wire(document, item, inner, path + (key,)) for key, item in value.items()}
        _refuse(document, path, f"'{_dotted(path)}' must be {'a list' if container == 'list' else 'an object'}.",
                "Write it as `flux show -o yaml` prints it.")
    if not isinstance(value, dict):
        _refuse(document, path, f"'{_dotted(path)}' must be an object.", "Write it as `flux show -o yaml` prints it.")
    result = {}
    for key, item in value.items():
        if kind == "KustomizationDefinition" and key == "name":
            result["name"] = item
            continue
        field = _field(kind, key)
        if field is None:
            _unknown(document, path + (key,), key, kind)
        if item is not None:  # null: not set (az prints every member the model knows)
            result[field[1][-1]] = _to_wire(document, item, field[2], path + (key,))
    return result


# --------------------------------------------------------------------------- wire -> options

def _configuration(document, name, wire, prefix):
    config = FileConfiguration(name=name, where=document.where())
    if name is not None and not isinstance(name, str):
        _refuse(document, ("name",), "'name' must be a string.", "Give the configuration's name.")

    def path_of(key):
        return prefix.get(key, (key,))

    for member, option in _CONFIGURATION.items():
        if wire.get(member) is not None:
            config.options[option] = wire[member]
            config.members[option] = _dotted(path_of(member))
    duration = wire.get("reconciliationWaitDuration")
    if duration is not None:
        config.options["reconciliation_wait_duration"] = _iso_to_go(document, duration,
                                                                    path_of("reconciliationWaitDuration"))
        config.members["reconciliation_wait_duration"] = "reconciliationWaitDuration"

    module = _source_module(document, wire, path_of)
    config.options["kind"] = module.KEY
    _source_options(document, module, wire.get(module.BLOCK) or {}, path_of(module.BLOCK), config)
    protected = wire.get(PROTECTED) or {}
    given = [key for key, value in protected.items() if value is not None]
    if given:
        _refuse(document, path_of(PROTECTED) + (given[0],), f"'{PROTECTED}.{given[0]}' is a secret: a file never "
                "carries secrets.", "Remove it from the file and give it with its option beside -f (e.g. "
                "--https-key @key.txt, --ssh-private-key-file KEY).")

    kustomizations = wire.get("kustomizations")
    config.lists_kustomizations = kustomizations is not None
    for key, body in (kustomizations or {}).items():
        where = path_of("kustomizations") + (key,)
        if not isinstance(body, dict):
            _refuse(document, where, f"kustomization '{key}' must be an object.", "Give its members, e.g. path.")
        listed = body.get("name")
        if listed is not None and listed != key:
            _refuse(document, where + ("name",), f"kustomization '{key}' has name '{listed}'.",
                    "The name is the key of the kustomizations map: drop the name member or make it equal.")
        config.kustomizations[key] = kustomization_fields.tokens_from_wire(key, body)
    return config


def _source_module(document, wire, path_of):
    source_kind = wire.get("sourceKind")
    present = [module for module in kinds.KINDS.values() if wire.get(module.BLOCK)]
    if source_kind is not None:
        module = kinds.of_source_kind(source_kind)
        if module is None:
            known = ", ".join(m.SOURCE_KIND for m in kinds.KINDS.values())
            _refuse(document, path_of("sourceKind"), f"sourceKind '{source_kind}' is not known.", f"Use one of: "
                    f"{known}.")
    else:
        module = present[0] if present else kinds.git
    others = [m for m in present if m is not module]
    if others:
        _refuse(document, path_of(others[0].BLOCK), f"the file has a '{others[0].BLOCK}' source but sourceKind is "
                f"{module.SOURCE_KIND}: a configuration has exactly one source.", "Keep one source block.")
    return module


def _source_options(document, module, block, path, config):
    rows = [row for row in module.OPTIONS if not row.protected]
    covered = {row.path for row in rows}
    for leaf, value in _leaves(block):
        if value is not None and not any(leaf[:len(p)] == p for p in covered):
            _refuse(document, path + leaf, f"'{_dotted(path + leaf)}' cannot be set by this extension.",
                    "Remove it from the file.")
    for row in rows:
        value = block
        for key in row.path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None:
            continue
        member = _dotted(path + row.path)
        if is_redacted(value) or (row.secret and value == ""):
            config.withheld.append(member)
            continue
        if row.secret:
            _refuse(document, path + row.path, f"'{member}' is a secret: a file never carries secrets.",
                    f"Remove it from the file and give it with {row.name} beside -f.")
        seconds = row.path[-1].endswith("InSeconds") and isinstance(value, int) and not isinstance(value, bool)
        if not row.switch and not seconds and is_unquoted_scalar(value):
            _refuse(document, path + row.path, f"'{member}' is {value!r}, not text.", QUOTE_IT)
        config.options[row.key] = _option_text(row, value)
        config.members[row.key] = member


def _option_text(row, value):
    """A wire value -> what the option's check reads: seconds as a Go duration, lists and objects as JSON."""
    if row.path[-1].endswith("InSeconds") and isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return format_duration(value)
    if isinstance(value, list):
        return json.dumps(value)
    return value


def _leaves(block, prefix=()):
    for key, value in (block or {}).items():
        if isinstance(value, dict) and value and not is_redacted(value):
            yield from _leaves(value, prefix + (key,))
        else:
            yield prefix + (key,), value


def _iso_to_go(document, value, path):
    """reconciliationWaitDuration: ISO 8601 (PT1H30M) as the API keeps it -> a Go duration for the option."""
    import re
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", str(value).upper())
    if not match or not any(match.groups()):
        _refuse(document, path, f"'{_dotted(path)}' '{value}' is not an ISO 8601 duration such as PT30M.",
                "Write it as `flux show` prints it, e.g. PT1H30M.")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return format_duration(hours * 3600 + minutes * 60 + seconds) if (hours or minutes or seconds) else "0s"


def _dotted(path):
    return ".".join(str(p) for p in path)


def _refuse(document, path, message, recommendation):
    raise InvalidArgumentValueError(f"{document.where(path)}: {message}", recommendation)
