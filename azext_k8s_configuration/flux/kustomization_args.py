"""The ``-k/--kustomization KEY=VALUE ...`` option: keys, aliases, values, and the rules between them.

argparse gives a list of groups (``nargs='+', action='append'``): one list of tokens per ``-k``.
The keys, their spellings and how each value is read: the table of kustomization_settings.py.
"""
import difflib
import json
from dataclasses import dataclass, fields
from typing import NamedTuple

from azure.cli.core.azclierror import ArgumentUsageError, InvalidArgumentValueError, RequiredArgumentMissingError

from ..typed_names import as_typed
from ..validation.dependencies import check_dependencies
from ..validation.durations import parse_duration
from ..validation.examples import KeyOfOption
from ..validation.names import validate_combined_length, validate_kustomization_name
from ..validation.post_build import parse_substitute, parse_substitute_from
from .kustomization_settings import BY_KEY, KEYS, keys_text, normalise

OPTION = "--kustomization"

VALIDATION_VALUES = ("none", "client", "server")
VALIDATION_IGNORED_WARNING = ("The kustomization key 'validation' is ignored: it is no longer part of the "
                              "Flux configuration API (since 2022-03-01).")


_ALIASES = {normalise(alias): canonical for canonical, aliases in KEYS.items() for alias in aliases}
VALID_KEYS_TEXT = keys_text()


@dataclass
class Kustomization:
    """One kustomization as given by the user. ``None`` means 'not given' (defaults apply on create)."""
    name: str
    path: str = None
    depends_on: list = None
    timeout: int = None          # seconds
    sync_interval: int = None    # seconds
    retry_interval: int = None   # seconds
    prune: bool = None
    force: bool = None
    wait: bool = None            # = not disable_health_check
    substitute: dict = None      # post-build variables {name: value}
    substitute_from: list = None  # [{"kind": "ConfigMap"|"Secret", "name": ..., "optional": True?}]
    validation: str = None       # accepted and ignored (see VALIDATION_IGNORED_WARNING)

    def given(self):
        """The fields the user set, except ``name`` and ``validation``: {field: value}."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("name", "validation") and getattr(self, f.name) is not None}


class ParsedKustomizations(NamedTuple):
    """What the -k groups gave: the kustomizations in the order given, and the warnings to print."""
    kustomizations: list
    warnings: list


def parse_kustomization_args(groups, config_name=None, existing_graph=None, option=None):
    """Parse every ``-k`` group -> ParsedKustomizations (kustomizations in the order given, warnings).

    Checks keys, values, duplicate names, the 63-character in-cluster name when ``config_name`` is
    known, and depends_on (unknown / self / cycle) over the merged set: ``existing_graph`` maps the
    configuration's current kustomizations to their depends_on (for update; None on create). A problem only in
    stored depends_on (none given here changes it) is a warning, not a refusal.
    """
    option = option or as_typed(OPTION)
    kustomizations, warnings = [], []
    for tokens in groups or []:
        kustomization = parse_one(tokens, option)
        if any(k.name == kustomization.name for k in kustomizations):
            raise InvalidArgumentValueError(
                f"{option}: kustomization name '{kustomization.name}' is given more than once.",
                "Give each kustomization a different name (one -k per kustomization).")
        if kustomization.validation is not None and VALIDATION_IGNORED_WARNING not in warnings:
            warnings.append(VALIDATION_IGNORED_WARNING)
        if config_name:
            validate_combined_length(config_name, kustomization.name, option)
        kustomizations.append(kustomization)
    warnings += check_dependencies(merged_graph(existing_graph, kustomizations), option,
                                   changed=sets_depends_on(kustomizations))
    return ParsedKustomizations(kustomizations, warnings)


def sets_depends_on(kustomizations):
    """Names of the kustomizations given with a depends_on (what the dependency check may refuse; a stored
    depends_on it only warns about)."""
    return {k.name for k in kustomizations if k.depends_on is not None}


def merged_graph(existing_graph, kustomizations):
    """{name: depends_on} of the existing set updated with ``kustomizations`` (upsert semantics)."""
    graph = {name: list(deps or []) for name, deps in (existing_graph or {}).items()}
    for kustomization in kustomizations:
        if kustomization.depends_on is not None or kustomization.name not in graph:
            graph[kustomization.name] = list(kustomization.depends_on or [])
    return graph


def parse_one(tokens, option=None):
    """Parse the tokens of one ``-k`` into a Kustomization (keys/values checked, not dependencies)."""
    option = option or as_typed(OPTION)
    if isinstance(tokens, str):
        tokens = [tokens]
    raw = {}
    for token in tokens or []:
        key, value = _split_token(token, option)
        canonical = canonical_key(key, option)
        if canonical in raw:
            raise InvalidArgumentValueError(
                f"{option}: key '{canonical}' is given twice in one kustomization "
                f"('{raw[canonical][0]}' and '{key}').",
                "Give each key once per -k; start a new -k for another kustomization.")
        raw[canonical] = (key, value)
    if "name" not in raw:
        raise RequiredArgumentMissingError(
            f"{option} needs a name: '{' '.join(str(t) for t in tokens or [])}' has no name=... key.",
            f"Add name=..., e.g. {option} name=infra path=./infrastructure")
    values = {key: value for key, (_, value) in raw.items()}
    name = validate_kustomization_name(values["name"], KeyOfOption(option, "name"))
    kustomization = Kustomization(name=name)
    for key, value in values.items():
        # the name tells which -k is meant when several are given
        _set_value(kustomization, key, value, KeyOfOption(option, key, name))
    return kustomization


def parse_depends_on(value, option):
    """'a', 'a,b', '[a,b]', '["a","b"]', '' or '[]' (no dependency) -> list of validated names, deduplicated."""
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    else:
        # Backslashes can only be shell escaping that reached us literally (e.g. \["infra"\] quoted, or from
        # cmd.exe/PowerShell): names never contain them.
        text = str(value).replace("\\", "").strip()
        items = None
        if text.startswith("[") and text.endswith("]"):
            try:
                loaded = json.loads(text)
            except ValueError:
                loaded = None
            if isinstance(loaded, list) and all(isinstance(v, str) for v in loaded):
                items = loaded
            else:
                text = text[1:-1]
        if items is None:
            items = [] if not text.strip() else [part.strip().strip("'\"") for part in text.split(",")]
    result = []
    for item in items:
        item = item.strip()
        if not item:
            raise InvalidArgumentValueError(
                f"{option} '{value}' has an empty entry.",
                "Separate kustomization names with single commas, e.g. depends_on=infra,db")
        validate_kustomization_name(item, option)
        if item not in result:
            result.append(item)
    return result


def parse_bool(value, option):
    """'true'/'false' in any case -> bool; bools pass through; anything else is an error."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "false"):
        return text == "true"
    raise InvalidArgumentValueError(f"{option} '{value}' is not a boolean.", "Use true or false.")


