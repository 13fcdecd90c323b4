"""Keep secrets out of every log line az writes (including --debug request bodies).

azure-cli's own debug logging prints each request body. Secrets we send (SSH keys, HTTPS keys,
protected settings) are registered here, raw and base64, and a filter on every log handler replaces
them. JSON bodies are also scrubbed structurally: any value under configurationProtectedSettings.
Note: az prints its own argv ("Command arguments: [...]") before any extension code runs; that line
is out of reach for an extension (prefer the *-file options in CI logs run with --debug).
"""
import base64
import logging
import re

REDACTED = "<redacted>"
_secrets = set()
_PROTECTED_BLOCK = re.compile(r'("configurationProtectedSettings"\s*:\s*\{)([^{}]*)(\})')
_PROTECTED_VALUE = re.compile(r'("[^"]*"\s*:\s*)"(?:[^"\\]|\\.)*"')


def register_secret(value):
    """Remember a secret (str) so that it, and its base64 form, never reach a log line."""
    if not value or len(value) < 4:
        return
    _secrets.add(value)
    try:
        _secrets.add(base64.b64encode(value.encode("utf-8")).decode("ascii"))
    except Exception:  # pylint: disable=broad-except
        pass
    _install()


def scrub(text):
    if not isinstance(text, str):
        return text
    text = _PROTECTED_BLOCK.sub(lambda m: m.group(1) + _PROTECTED_VALUE.sub(
        lambda v: v.group(1) + '"' + REDACTED + '"', m.group(2)) + m.group(3), text)
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class _RedactingFilter(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # pylint: disable=broad-except
            return True
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = _RedactingFilter()


def _install():
    """Attach the filter to every handler that exists (az configures them before extensions load)."""
    loggers = [logging.getLogger(), logging.getLogger("cli")] + [
        logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if _FILTER not in handler.filters:
                handler.addFilter(_FILTER)


def install():
    _install()
