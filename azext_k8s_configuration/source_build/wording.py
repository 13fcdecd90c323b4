"""How the engine's messages name the inputs a user gives: source_build knows nothing of az.

A problem says what to do ("check the HTTPS key", "pass a known_hosts file"); which option, field or flag gives each
input is the caller's: it passes its ``Words`` to ``engine.validate_git(words=...)`` (flux validate: its options,
flux/validate_source.AZ_WORDS). Without them, plain words name the inputs.

One validation runs at a time in a process (as one az command does): the words in use are kept here while it runs,
read by whatever builds a message (``current()``), from any thread of the run.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """The name of each input, as a message shows it (e.g. "Check {url}", "No {known_hosts}: ...")."""
    url: str = "URL"
    https_user: str = "HTTPS user"
    https_key: str = "HTTPS key"
    https_ca_cert_file: str = "CA certificate"
    ssh_private_key: str = "SSH private key"
    ssh_private_key_file: str = "SSH private key"
    known_hosts: str = "known_hosts"
    known_hosts_file: str = "a known_hosts file"
    local_auth_ref: str = "a reference to a secret in the cluster"
    branch: str = "branch"
    tag: str = "tag"
    semver: str = "semver range"
    commit: str = "commit"
    offline: str = "the local checks only"  # "run with {offline}"
    public_key: str = "the public key the service generates"  # where the deploy key's public half is read
    public_key_command: str = "the public key the service generates"  # the same, as a command to run


PLAIN = Words()
_current = PLAIN


def current():
    """The words of the validation running (PLAIN outside one)."""
    return _current


def use(words):
    """Use ``words`` until ``use`` is called again; returns the words used before (to put them back)."""
    global _current
    previous, _current = _current, words or PLAIN
    return previous
