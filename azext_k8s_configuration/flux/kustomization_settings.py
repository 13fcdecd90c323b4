"""The settings of a kustomization: one row each, the one place a kustomization setting is described.

The rows are in the order the help lists the -k keys; bodies and messages follow the order of the fields of
kustomization_args.Kustomization (the wire's).

Everything about kustomizations derives from ``SETTINGS``:

- ``-k/--kustomization KEY=VALUE`` (kustomization_args.py): the keys (``Setting.key``), their spellings
  (``Setting.spellings``; matched without regard to case, ``-``, ``_`` or ``.``: ``dependsOn`` = ``depends_on``) and
  how each value is read (``Setting.value``, a name in kustomization_args.VALUE_PARSERS);
- ``flux kustomization create|update`` (_params.py, kustomization_patches.py): the options (``Setting.options``,
  ``Setting.help``, ``Setting.switch``), read the same way as the -k key;
- the model (kustomization_args.Kustomization): the field each setting sets (``Setting.field``); ``inverted``: the
  field holds the opposite of the value given (``disable_health_check=true`` is ``wait: false``);
- the wire (payload.py): where the field goes in a kustomization of the fluxConfigurations API (``Setting.wire``, a
  path) and what a new kustomization gets when it is left out (``Setting.default``, the one default of the setting);
- ``flux validate``: the same parsing, through build_create_spec;
- what az prints (``Setting.output``: the path in a KustomizationDefinition as `show` prints it, arm/output_schema.py)
  and the Flux ``Kustomization`` object (``Setting.flux_field``: its ``spec`` field, or None), for the readers of
  files and manifests and for export.

Public names (for the readers of files and manifests, and export, to derive from):
    SETTINGS                 every row, in the order the help lists the -k keys
    Setting                  key, field, spellings, value, wire, default, options, help, switch, inverted,
                             advertised, output, flux_field
    BY_KEY                   {-k key: Setting}
    BY_FIELD                 {Kustomization field: Setting}
    BY_OUTPUT                {output path: Setting} (e.g. ("postBuild", "substitute"))
    BY_FLUX_FIELD            {Flux spec field: Setting} (dotted for nested ones: "postBuild.substitute")
    SENT, OPTIONS, KEYS      the rows sent on the wire; those flux kustomization create/update take; {key: spellings}
    DEFAULT_INTERVAL_SECONDS the one default of the intervals and timeouts (10 minutes)
    normalise(key), keys_text()
and in kustomization_args: parse_setting(setting, value, option) reads a value as -k and the options do (the
opposite for an inverted setting), VALUE_PARSERS the readers by ``Setting.value``.

Note for readers: ``output`` and ``flux_field`` name the model field itself, never inverted (az prints ``wait``, Flux
has ``spec.wait``: both are ``Setting.field`` "wait", while the -k key and option disable_health_check are its
opposite); Flux writes durations as Go durations ("10m", read by the "duration" parser) and ``dependsOn`` as a list
of ``{name: ...}`` objects named {configuration}-{kustomization} in the cluster.

Adding a setting: a row here, its field in kustomization_args.Kustomization, and (for a new kind of value) a parser
in kustomization_args.VALUE_PARSERS. Imports nothing: the help of flux create reads it.
"""
# Flux's default interval: of a kustomization's timeout and sync interval, and of a source's (flux/sources/common.py,
# flux/validate_source.py), 10 minutes.
DEFAULT_INTERVAL_SECONDS = 600


class Setting:
    """One kustomization setting (a plain class, not a dataclass: the help of every command reads the table, so it
    loads fast).

    key         the canonical -k key, and the keyword of the flux kustomization create/update handlers
    field       the attribute of kustomization_args.Kustomization it sets
    spellings   the -k spellings accepted (compared after ``normalise``)
    value       how a value is read: a name in kustomization_args.VALUE_PARSERS
    wire        path of the field in a kustomization's wire body (None: not sent)
    default     sent for a new kustomization when not given (None: nothing is sent)
    options     flux kustomization create/update option names (empty: only a -k key)
    help        the help of those options
    switch      the options are three-state flags (--prune alone, or --prune true|false)
    inverted    the field holds the opposite of the value given
    advertised  listed in the help and the errors (validation is accepted and ignored)
    output      path in the KustomizationDefinition az prints (None: not printed)
    flux_field  the field of the Flux Kustomization's spec it becomes (None: none)
    """
    __slots__ = ("key", "field", "spellings", "value", "wire", "default", "options", "help", "switch", "inverted",
                 "advertised", "output", "flux_field")

    def __init__(self, key, field, spellings, value, wire=None, default=None, options=(), help="", switch=False,
                 inverted=False, advertised=True, output=None, flux_field=None):
        self.key, self.field, self.spellings, self.value = key, field, tuple(spellings), value
        self.wire, self.default, self.options, self.help = wire, default, tuple(options), help
        self.switch, self.inverted, self.advertised = switch, inverted, advertised
        self.output, self.flux_field = output, flux_field

    def __repr__(self):
        return f"Setting({self.key!r})"


