"""Talk to a git server as Flux would (dulwich: smart HTTP with basic auth and an extra CA, or ssh through
ssh_client.SshSetup), and turn every failure into a SourceError that says what to do (classify.py)."""
import ssl

from . import classify
from .ssh_client import SshSetup

CONNECT_TIMEOUT = 15


class RemoteRefs:
    """The server's refs: {b"refs/heads/main": sha, ...}, peeled tags (b"refs/tags/v1^{}"), symrefs."""

    def __init__(self, refs, symrefs=None):
        self.refs = dict(refs)
        self.symrefs = dict(symrefs or {})

    def sha(self, ref):
        return self.refs.get(ref)

    def peeled(self, ref):
        """The commit a ref points at (annotated tags peeled when the server said so)."""
        return self.refs.get(ref + b"^{}") or self.refs.get(ref)

    def names(self, prefix):
        return sorted(r[len(prefix):].decode("utf-8", "replace") for r in self.refs
                      if r.startswith(prefix) and not r.endswith(b"^{}"))


class Transport:
    """How to reach one source; `fetch(...)` brings what `determine_wants` picks into a local repository."""

    def __init__(self, url, auth, scratch_dir, timeout_seconds=600):
        self.url = url  # git_url.GitUrl
        self.auth = auth
        self.scratch_dir = scratch_dir
        self.timeout = timeout_seconds
        self.ssh = None
        self._client = self._path = None

    def _open(self):
        if self._client is not None:
            return self._client, self._path
        from dulwich.client import get_transport_and_path
        from dulwich.config import ConfigDict

        config = ConfigDict()  # never the user's ~/.gitconfig: Flux reads none either
        if self.url.is_ssh:
            self.ssh = SshSetup(self.scratch_dir, self.auth.ssh_private_key, self.auth.known_hosts, CONNECT_TIMEOUT)
            self._client, self._path = get_transport_and_path(
                self._ssh_location(), config=config, ssh_command=self.ssh.command(), quiet=True)
        else:
            pool = self._pool_manager(config)
            self._client, self._path = get_transport_and_path(
                self.url.display(), config=config, username=self.auth.https_user, password=self.auth.https_key,
                pool_manager=pool, quiet=True)
        return self._client, self._path

    def _ssh_location(self):
        user = self.url.user or "git"  # Flux's default user for ssh URLs
        if self.url.original.startswith("ssh://"):
            port = f":{self.url.port}" if self.url.port else ""
            return f"ssh://{user}@{self.url.host}{port}{self.url.path}"
        return f"{user}@{self.url.host}:{self.url.path}"

    def _pool_manager(self, config):
        import urllib3
        from dulwich.client import default_urllib3_manager

        pool = default_urllib3_manager(config, base_url=self.url.display(),
                                       timeout=urllib3.Timeout(connect=CONNECT_TIMEOUT, read=self.timeout))
        # one attempt, as Flux makes one per reconciliation (and urllib3 logs no "Retrying" warnings)
        pool.connection_pool_kw["retries"] = urllib3.Retry(total=None, connect=0, read=0, status=0, other=0,
                                                           redirect=5, raise_on_status=False)
        context = ssl.create_default_context()
        if self.auth.ca_cert_pem:
            ca = self.auth.ca_cert_pem
            context.load_verify_locations(cadata=ca.decode("ascii") if isinstance(ca, bytes) else ca)
        pool.connection_pool_kw["ssl_context"] = context
        return pool

    def fetch(self, target_repo, determine_wants, depth=None, progress=None):
        """determine_wants(refs) -> object ids, called with the server's refs once they arrive."""
        def wants(refs, depth=None):  # noqa: ARG001 - dulwich's signature
            return list(determine_wants(getattr(refs, "refs", refs)))

        try:
            client, path = self._open()
            client.fetch(path, target_repo, determine_wants=wants, progress=progress, depth=depth)
        except Exception as error:
            raise classify.source_error(error, self) from None

    def recorded_host_keys(self):
        return self.ssh.recorded_host_keys() if self.ssh else ""

