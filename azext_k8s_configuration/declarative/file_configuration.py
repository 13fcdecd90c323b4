"""What a file says about a configuration, in the vocabulary of `flux create`: its options and -k tokens.

Both readers (azure_shape, flux_shape) end here, so that the options of the command line and the file's go through
the same rules (desired.py).
"""
from dataclasses import dataclass, field

REDACTED = "<redacted>"  # how the service answers some write-only members (OCI TLS material, verification keys)


@dataclass
class FileConfiguration:
    """``options``: {create option key: value} (scope, namespace, kind, suspend, the source options, ...);
    ``kustomizations``: {name: [KEY=VALUE tokens of -k]} in file order; ``members``: {option key: the file member
    it came from} for messages; ``lists_kustomizations``: the file says which kustomizations there are, so none
    means none (not flux create's default one); ``withheld``: write-only members the file could not carry (shown
    as null or <redacted>), kept on the cluster they were read from; ``notes``: what was skipped, to print."""
    name: str = None
    options: dict = field(default_factory=dict)
    kustomizations: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)
    withheld: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    where: str = ""
    lists_kustomizations: bool = True  # the file says which kustomizations there are (none is none)


def is_redacted(value):
    """A write-only value as the service shows it: '<redacted>', or a map of such values."""
    if value == REDACTED:
        return True
    return isinstance(value, dict) and bool(value) and all(v == REDACTED for v in value.values())
