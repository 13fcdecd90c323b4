"""The plain data the flux model produces: sources, secrets, and the create/update specs."""
from dataclasses import dataclass, field

from . import payload


@dataclass
class GitSource:
    """The git source; durations in seconds; known_hosts and the CA certificate in base64."""
    url: str = None
    branch: str = None
    tag: str = None
    semver: str = None
    commit: str = None
    timeout: int = None
    sync_interval: int = None
    known_hosts: str = None
    https_user: str = None
    https_ca_cert: str = None
    local_auth_ref: str = None
    provider: str = None   # wire value: Azure, GitHub, Generic


@dataclass
class Secrets:
    """Protected settings, base64. Never shown: excluded from repr and from every message."""
    ssh_private_key: str = field(default=None, repr=False)
    https_key: str = field(default=None, repr=False)
    bucket_secret_key: str = field(default=None, repr=False)

    def __bool__(self):
        return bool(self.ssh_private_key or self.https_key or self.bucket_secret_key)


@dataclass
class FluxCreateSpec:
    """Everything ``flux create`` sends. ``body`` is the PUT body; ``warnings`` are to be printed in order.

    ``source`` is the source of the chosen kind (GitSource, BucketSource, AzureBlobSource or OciSource);
    ``git`` is the same object for git sources and None otherwise."""
    name: str
    scope: str
    namespace: str
    source_kind: str
    suspend: bool
    git: GitSource
    kustomizations: list
    secrets: Secrets = field(default_factory=Secrets)
    warnings: list = field(default_factory=list)
    source: object = None
    wait_for_reconciliation: bool = None
    reconciliation_wait_duration: int = None   # seconds

    def __post_init__(self):
        if self.source is None:
            self.source = self.git

    @property
    def body(self):
        return payload.create_body(self)


@dataclass
class FluxUpdateSpec:
    """``flux update``: ``patch`` is the PATCH body; ``needs_confirmation`` is a statement to confirm (the
    handler adds its own question), set when the source kind changes. ``patch`` may hold secrets: it is
    left out of repr (log ``payload.redact(spec.patch)`` instead)."""
    patch: dict = field(repr=False)
    warnings: list = field(default_factory=list)
    needs_confirmation: str = None
