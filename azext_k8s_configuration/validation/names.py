"""Names of configurations, kustomizations and namespaces (Kubernetes object-name rules)."""
import re

from azure.cli.core.azclierror import InvalidArgumentValueError

from .examples import example

MAX_NAME_LENGTH = 63

_ALLOWED_NAME_CHARS = re.compile(r"[a-z0-9.-]+")
_ALLOWED_LABEL_CHARS = re.compile(r"[a-z0-9-]+")
_ALNUM = re.compile(r"[a-z0-9]")


def _check(value, option, what, allowed, allowed_text):
    if value is None or value == "":
        raise InvalidArgumentValueError(
            f"{option} must not be empty.", f"Give {what}, e.g. {example(option, 'cluster-config')}")
    if not isinstance(value, str):
        value = str(value)
    recommendation = (f"Use {allowed_text}, starting and ending with a letter or digit, "
                      f"at most {MAX_NAME_LENGTH} characters, e.g. 'cluster-config'.")
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidArgumentValueError(
            f"{option} '{value}' is {len(value)} characters long; {what} can be at most "
            f"{MAX_NAME_LENGTH} characters.", recommendation)
    if value.lower() != value and allowed.fullmatch(value.lower()):
        raise InvalidArgumentValueError(
            f"{option} '{value}' contains uppercase letters; {what} must be lowercase.",
            f"Use '{value.lower()}'.")
    if not allowed.fullmatch(value):
        bad = sorted({c for c in value if not allowed.fullmatch(c)})
        shown = " ".join(repr(c) for c in bad)
        raise InvalidArgumentValueError(
            f"{option} '{value}' contains characters not allowed in {what}: {shown}.", recommendation)
    if not _ALNUM.fullmatch(value[0]) or not _ALNUM.fullmatch(value[-1]):
        raise InvalidArgumentValueError(
            f"{option} '{value}' must start and end with a lowercase letter or digit.", recommendation)
    return value


def validate_configuration_name(value, option="--name"):
    """A flux configuration name: lowercase letters, digits, '-', '.'; alphanumeric ends; <= 63."""
    return _check(value, option, "a configuration name", _ALLOWED_NAME_CHARS,
                  "lowercase letters, digits, '-' and '.'")


def validate_kustomization_name(value, option="--kustomization-name"):
    """A kustomization name: same rules as a configuration name."""
    return _check(value, option, "a kustomization name", _ALLOWED_NAME_CHARS,
                  "lowercase letters, digits, '-' and '.'")


def validate_namespace(value, option="--namespace"):
    """A Kubernetes namespace: RFC 1123 label (lowercase letters, digits, '-'), <= 63."""
    return _check(value, option, "a namespace", _ALLOWED_LABEL_CHARS,
                  "lowercase letters, digits and '-'")


def validate_combined_length(config_name, kustomization_name, option="--kustomization"):
    """In the cluster a kustomization object is named '{config}-{kustomization}': that must fit 63."""
    total = len(config_name) + 1 + len(kustomization_name)
    if total > MAX_NAME_LENGTH:
        raise InvalidArgumentValueError(
            f"{option}: kustomization '{kustomization_name}' of configuration '{config_name}' gives the "
            f"in-cluster name '{config_name}-{kustomization_name}' of {total} characters; the limit is "
            f"{MAX_NAME_LENGTH}.",
            f"Shorten the configuration or kustomization name by {total - MAX_NAME_LENGTH} characters.")


_SECRET_NAME = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?")


def validate_secret_name(value, option="--local-auth-ref"):
    """A Kubernetes secret name: RFC 1123 subdomain (lowercase letters, digits, '-', '.'), <= 253."""
    text = "" if value is None else str(value)
    if len(text) > 253 or not _SECRET_NAME.fullmatch(text):
        raise InvalidArgumentValueError(
            f"{option} '{text}' is not a valid Kubernetes secret name.",
            "Use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most "
            "253 characters, e.g. my-git-credentials.")
    return text
