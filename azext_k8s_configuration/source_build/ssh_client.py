"""How git reaches an ssh URL here: the system's OpenSSH client (as dulwich runs it), told to behave as Flux
does — no user ssh config, no agent, only the given key, and host keys checked strictly against the given
known_hosts. Without known_hosts, the server's key is recorded in a scratch file (accept-new) so that the
report can show its fingerprint. Key and known_hosts are written to a private scratch directory (0600)."""
import os
import shlex
import shutil
import sys

from . import wording
from .source_errors import SSH_CLIENT_MISSING, SourceError

SCRATCH_KNOWN_HOSTS = "seen_known_hosts"


def ssh_executable(name="ssh"):
    found = shutil.which(name)
    if not found:
        raise SourceError(
            SSH_CLIENT_MISSING, f"ssh URLs are fetched with the OpenSSH client, and '{name}' is not on PATH here.",
            "Install OpenSSH (Debian/Ubuntu: apt-get install openssh-client; Windows: the optional feature "
            f"'OpenSSH Client'), or run with {wording.current().offline} to check only the local rules.")
    return found


def _write_private(path, data):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _quote(arg):
    if sys.platform == "win32":
        return '"' + arg.replace('"', '\\"') + '"'
    return shlex.quote(arg)


class SshSetup:
    """The ssh command line for one fetch, and where the server's key was recorded."""

    def __init__(self, scratch_dir, private_key=None, known_hosts=None, connect_timeout=15):
        self.scratch_dir = scratch_dir
        self.strict = known_hosts is not None
        if self.strict:
            self.known_hosts_file = _write_private(os.path.join(scratch_dir, "known_hosts"), known_hosts)
        else:
            self.known_hosts_file = os.path.join(scratch_dir, SCRATCH_KNOWN_HOSTS)
        self.key_file = None
        if private_key:
            key = private_key if isinstance(private_key, bytes) else private_key.encode("utf-8")
            self.key_file = _write_private(os.path.join(scratch_dir, "identity"), key.rstrip(b"\n") + b"\n")
        self.connect_timeout = connect_timeout

    def command(self):
        args = [ssh_executable(), "-F", "none",
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                "-o", f"ConnectTimeout={self.connect_timeout}",
                "-o", "StrictHostKeyChecking=" + ("yes" if self.strict else "accept-new"),
                "-o", f"UserKnownHostsFile={self.known_hosts_file}", "-o", f"GlobalKnownHostsFile={os.devnull}",
                "-o", "HashKnownHosts=no", "-o", "LogLevel=ERROR"]
        if self.key_file:
            args += ["-i", self.key_file]
        else:
            args += ["-o", "PubkeyAuthentication=no"]
        args += ["-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no"]
        return " ".join(_quote(a) for a in args)

    def recorded_host_keys(self):
        """Lines OpenSSH recorded for the server (only without known_hosts)."""
        if self.strict or not os.path.exists(self.known_hosts_file):
            return ""
        with open(self.known_hosts_file, encoding="utf-8", errors="replace") as f:
            return f.read()
