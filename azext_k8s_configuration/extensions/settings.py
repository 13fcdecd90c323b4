"""Configuration settings of an extension: `KEY=VALUE` tokens or a JSON file → {key: string value}; the keys an
update removes (`--remove-config KEY ...`) → [key].

Protected settings (secret=True) never have their values, or whole tokens that might be values,
echoed in an error; each value is registered for redaction as soon as it is read.
"""
import json

from azure.cli.core.azclierror import InvalidArgumentValueError, MutuallyExclusiveArgumentError

from azext_k8s_configuration.arm import redaction
from azext_k8s_configuration.validation.files import read_file_bytes


def _flatten(groups):
    """`--config a=1 b=2 --config c=3` arrives as [["a=1", "b=2"], ["c=3"]]."""
    for group in groups or []:
        if isinstance(group, str):
            yield group
        else:
            yield from group


def parse_pairs(groups, option, secret=False):
    """KEY=VALUE tokens → dict. A key given twice with different values is an error."""
    result = {}
    for position, token in enumerate(_flatten(groups), start=1):
        key, sep, value = token.partition("=")
        key = key.strip()
        if not sep or not key:
            shown = f"item {position}" if secret else f"'{token}'"
            raise InvalidArgumentValueError(
                f"{option}: {shown} is not a KEY=VALUE pair.",
                f"Give each setting as KEY=VALUE, e.g. {option} image-automation-controller.enabled=true.")
        if secret:
            redaction.register_secret(value)
        if key in result and result[key] != value:
            shown = "" if secret else f" ('{result[key]}' and '{value}')"
            raise InvalidArgumentValueError(
                f"{option}: setting '{key}' is given twice with different values{shown}.",
                "Give each key once.")
        result[key] = value
    return result


def read_settings_file(path, option, secret=False):
    """A JSON file holding one object of string values → dict."""
    text = read_file_bytes(path, option)
    try:
        content = json.loads(text.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidArgumentValueError(
            f"{option}: file '{path}' is not UTF-8 text.", 'Pass a UTF-8 JSON file such as {"key": "value"}.') from None
    except ValueError as error:
        raise InvalidArgumentValueError(
            f"{option}: file '{path}' is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}).",
            'The file must hold one JSON object of string values, e.g. {"key": "value"}.') from None
    if not isinstance(content, dict):
        raise InvalidArgumentValueError(
            f"{option}: file '{path}' holds a JSON {type(content).__name__}, not an object.",
            'The file must hold one JSON object of string values, e.g. {"key": "value"}.')
    for value in content.values():
        if secret and isinstance(value, str):
            redaction.register_secret(value)
    bad = [key for key, value in content.items() if not isinstance(value, str)]
    if bad:
        raise InvalidArgumentValueError(
            f"{option}: in file '{path}', the value of {', '.join(repr(k) for k in bad)} is not a string.",
            'Quote every value, e.g. {"replicas": "2", "enabled": "true"}.')
    return content


def settings_from(pairs, path, option, file_option, secret=False):
    """The settings given by an option or by its file twin (never both); None when neither is given."""
    if pairs and path:
        raise MutuallyExclusiveArgumentError(
            f"{option} and {file_option} cannot be used together.",
            f"Put all settings in the file, or give them all with {option}.")
    if path:
        return read_settings_file(path, file_option, secret)
    if pairs:
        return parse_pairs(pairs, option, secret)
    return None


def parse_keys(groups, option, set_option):
    """Keys to remove: `--remove-config a b --remove-config c` → ["a", "b", "c"] (each once, in order); None when
    none are given. ``set_option`` is the option that sets values (named in the advice)."""
    keys = []
    for position, token in enumerate(_flatten(groups), start=1):
        key = token.strip()
        if not key or "=" in key:
            shown = f"'{token}'" if "=" not in key else f"'{key.partition('=')[0]}=...'"
            raise InvalidArgumentValueError(
                f"{option}: {shown} (item {position}) is not a setting key.",
                f"Give only the keys to remove, e.g. {option} image-automation-controler.enabled; "
                f"to set a value use {set_option} KEY=VALUE.")
        if key not in keys:
            keys.append(key)
    return keys or None


def refuse_set_and_removed(settings, removed, option, remove_option):
    """A key both set and removed in one command: the user must choose."""
    both = [key for key in removed or [] if key in (settings or {})]
    if both:
        raise MutuallyExclusiveArgumentError(
            f"{option} and {remove_option} both name {', '.join(repr(key) for key in both)}.",
            "Set a key or remove it, not both in one command.")
