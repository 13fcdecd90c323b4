"""A value az left as typed because it could not read the file after '@' (REFERENCE.md §11).

Before any extension code runs, az replaces every command-line value ``@PATH`` (and the value part of a
``KEY=@PATH`` token) with the content of PATH, ``@-`` with standard input. When it cannot read PATH (missing,
a directory, no permission) it keeps the text as typed and says nothing: ``--https-key @/no/such/file`` would
send ``@/no/such/file`` as the key. For an option whose value cannot begin with '@' (a secret, a key, a URL, a
name, a duration, ...) such a value is refused here, naming the option and the file, before any request.

A value that begins with '@' because a file az did read holds it is fine: that is how a secret which truly
begins with '@' gets in. The two are told apart by the command line az was given (``sys.argv``): a failed
read leaves the typed text there; a value read from a file is not on it. When no '@' argument on the command
line names a readable file (or stdin), nothing can have been read, so the value is taken as typed.

How each option's value is read (``FORMS``):
    value   one string (``--https-key @token.txt``)
    tokens  the tokens of a list option, each as a whole (``--config @settings.txt``)
    pairs   KEY=VALUE tokens: each whole token, and each value (``--config-protected key=@secret.txt``)
"""
import os
import sys

from azure.cli.core.azclierror import InvalidArgumentValueError

FORMS = ("value", "tokens", "pairs")


def refuse_unread_files(checks, raw_args=None):
    """``checks``: (option, value, form, file_option) tuples; value None is skipped, file_option may be None.
    ``raw_args``: the command line az was given (default ``sys.argv[1:]``). Raises InvalidArgumentValueError."""
    command_line = None
    for option, value, form, file_option in checks:
        if value is None:
            continue
        for key, text in _texts(value, form):
            if not (isinstance(text, str) and text.startswith("@") and len(text) > 1):
                continue
            if command_line is None:
                command_line = CommandLine(sys.argv[1:] if raw_args is None else raw_args)
            if command_line.typed_as_is(text):
                raise _unread(option, key, text, file_option)


def _texts(value, form):
    """(key or None, text) for each text of ``value`` that az may have expanded."""
    if form not in FORMS:
        raise ValueError(f"unknown form {form!r}")
    if form == "value":
        yield None, value
        return
    for token in _flatten(value):
        yield None, token
        if form == "pairs" and isinstance(token, str) and "=" in token:
            key, _, text = token.partition("=")
            yield key.strip(), text


def _flatten(value):
    """`--opt a b --opt c` arrives as [["a", "b"], ["c"]]; a single string is one token."""
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


class CommandLine:
    """The texts of the command line az expands: each argument, and the part after its first '='."""

    def __init__(self, raw_args):
        self.texts = set()
        for arg in map(str, raw_args):
            self.texts.add(arg)
            if "=" in arg:
                self.texts.add(arg.partition("=")[2])
        self.read_a_file = any(text == "@-" or (text.startswith("@") and _readable(text[1:])) for text in self.texts)

    def typed_as_is(self, text):
        """True when az did not replace ``text``: it is on the command line, or az read no file at all."""
        return text in self.texts or not self.read_a_file


def _readable(path):
    full = os.path.expanduser(path)
    return os.path.isfile(full) and os.access(full, os.R_OK)


def _reason(path):
    full = os.path.expanduser(path)
    if not os.path.exists(full):
        return "it does not exist"
    if os.path.isdir(full):
        return "it is a directory"
    return "it cannot be read"


def _unread(option, key, text, file_option):
    path = text[1:]
    where = f"{option} (setting '{key}')" if key else option
    other_ways = f"{file_option} or an @FILE that holds it" if file_option else "an @FILE that holds it"
    return InvalidArgumentValueError(
        f"{where} is '{text}': az could not read the file '{path}' ({_reason(path)}), so it kept the text as "
        "typed. Nothing was sent.",
        "Check the path after '@' (relative paths start from the current directory). A value that truly begins "
        f"with '@' goes through {other_ways}.")
