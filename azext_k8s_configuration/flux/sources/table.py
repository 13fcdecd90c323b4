"""The plain data of the source tables: the row type (``Option``) and what every source rule returns (``Change``).

Imports nothing from flux/ (nor from validation/), so that any layer can read a table without loading rules.
Each kind module (git, bucket, azblob, oci) holds one tuple of ``Option`` rows; everything about an option that
is not a rule between options derives from its row: the command-line names and help (_params.py), "options of
another kind" (options.py), the @FILE refusal (validation/at_files.py), the wire path and the protected settings
(payload.py), what is secret (arm/redaction.py) and how the stored configuration reads back (payload.py).
"""
# Wire paths that begin with this name go to the configuration's protected settings (base64), not the block.
PROTECTED = "configurationProtectedSettings"


class Option:
    """One option of a source kind.

    key       the handler parameter, and the option's key in a Change (e.g. "sp_client_id")
    path      where the value goes in the kind's block, e.g. ("servicePrincipal", "clientId");
              (PROTECTED, "sshPrivateKey") for a protected setting
    help      help text; ``group`` its help group
    names     command-line names as help lists them (default: the key's own, --key-with-dashes); aliases go here.
              The key's own name (``name``) must be among them; messages name the option as typed (typed.py)
    hidden_names  names az accepts too but help does not list in its option column (Microsoft's long synonyms,
              which would squeeze the description column: hidden_aliases.py); the option's help names them
    check     (value, option name) -> the value to send; raises a typed azure-cli error naming the option
    secret    x-ms-secret in the spec: ARM never returns it; never printed, redacted from every log
    file_key  the -file twin (a path whose content is the value), read by ``read_file(path, option name)``;
              ``file_help`` is its help text
    at_file   how az's @FILE expansion applies to the value ("value", "tokens", "pairs": validation/at_files.py),
              or None for a value that may begin with '@' (git refs); never for switches and choices (az checks those)
    switch    an on/off flag: true/false, an explicit false is sent (it turns the setting off on update)
    choices   the only values az accepts; ``nargs`` "+" for an option of several tokens
    default   the create default (as the user would type it)
    """
    __slots__ = ("key", "path", "help", "group", "names", "hidden_names", "check", "secret", "file_key", "read_file",
                 "file_help", "at_file", "switch", "choices", "nargs", "default")

    def __init__(self, key, path, help, *, group=None, names=(), hidden_names=(), check=None, secret=False,
                 file_key=None, read_file=None, file_help=None, at_file="value", switch=False, choices=None,
                 nargs=None, default=None):
        # a plain class, not a dataclass: the tables are read on every flux command (redaction), so they load fast
        self.key, self.path, self.help, self.group, self.names = key, tuple(path), help, group, tuple(names)
        self.hidden_names = tuple(hidden_names)
        self.check, self.secret, self.default = check, secret, default
        self.file_key, self.read_file, self.file_help = file_key, read_file, file_help
        self.at_file, self.switch, self.choices, self.nargs = at_file, switch, choices, nargs

    def __repr__(self):
        return f"Option({self.key!r}, {self.path!r})"

    @property
    def name(self):
        """The option's own name (sync_interval -> --sync-interval); messages use typed.typed_name(row)."""
        return option_name(self.key)

    @property
    def option_names(self):
        """The command-line names of the option that help lists (``hidden_names`` are accepted too)."""
        return tuple(self.names) or (self.name,)

    @property
    def file_name(self):
        return option_name(self.file_key) if self.file_key else None

    @property
    def protected(self):
        return self.path[0] == PROTECTED

    @property
    def at_file_form(self):
        """How the @FILE refusal reads this option's value, or None when it does not apply."""
        return None if self.switch or self.choices else self.at_file


def option_name(key):
    """The command-line name of a handler parameter (sync_interval -> --sync-interval). Messages name the option as
    the user typed it: typed.py."""
    return "--" + key.replace("_", "-")


class Change:
    """What a source rule returns, on create and update alike.

    ``values``: {option key: value to send}; on update, None removes what is stored. Secrets may be among the
    values, so repr shows only the keys. ``warnings``: to be printed in order."""
    __slots__ = ("kind", "values", "warnings")

    def __init__(self, kind, values=None, warnings=None):
        self.kind = kind
        self.values = {} if values is None else values
        self.warnings = [] if warnings is None else warnings

    def __repr__(self):
        kept = sorted(key for key, value in self.values.items() if value is not None)
        removed = sorted(key for key, value in self.values.items() if value is None)
        return f"Change(kind={self.kind!r}, set={kept}, removed={removed}, warnings={self.warnings!r})"
