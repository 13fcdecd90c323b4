"""What to validate: a git source (URL, reference, credentials) and the kustomizations built from it."""
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple


@dataclass(frozen=True)
class GitRef:
    """A git reference as Flux's GitRepository takes it; at most one of branch/tag/semver, commit alone or
    with a branch (the commit must then be on that branch)."""
    branch: Optional[str] = None
    tag: Optional[str] = None
    semver: Optional[str] = None
    commit: Optional[str] = None

    def describe(self):
        parts = [f"{name} '{value}'" for name, value in (("branch", self.branch), ("tag", self.tag),
                                                         ("semver range", self.semver), ("commit", self.commit))
                 if value]
        return " and ".join(parts) or "the default branch"


@dataclass(frozen=True)
class GitAuth:
    """Credentials as Flux uses them. `https_key` and `ssh_private_key` are secrets: never printed (repr hides
    them) and scrubbed from every message (report.redact)."""
    https_user: Optional[str] = None
    https_key: Optional[str] = field(default=None, repr=False)
    ca_cert_pem: Optional[bytes] = None
    ssh_private_key: Optional[bytes] = field(default=None, repr=False)  # PEM or OpenSSH text
    known_hosts: Optional[str] = None  # known_hosts file content

    def secrets(self):
        values = []
        for value in (self.https_key, self.ssh_private_key):
            if value:
                text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                values.append(text)
                values.extend(line for line in text.splitlines() if len(line.strip()) >= 8)
        return values


@dataclass(frozen=True)
class GitSource:
    url: str
    ref: GitRef = GitRef()
    auth: GitAuth = GitAuth()
    timeout_seconds: int = 600


@dataclass(frozen=True)
class KustomizationSpec:
    """One kustomization of a configuration: where it builds from and what it waits for."""
    name: str
    path: str = ""
    depends_on: Tuple[str, ...] = ()
    substitute: Optional[Dict[str, str]] = None
    substitute_from: Tuple[str, ...] = ()  # e.g. "ConfigMap/cluster-vars", only named: values are in the cluster
