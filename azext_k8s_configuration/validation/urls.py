"""Git source URLs: allowed schemes and no credentials embedded in the URL."""
import re
from urllib.parse import urlsplit

from azure.cli.core.azclierror import InvalidArgumentValueError

GIT_URL_PREFIXES = ("http://", "https://", "ssh://", "git@")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SCP_LIKE = re.compile(r"git@[^\s/:@]+:[^\s]+", re.IGNORECASE)


def display_url(url):
    """``url`` safe to show: whatever precedes the last '@' (user info, maybe a token or a password that
    itself contains '/') is replaced by '***', except the usual 'git' user."""
    match = _SCHEME.match(url)
    scheme, rest = (match.group(0), url[match.end():]) if match else ("", url)
    if "@" not in rest or rest.split("@", 1)[0] == "git" and rest.count("@") == 1:
        return url
    return f"{scheme}***@{rest.rsplit('@', 1)[1]}"


def is_ssh_url(url):
    """True for ``ssh://host/...`` and scp-like ``git@host:org/repo`` URLs."""
    return bool(url) and url.lower().startswith(("ssh://", "git@"))


def is_https_url(url):
    """True for ``https://`` URLs (the only scheme that can carry a CA certificate)."""
    return bool(url) and url.lower().startswith("https://")


def is_http_url(url):
    """True for ``http://`` and ``https://`` URLs."""
    return bool(url) and url.lower().startswith(("http://", "https://"))


def validate_git_url(url, option="--url"):
    """Check the scheme of a git URL and refuse credentials embedded in it; return the URL."""
    if url is None or not str(url).strip():
        raise InvalidArgumentValueError(
            f"{option} must not be empty.",
            f"Give the repository URL, e.g. {option} https://github.com/org/repo")
    url = str(url)
    if any(c.isspace() for c in url):
        raise InvalidArgumentValueError(
            f"{option} '{display_url(url)}' contains whitespace.",
            "Remove the spaces; percent-encode them if they are part of a path.")
    if not url.lower().startswith(GIT_URL_PREFIXES):
        raise InvalidArgumentValueError(
            f"{option} '{display_url(url)}' is not a git URL: it must start with http://, https://, ssh:// or git@.",
            f"Use e.g. {option} https://github.com/org/repo or {option} ssh://git@github.com/org/repo")
    try:
        host = urlsplit(url).netloc if "://" in url else None
    except ValueError:  # e.g. an unbalanced '[' in an IPv6 host; the value is not echoed
        raise InvalidArgumentValueError(
            f"{option} is not a well-formed URL.", "Check the host part of the URL for typos.") from None
    if host is not None and not host.rsplit("@", 1)[-1]:
        raise InvalidArgumentValueError(f"{option} '{display_url(url)}' has no host.",
                                        f"Use e.g. {option} https://github.com/org/repo")
    if host is None and not _SCP_LIKE.fullmatch(url):
        raise InvalidArgumentValueError(
            f"{option} '{display_url(url)}' is not a valid scp-like git URL: expected git@HOST:PATH.",
            f"Use e.g. {option} git@github.com:org/repo.git, or {option} ssh://git@github.com/org/repo")
    if is_http_url(url):
        _refuse_embedded_credentials(url, option)
    elif url.lower().startswith("ssh://"):
        _refuse_ssh_password(url, option)
    return url


def _refuse_embedded_credentials(url, option):
    # Any '@' counts: a password may itself contain '/', which hides it from URL parsers.
    if "@" in url:
        raise InvalidArgumentValueError(
            f"{option} must not contain credentials (found 'user@' or 'user:password@' in "
            f"'{display_url(url)}'): they would be stored and shown in clear text.",
            "Remove them from the URL and pass --https-user and --https-key instead "
            "(a user name alone, e.g. 'org@' in Azure DevOps URLs, can simply be dropped; "
            "an '@' that belongs to the path is written %40).")


def _refuse_ssh_password(url, option):
    rest = url[len("ssh://"):]
    if "@" in rest and ":" in rest.split("@", 1)[0]:
        raise InvalidArgumentValueError(
            f"{option} must not contain a password (found 'user:password@' in '{display_url(url)}'): it would be "
            "stored and shown in clear text.",
            "Use an SSH key instead: --ssh-private-key or --ssh-private-key-file.")
