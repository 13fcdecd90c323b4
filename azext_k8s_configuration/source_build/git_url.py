"""A git URL taken apart: scheme, user, host, port, path; and how to show it without credentials."""
import re
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlsplit

from .source_errors import URL_UNSUPPORTED, SourceError

_SCP_LIKE = re.compile(r"^(?:(?P<user>[^@/]+)@)?(?P<host>[^:/\[\]]+):(?P<path>(?!//).+)$")


@dataclass(frozen=True)
class GitUrl:
    scheme: str  # "https", "http" or "ssh"
    host: str
    port: Optional[int]
    user: Optional[str]
    path: str
    original: str

    @property
    def is_ssh(self):
        return self.scheme == "ssh"

    @property
    def host_port(self):
        return f"{self.host}:{self.port}" if self.port else self.host

    @property
    def known_hosts_name(self):
        """How known_hosts names this host: `host`, or `[host]:port` for a port other than 22."""
        return f"[{self.host}]:{self.port}" if self.port and self.port != 22 else self.host

    def display(self):
        """The URL with any user:password part removed."""
        if self.is_ssh:
            return self.original
        parts = urlsplit(self.original)
        netloc = parts.hostname or ""
        if parts.port:
            netloc = f"{netloc}:{parts.port}"
        return parts._replace(netloc=netloc).geturl()


def parse_git_url(url):
    text = (url or "").strip()
    if text.startswith(("https://", "http://", "ssh://")):
        parts = urlsplit(text)
        try:
            port = parts.port
        except ValueError:
            port = None
        if parts.hostname:
            return GitUrl(parts.scheme, parts.hostname, port, parts.username, parts.path or "/", text)
    elif "://" not in text:
        match = _SCP_LIKE.match(text)
        if match:
            return GitUrl("ssh", match.group("host"), None, match.group("user"), match.group("path"), text)
    raise SourceError(URL_UNSUPPORTED, f"'{_shown(text)}' is not a git URL that Flux can fetch.",
                      "Use https://HOST/PATH, ssh://[USER@]HOST[:PORT]/PATH or USER@HOST:PATH.")


def _shown(text):
    return re.sub(r"//[^/@]*@", "//", text)