def _split_token(token, option):
    token = str(token)
    if "=" not in token:
        raise ArgumentUsageError(
            f"{option}: '{token}' is not KEY=VALUE.",
            f"Write each setting as KEY=VALUE, e.g. {option} name=apps path=./apps prune=true. "
            f"Valid keys: {VALID_KEYS_TEXT}.")
    key, value = token.split("=", 1)
    return key.strip(), value


def canonical_key(key, option=OPTION):
    """A -k key in any accepted spelling -> its canonical key; an unknown key is refused, naming the nearest."""
    canonical = _ALIASES.get(normalise(key))
    if canonical is None:
        close = difflib.get_close_matches(normalise(key), list(_ALIASES), n=1)
        hint = f" Did you mean '{_ALIASES[close[0]]}'?" if close else ""
        raise InvalidArgumentValueError(
            f"{option}: unknown key '{key}'.{hint}", f"Valid keys: {VALID_KEYS_TEXT}.")
    return canonical


def parse_validation(value, option):
    """The ignored 'validation' key: one of VALIDATION_VALUES (any case) -> lower case."""
    if str(value).strip().lower() not in VALIDATION_VALUES:
        raise InvalidArgumentValueError(
            f"{option} '{value}' is not one of {', '.join(VALIDATION_VALUES)}.",
            "Leave the key out: it is ignored by the current API.")
    return str(value).strip().lower()


# kustomization_settings.Setting.value -> how a value given (as a -k value or an option) is read
VALUE_PARSERS = {
    "text": lambda value, _option: value,
    "names": parse_depends_on,
    "duration": parse_duration,
    "bool": parse_bool,
    "substitute": parse_substitute,
    "substitute_from": parse_substitute_from,
    "validation": parse_validation,
}


def parse_setting(setting, value, option):
    """The value of ``setting`` (a kustomization_settings.Setting) as given for ``option`` -> the value of its
    Kustomization field (the opposite for an inverted setting)."""
    parsed = VALUE_PARSERS[setting.value](value, option)
    return (not parsed) if setting.inverted else parsed


def _set_value(kustomization, key, value, option):
    if key == "name":
        return
    setting = BY_KEY[key]
    setattr(kustomization, setting.field, parse_setting(setting, value, option))
