"""Which SSH host keys Flux will trust when the configuration has no known_hosts: microsoft.flux ships the keys
of the common public Git hosts, and no others. Used to explain what the server offered (fingerprints) and
what to pass."""
from . import wording
from .known_hosts_match import parse_key_lines
from .report import ERROR, INFO, Problem

COMMON_GIT_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "ssh.dev.azure.com", "vs-ssh.visualstudio.com")


def no_known_hosts_problem(url, recorded_lines):
    """The report's word on host keys for an ssh URL validated without known_hosts."""
    words = wording.current()
    keys = [key for _, key in parse_key_lines(recorded_lines)]
    offered = "; ".join(f"{k.key_type} {k.fingerprint}" for k in keys) or "(not read)"
    name = url.known_hosts_name
    if url.host.lower() in COMMON_GIT_HOSTS and (url.port in (None, 22)):
        return Problem(INFO, "host-key-default", f"No {words.known_hosts}: Flux trusts {url.host} with the host keys "
                       f"microsoft.flux ships for the common Git hosts ({', '.join(COMMON_GIT_HOSTS)}). The server "
                       f"offered: {offered}.")
    lines = "\n".join(k.line(name) for k in keys)
    return Problem(ERROR, "host-key-untrusted", f"No {words.known_hosts}: without it Flux trusts only the host keys "
                   f"microsoft.flux ships for the common Git hosts ({', '.join(COMMON_GIT_HOSTS)}), so it refuses "
                   f"{name} ('knownhosts: key is unknown'). The server offered: {offered}. Check these fingerprints "
                   f"with the server's owner, then pass {words.known_hosts_file} holding:\n"
                   + (lines or f"(ssh-keyscan {name})"))
