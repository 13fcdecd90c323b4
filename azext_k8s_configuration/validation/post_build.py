"""Kustomization post-build variable substitution: ``substitute`` and ``substitute_from`` values."""
import json
import re

from azure.cli.core.azclierror import InvalidArgumentValueError

from .examples import example
from .names import validate_secret_name

# Flux (envsubst) variable names: letters, digits and '_', not starting with a digit.
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SOURCE_KINDS = {"configmap": "ConfigMap", "secret": "Secret"}


def parse_substitute(value, option):
    """'NAME:VALUE,NAME:VALUE', a JSON object, or a dict -> {name: value} (values are strings)."""
    recommendation = (f"Use NAME:VALUE pairs separated by commas, e.g. "
                      f"{example(option, 'cluster_env:prod,replicas:2')}, "
                      "or a JSON object (single-quoted in the shell) when a value holds a comma.")
    if isinstance(value, dict):
        items = value
    else:
        text = str(value).strip()
        if text.startswith("{"):
            try:
                items = json.loads(text)
            except ValueError:
                raise InvalidArgumentValueError(f"{option} is not a valid JSON object.", recommendation) from None
            if not isinstance(items, dict):
                raise InvalidArgumentValueError(f"{option} must be a JSON object.", recommendation)
        else:
            items = {}
            for part in (text.split(",") if text else []):
                if ":" not in part:
                    raise InvalidArgumentValueError(f"{option}: '{part}' is not NAME:VALUE.", recommendation)
                name, variable_value = part.split(":", 1)
                if name.strip() in items:
                    raise InvalidArgumentValueError(f"{option}: variable '{name.strip()}' is given twice.",
                                                    "Give each variable once.")
                items[name.strip()] = variable_value
    if not items:
        raise InvalidArgumentValueError(f"{option} must name at least one variable.", recommendation)
    result = {}
    for name, variable_value in items.items():
        if not isinstance(name, str) or not _VARIABLE.fullmatch(name):
            raise InvalidArgumentValueError(
                f"{option}: '{name}' is not a valid variable name.",
                "Use letters, digits and '_', not starting with a digit, e.g. cluster_env.")
        if not isinstance(variable_value, (str, int, float, bool)) or variable_value is None:
            raise InvalidArgumentValueError(f"{option}: the value of '{name}' must be a string.", recommendation)
        result[name] = variable_value if isinstance(variable_value, str) else json.dumps(variable_value)
    return result


def parse_substitute_from(value, option):
    """'KIND:NAME[:optional],...' or a JSON list of {kind, name, optional} -> list of wire-shaped dicts."""
    recommendation = (f"Use KIND:NAME entries separated by commas, KIND being ConfigMap or Secret, with ':optional' "
                      "to go on when it is missing, e.g. "
                      f"{example(option, 'ConfigMap:cluster-vars,Secret:db-creds:optional')}.")
    if isinstance(value, list):
        entries = value
    else:
        text = str(value).strip()
        if text.startswith("["):
            try:
                entries = json.loads(text)
            except ValueError:
                raise InvalidArgumentValueError(f"{option} is not a valid JSON list.", recommendation) from None
        else:
            entries = [_entry_from_text(part, option, recommendation) for part in (text.split(",") if text else [])]
    if not isinstance(entries, list) or not entries:
        raise InvalidArgumentValueError(f"{option} must name at least one ConfigMap or Secret.", recommendation)
    result = []
    for entry in entries:
        keys = set(entry) if isinstance(entry, dict) else set()
        if not isinstance(entry, dict) or not {"kind", "name"} <= keys or keys - {"kind", "name", "optional"}:
            raise InvalidArgumentValueError(f"{option}: each entry needs 'kind' and 'name' (and may set 'optional').",
                                            recommendation)
        kind = SOURCE_KINDS.get(str(entry["kind"]).lower())
        if kind is None:
            raise InvalidArgumentValueError(f"{option}: kind '{entry['kind']}' is not ConfigMap or Secret.",
                                            recommendation)
        optional = entry.get("optional", False)
        if not isinstance(optional, bool):
            raise InvalidArgumentValueError(f"{option}: 'optional' must be true or false.", recommendation)
        item = {"kind": kind, "name": validate_secret_name(entry["name"], option)}
        if optional:
            item["optional"] = True
        result.append(item)
    return result


def _entry_from_text(part, option, recommendation):
    fields = part.strip().split(":")
    if len(fields) not in (2, 3) or (len(fields) == 3 and fields[2].lower() != "optional"):
        raise InvalidArgumentValueError(f"{option}: '{part}' is not KIND:NAME or KIND:NAME:optional.", recommendation)
    entry = {"kind": fields[0], "name": fields[1]}
    if len(fields) == 3:
        entry["optional"] = True
    return entry
