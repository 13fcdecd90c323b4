"""Which known_hosts lines speak for a host, and fingerprints of host keys: for messages only. The check itself
is OpenSSH's (StrictHostKeyChecking=yes against the known_hosts the user gave), as Flux checks before it
fetches; this module only explains a refusal ("no key for this host" vs "a different key")."""
import base64
import hashlib
import hmac
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class HostKey:
    key_type: str
    key: str  # base64 blob
    marker: str = ""  # "", "@revoked" or "@cert-authority"

    @property
    def fingerprint(self):
        return fingerprint(self.key)

    def line(self, host_name):
        return f"{host_name} {self.key_type} {self.key}"


def fingerprint(key_b64):
    """OpenSSH's SHA256 fingerprint of a base64 public-key blob."""
    digest = hashlib.sha256(base64.b64decode(key_b64)).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def keys_for_host(known_hosts_text, host_name):
    """HostKey entries of `known_hosts_text` whose host patterns match `host_name` (`host` or `[host]:port`)."""
    found = []
    for raw in (known_hosts_text or "").splitlines():
        fields = raw.strip().split()
        if not fields or fields[0].startswith("#"):
            continue
        marker = fields.pop(0) if fields[0].startswith("@") else ""
        if len(fields) < 3:
            continue
        if _matches(fields[0], host_name):
            found.append(HostKey(fields[1], fields[2], marker))
    return found


def parse_key_lines(text):
    """(host, HostKey) of each `host keytype key` line, as ssh-keyscan prints or OpenSSH records them."""
    out = []
    for raw in (text or "").splitlines():
        fields = raw.strip().split()
        if len(fields) >= 3 and not fields[0].startswith(("#", "@")):
            out.append((fields[0], HostKey(fields[1], fields[2])))
    return out


def _matches(patterns, host_name):
    matched = False
    for pattern in patterns.split(","):
        negated = pattern.startswith("!")
        pattern = pattern[1:] if negated else pattern
        if pattern.startswith("|1|"):
            hit = _hashed_matches(pattern, host_name)
        else:
            hit = _wildcard(pattern).fullmatch(host_name.lower()) is not None
        if hit and negated:
            return False
        matched = matched or hit
    return matched


def _wildcard(pattern):
    """OpenSSH host patterns know only `*` and `?` (brackets in `[host]:port` are literal)."""
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern.lower()))


def _hashed_matches(pattern, host_name):
    try:
        _, _, salt, digest = pattern.split("|", 3)
        expected = hmac.new(base64.b64decode(salt), host_name.encode(), hashlib.sha1).digest()
        return hmac.compare_digest(expected, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False
