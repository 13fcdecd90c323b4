"""Keep secrets out of every log line az writes (including --debug request bodies).

Which wire fields are secret: the values of configurationProtectedSettings (flux configurations and extensions)
and the write-only members of flux source blocks (x-ms-secret in the spec), as the source tables mark them: arm/
imports nothing above it, so flux registers them (``register_secret_members``: flux/sources/secret_members.py,
imported by every flux module that sends or prints a body; the tables are read when a body is first looked at).
azure-cli's debug logging prints each request body: a filter on every log handler re-serialises a JSON body with
those fields replaced, and replaces any registered secret value (raw, base64, and as it looks inside JSON strings)
anywhere else.
Note: az prints its own argv ("Command arguments: [...]") before any extension code runs; that line is out of
reach for an extension (help and README recommend the -file options or az's @FILE syntax).
"""
import base64
import copy
import functools
import json
import logging

REDACTED = "<redacted>"
PROTECTED_SETTINGS = "configurationProtectedSettings"
_secrets = set()
_member_providers = []


def register_secret_members(provider):
    """Make the members ``provider()`` returns ({(parent key, key)}) secret wherever they appear in a body; the
    provider is called when a body is first looked at, once."""
    if provider not in _member_providers:
        _member_providers.append(provider)
        in_block_secrets.cache_clear()


@functools.lru_cache(maxsize=None)
def in_block_secrets():
    """{(parent key, key)} of the secrets the API keeps inside flux source blocks, e.g. ("azureBlob", "accountKey"),
    as registered."""
    return frozenset(member for provider in _member_providers for member in provider())


def is_secret(parent, key, members=None):
    """``members``: in_block_secrets(), when the caller has it at hand."""
    return parent == PROTECTED_SETTINGS or (parent, key) in (members or in_block_secrets())


def redact(body):
    """A deep copy of a wire body with every secret value replaced by '<redacted>'."""
    result = copy.deepcopy(body)
    _walk(result, None, True, in_block_secrets())
    return result


def redact_in_place(body):
    """Replace every secret value of a body (wire or flattened output) in place; returns the body."""
    _walk(body, None, True, in_block_secrets())
    return body


def secret_values(body):
    """Every secret string of a wire body."""
    return _walk(body, None, False, in_block_secrets())


def _walk(node, parent, replace, members):
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and is_secret(parent, key, members):
                found.append(value)
                if replace:
                    node[key] = REDACTED
            else:
                found.extend(_walk(value, key, replace, members))
    elif isinstance(node, list):
        for item in node:
            found.extend(_walk(item, parent, replace, members))
    return found


def register_secret(value):
    """Remember a secret (str) so that it never reaches a log line: raw, base64, or escaped inside JSON."""
    if not value or len(value) < 4:
        return
    forms = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    try:
        forms.add(base64.b64encode(value.encode("utf-8")).decode("ascii"))
    except UnicodeEncodeError:
        pass
    _secrets.update(forms)
    install()


def register_secret_and_decoded(value):
    """Remember a secret as given and, when it is base64 of UTF-8 text (how the API takes them), that text too."""
    register_secret(value)
    try:
        register_secret(base64.b64decode(value, validate=True).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        pass


def scrub(text):
    """The text with secrets replaced: a JSON body structurally, then every registered value."""
    if not isinstance(text, str):
        return text
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            body = json.loads(stripped)
        except ValueError:
            body = None
        if isinstance(body, dict) and secret_values(body):
            text = json.dumps(redact(body))
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class _RedactingFilter(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:
            return True
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = _RedactingFilter()


def install():
    """Attach the filter to every log handler (az configures them before extensions load)."""
    loggers = [logging.getLogger(), logging.getLogger("cli")] + [
        logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if _FILTER not in handler.filters:
                handler.addFilter(_FILTER)