SETTINGS = (
    Setting("name", "name", ("name",), "name", output=("name",)),
    Setting("path", "path", ("path",), "text", wire=("path",), default="",
            options=("--path",), help="Path in the source to reconcile (empty: the top level).",
            output=("path",), flux_field="path"),
    Setting("prune", "prune", ("prune",), "bool", wire=("prune",), default=False,
            options=("--prune",), switch=True, help="Garbage-collect objects removed from the source.",
            output=("prune",), flux_field="prune"),
    Setting("depends_on", "depends_on", ("depends_on", "dependsOn", "depends", "dependencies"), "names",
            wire=("dependsOn",), default=(),
            options=("--depends-on", "--dependencies", "--depends"),
            help="Comma-separated names of kustomizations that must be ready first. On update it replaces the "
                 "stored list; \"\" clears it.",
            output=("dependsOn",), flux_field="dependsOn"),
    Setting("timeout", "timeout", ("timeout",), "duration", wire=("timeoutInSeconds",),
            default=DEFAULT_INTERVAL_SECONDS,
            options=("--timeout",), help="Timeout of the kustomization, Go duration (e.g. 10m).",
            output=("timeoutInSeconds",), flux_field="timeout"),
    Setting("sync_interval", "sync_interval", ("sync_interval", "syncInterval", "interval"), "duration",
            wire=("syncIntervalInSeconds",), default=DEFAULT_INTERVAL_SECONDS,
            options=("--sync-interval", "--interval"), help="Reconciliation interval, Go duration (e.g. 10m).",
            output=("syncIntervalInSeconds",), flux_field="interval"),
    Setting("retry_interval", "retry_interval", ("retry_interval", "retryInterval"), "duration",
            wire=("retryIntervalInSeconds",),
            options=("--retry-interval",), help="Interval before retrying a failed reconciliation, Go duration.",
            output=("retryIntervalInSeconds",), flux_field="retryInterval"),
    Setting("force", "force", ("force",), "bool", wire=("force",), default=False,
            options=("--force",), switch=True, help="Recreate objects that cannot be patched (immutable fields).",
            output=("force",), flux_field="force"),
    Setting("disable_health_check", "wait", ("disable_health_check", "disable-health-check"), "bool",
            wire=("wait",), inverted=True,
            options=("--disable-health-check",), switch=True, help="Do not wait for deployed objects to be healthy.",
            output=("wait",), flux_field="wait"),
    Setting("substitute", "substitute", ("substitute", "postBuild.substitute", "post_build_substitute"),
            "substitute", wire=("postBuild", "substitute"),
            options=("--substitute",),
            help="Post-build variables as NAME:VALUE pairs separated by commas (or a JSON object), e.g. "
                 "cluster_env:prod,replicas:2.",
            output=("postBuild", "substitute"), flux_field="postBuild.substitute"),
    Setting("substitute_from", "substitute_from",
            ("substitute_from", "substituteFrom", "postBuild.substituteFrom", "post_build_substitute_from"),
            "substitute_from", wire=("postBuild", "substituteFrom"),
            options=("--substitute-from",),
            help="ConfigMaps/Secrets to read post-build variables from: KIND:NAME[:optional] separated by commas, "
                 "e.g. ConfigMap:cluster-vars,Secret:db-creds:optional.",
            output=("postBuild", "substituteFrom"), flux_field="postBuild.substituteFrom"),
    # accepted and ignored (kustomization_args.VALIDATION_IGNORED_WARNING): not advertised, never sent
    Setting("validation", "validation", ("validation",), "validation", advertised=False),
)

BY_KEY = {setting.key: setting for setting in SETTINGS}
# the settings sent on the wire (every one but name and validation)
SENT = tuple(setting for setting in SETTINGS if setting.wire)
# the settings flux kustomization create/update take as options
OPTIONS = tuple(setting for setting in SETTINGS if setting.options)
# canonical key -> accepted spellings (compared after normalise)
KEYS = {setting.key: setting.spellings for setting in SETTINGS}
BY_FIELD = {setting.field: setting for setting in SETTINGS}
BY_OUTPUT = {setting.output: setting for setting in SETTINGS if setting.output}
BY_FLUX_FIELD = {setting.flux_field: setting for setting in SETTINGS if setting.flux_field}


def normalise(key):
    return key.replace("-", "").replace("_", "").replace(".", "").lower()


def keys_text():
    """'name, path, ..., depends_on (or depends, dependencies), ... (any case; ...)': every advertised key, with the
    spellings that matching does not already make equal to it (dependsOn is depends_on; interval is another word)."""
    parts = []
    for setting in SETTINGS:
        if not setting.advertised:
            continue
        others = []
        for spelling in setting.spellings:
            if normalise(spelling) not in {normalise(setting.key)} | {normalise(o) for o in others}:
                others.append(spelling)
        parts.append(f"{setting.key} (or {', '.join(others)})" if others else setting.key)
    return ", ".join(parts) + " (any case; '-', '_' and '.' are ignored: dependsOn is depends_on)"
