"""Which flux configurations the emulator reconciles for real: a git source on a loopback host.

The emulator stands in for Flux, and may fetch only from this machine's loopback: ``127.0.0.1`` or ``localhost``,
nothing else (no other address is ever probed). Everything else — github.com in the tutorial, other source kinds,
credentials that live in the cluster (``localAuthRef``) or in a cloud identity (``provider``) — stays simulated
(flux_status.py). This module only reads the URL's text; it never resolves or contacts anything.
"""
import re
from urllib.parse import urlsplit

LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
_SCP_LIKE = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/\[\]]+):(?!//)")


def loopback_host(url):
    """The URL's host when it is a loopback host (lower case), else None."""
    text = (url or "").strip()
    if text.lower().startswith(("https://", "http://", "ssh://")):
        try:
            host = urlsplit(text).hostname
        except ValueError:
            return None
    else:
        match = _SCP_LIKE.match(text) if "://" not in text else None
        host = match.group("host") if match else None
    host = (host or "").lower()
    return host if host in LOOPBACK_HOSTS else None


def reconciled_for_real(props):
    """True when this configuration's source is fetched and built for real (see the module's docstring)."""
    if (props.get("sourceKind") or "GitRepository") != "GitRepository":
        return False
    git = props.get("gitRepository") or {}
    if git.get("localAuthRef") or (git.get("provider") or "generic").lower() != "generic":
        return False
    return loopback_host(git.get("url")) is not None
