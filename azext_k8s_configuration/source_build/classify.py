"""Failures of a git connection in words a user can act on (SourceError), from what dulwich, urllib3 and
OpenSSH report. Each branch names the input to fix (as the caller names it: wording.py); unreachable means the
result is unknown from here."""
from . import source_errors as codes
from . import wording
from .known_hosts_match import keys_for_host, parse_key_lines
from .source_errors import SourceError


def source_error(error, transport):
    if isinstance(error, SourceError):
        return error
    url = transport.url
    if url.is_ssh:
        return _ssh_error(error, transport)
    return _http_error(error, transport)


# -- HTTPS ---------------------------------------------------------------------------------------------------
def _http_error(error, transport):
    from dulwich.client import HTTPProxyUnauthorized, HTTPUnauthorized
    from dulwich.errors import NotGitRepository

    where = transport.url.display()
    words = wording.current()
    has_credentials = bool(transport.auth.https_user or transport.auth.https_key)
    if isinstance(error, HTTPUnauthorized):
        if has_credentials:
            return SourceError(codes.AUTH_REFUSED, f"The server refused the credentials for {where} (HTTP 401).",
                               f"Check {words.https_user} and {words.https_key}: the token may be wrong, expired or "
                               "lack read access to this repository.")
        return SourceError(codes.AUTH_REQUIRED, f"{where} needs authentication (HTTP 401).",
                           f"Pass {words.https_user} and {words.https_key} (a token with read access), or "
                           f"{words.local_auth_ref}.")
    if isinstance(error, HTTPProxyUnauthorized):
        return SourceError(codes.UNREACHABLE, "The HTTP proxy configured here asked for credentials, so "
                           f"{where} could not be reached from here; whether Flux can reach it is unknown.",
                           f"Set the proxy's credentials in HTTPS_PROXY, or run with {words.offline}.")
    if isinstance(error, NotGitRepository):
        return SourceError(codes.REPOSITORY_NOT_FOUND, f"No git repository at {where} (HTTP 404).",
                           f"Check {words.url}. Some hosts (GitHub, Azure DevOps) also answer 404 when the credentials "
                           "cannot see a private repository.")
    text = str(error)
    if "unexpected http resp 403" in text:
        return SourceError(codes.AUTH_REFUSED, f"The server denied access to {where} (HTTP 403).",
                           f"Check that the {words.https_user}/{words.https_key} token has read access to this "
                           "repository.")
    cause = _root_cause(error)
    cause_text = f"{type(cause).__name__}: {cause}"
    if _is_tls(cause):
        return SourceError(codes.TLS_ERROR, f"TLS error talking to {transport.url.host_port}: {_tls_reason(cause)}.",
                           "If the server's certificate comes from a private CA, pass that CA with "
                           f"{words.https_ca_cert_file} (Flux needs it too); check the URL's host name.")
    if _is_unreachable(cause):
        return SourceError(codes.UNREACHABLE, f"Could not reach {transport.url.host_port} from here "
                           f"({_unreachable_reason(cause)}); whether Flux in the cluster can reach it is unknown.",
                           "Check the URL and this machine's network or proxy (HTTPS_PROXY), or run with "
                           f"{words.offline} to check only the local rules.")
    if "unexpected http resp" in text:
        return SourceError(codes.PROTOCOL_ERROR, f"{where} answered {text.split(' for ')[0][11:]}.",
                           f"Check {words.url}: it must be the repository's clone URL.")
    return SourceError(codes.PROTOCOL_ERROR, f"Fetching {where} failed: {cause_text}.",
                       f"Check {words.url}; run the same fetch with `git ls-remote` to compare.")


def _root_cause(error):
    seen = error
    while True:
        nxt = getattr(seen, "reason", None) or seen.__cause__ or seen.__context__
        if nxt is None or nxt is seen or not isinstance(nxt, BaseException):
            return seen
        seen = nxt


def _is_tls(cause):
    return isinstance(cause, __import__("ssl").SSLError) or type(cause).__name__ in ("SSLError", "CertificateError")


def _tls_reason(cause):
    text = str(cause)
    if "CERTIFICATE_VERIFY_FAILED" in text:
        if "Hostname mismatch" in text or "doesn't match" in text or "IP address mismatch" in text:
            return "the certificate is not valid for this host name"
        if "expired" in text:
            return "the server's certificate has expired"
        return "the server's certificate is not trusted (unknown issuer or self-signed)"
    return text.split(" (_ssl.c")[0]


def _is_unreachable(cause):
    name = type(cause).__name__
    return name in ("NewConnectionError", "NameResolutionError", "ConnectTimeoutError", "ReadTimeoutError",
                    "ConnectionRefusedError", "TimeoutError", "socket.timeout", "gaierror",
                    "MaxRetryError", "ProtocolError") or isinstance(cause, (ConnectionError, TimeoutError, OSError))


def _unreachable_reason(cause):
    text = str(cause)
    lowered = text.lower()
    if "name or service not known" in lowered or "nodename nor servname" in lowered or \
            type(cause).__name__ == "NameResolutionError" or "getaddrinfo" in lowered:
        return "the host name does not resolve"
    if "refused" in lowered:
        return "connection refused"
    if "timed out" in lowered or "timeout" in type(cause).__name__.lower():
        return "timed out"
    if "unreachable" in lowered:
        return "network unreachable"
    return text[:120]


# -- SSH -----------------------------------------------------------------------------------------------------
def _ssh_error(error, transport):
    if isinstance(error, FileNotFoundError):
        from .ssh_client import ssh_executable
        ssh_executable()  # raises the SSH_CLIENT_MISSING error when that is the cause
    lines = [ln.decode("utf-8", "replace") if isinstance(ln, bytes) else str(ln)
             for ln in (getattr(error, "stderr_lines", None) or [])] or str(error).splitlines()
    text = "\n".join(lines)
    lowered = text.lower()
    url = transport.url
    words = wording.current()
    if "host key verification failed" in lowered or "host identification has changed" in lowered \
            or "host key for" in lowered:
        return _host_key_error(transport)
    if "permission denied" in lowered:
        if transport.auth.ssh_private_key:
            return SourceError(codes.AUTH_REFUSED, f"The SSH server {url.host_port} refused the private key "
                               f"({_user(url)}).", "Add the key's public half to the repository as a deploy key "
                               f"(read access is enough), or pass the right {words.ssh_private_key_file}.")
        return SourceError(codes.AUTH_REQUIRED, f"The SSH server {url.host_port} needs a key.",
                           f"Pass {words.ssh_private_key_file}, or let the service generate one and add its public "
                           f"key ({words.public_key}) as a deploy key.")
    if any(s in lowered for s in ("could not resolve hostname", "connection refused", "timed out",
                                  "no route to host", "network is unreachable", "connection closed by",
                                  "connection reset")):
        reason = next(ln for ln in lines if ln.strip()) if lines else "no answer"
        return SourceError(codes.UNREACHABLE, f"Could not reach the SSH server {url.host_port} from here "
                           f"({_strip_ssh_prefix(reason)}); whether Flux in the cluster can reach it is unknown.",
                           f"Check the URL's host and port, or run with {words.offline} to check only the local "
                           "rules.")
    if any(s in lowered for s in ("not a git repository", "does not appear to be a git repository",
                                  "repository not found", "no such file", "could not be found", "not found")):
        return SourceError(codes.REPOSITORY_NOT_FOUND, f"No git repository at {url.display()} "
                           f"({_strip_ssh_prefix(lines[-1]) if lines else 'not found'}).",
                           f"Check the path in {words.url} (with git@HOST:PATH the path is relative to the "
                           "account).")
    detail = _strip_ssh_prefix(text.strip().splitlines()[-1]) if text.strip() else type(error).__name__
    return SourceError(codes.PROTOCOL_ERROR, f"Fetching {url.display()} over SSH failed: {detail}.",
                       f"Check {words.url}; `ssh -T` to the host shows what the server says.")


def _host_key_error(transport):
    url = transport.url
    name = url.known_hosts_name
    words = wording.current()
    offered = server_host_keys(url)
    trusted = keys_for_host(transport.auth.known_hosts, name)
    shown = "; ".join(f"{k.key_type} {k.fingerprint}" for k in offered) or "could not be read"
    lines = "\n".join(k.line(name) for k in offered)
    add = f" Trust it with {words.known_hosts_file} holding:\n{lines}" if lines else \
        f" Get them with `ssh-keyscan{' -p ' + str(url.port) if url.port else ''} {url.host}`."
    if not trusted:
        return SourceError(codes.HOST_KEY_UNKNOWN, f"{words.known_hosts} has no key for {name}, so the host key "
                           f"check fails (Flux: 'knownhosts: key is unknown'). The server offers: {shown}.",
                           add.strip())
    return SourceError(codes.HOST_KEY_MISMATCH, f"The host key of {name} does not match {words.known_hosts} (Flux: "
                       f"'knownhosts: key mismatch'). known_hosts expects: "
                       f"{'; '.join(f'{k.key_type} {k.fingerprint}' for k in trusted)}; the server offers: {shown}.",
                       "If the server's key really changed, replace the line." + add)


def server_host_keys(url):
    """The host keys the server offers (ssh-keyscan), as HostKey entries; [] when they cannot be read."""
    import shutil
    import subprocess

    keyscan = shutil.which("ssh-keyscan")
    if not keyscan:
        return []
    args = [keyscan, "-T", "10"] + (["-p", str(url.port)] if url.port else []) + [url.host]
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [key for _, key in parse_key_lines(out)]


def _user(url):
    return f"user '{url.user or 'git'}'"


def _strip_ssh_prefix(line):
    for prefix in ("ssh: ", "fatal: "):
        if line.startswith(prefix):
            line = line[len(prefix):]
    return line.strip().rstrip(".")
