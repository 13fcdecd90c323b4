"""What the worker threads of a rollout share, and what each keeps to itself.

* ``SharedToken``: one access token for every worker's clients (fetched once, again only near its expiry).
* ``WorkerClients``: each worker thread builds its own flux and extensions clients (its own connections) per
  subscription, all with the one credential and the rollout's pacing policy.
* ``quiet(cmd)``: the command as workers see it — no spinner (az's progress controller is for one operation).
* ``worker_logs()``: while workers run, what they log is prefixed with their cluster; their warnings (the
  single-cluster apply's notes, "Creating the flux configuration ...") show only with --verbose or --debug: the
  rollout reports each cluster in its row and its progress line instead."""
import contextlib
import logging
import threading
import time

WORKER_PREFIX = "rollout-worker"
_current = threading.local()


class SharedToken:
    """A credential that hands every caller the same token until five minutes before it expires."""
    MARGIN_SECONDS = 300

    def __init__(self, credential):
        self._credential = credential
        self._lock = threading.Lock()
        self._tokens = {}

    def get_token(self, *scopes, **kwargs):
        if kwargs.get("claims"):  # a challenge asks for a new token
            return self._credential.get_token(*scopes, **kwargs)
        with self._lock:
            token = self._tokens.get(scopes)
            if token is None or token.expires_on - self.MARGIN_SECONDS < time.time():
                token = self._tokens[scopes] = self._credential.get_token(*scopes, **kwargs)
            return token


class WorkerClients:
    """Per worker thread and subscription: (flux client, extensions client)."""

    def __init__(self, cli_ctx, credentials, policies):
        self._cli_ctx, self._credentials, self._policies = cli_ctx, credentials, policies
        self._local = threading.local()
        self._build_lock = threading.Lock()  # az's client factory reads shared state: one build at a time

    def get(self, subscription):
        from azext_k8s_configuration.arm.clients import rollout_clients
        cache = self._local.__dict__.setdefault("clients", {})
        key = subscription.lower()
        if key not in cache:
            with self._build_lock:
                cache[key] = rollout_clients(self._cli_ctx, subscription, self._credentials(subscription),
                                             self._policies)
        return cache[key]


class _NoProgress:
    def begin(self, **_):
        pass

    def add(self, **_):
        pass

    def end(self, **_):
        pass


class _QuietContext:
    def __init__(self, cli_ctx):
        self._cli_ctx = cli_ctx

    def get_progress_controller(self, *_, **__):
        return _NoProgress()

    def __getattr__(self, name):
        return getattr(self._cli_ctx, name)


class _QuietCommand:
    def __init__(self, cmd):
        self._cmd = cmd
        self.cli_ctx = _QuietContext(cmd.cli_ctx)

    def __getattr__(self, name):
        return getattr(self._cmd, name)


def quiet(cmd):
    return _QuietCommand(cmd)


def set_cluster(name):
    """The cluster the calling worker works on (its log lines name it)."""
    _current.cluster = name


class _WorkerFilter(logging.Filter):
    def __init__(self, handler):
        super().__init__()
        self.verbose = handler.level <= logging.INFO

    def filter(self, record):
        if not threading.current_thread().name.startswith(WORKER_PREFIX):
            return True
        if record.levelno == logging.WARNING and not self.verbose:
            return False
        cluster = getattr(_current, "cluster", None)
        if cluster and not getattr(record, "_rollout_prefixed", False):
            record.msg = f"[{cluster}] {record.msg}"
            record._rollout_prefixed = True
        return True


@contextlib.contextmanager
def worker_logs():
    handlers = {id(h): h for logger in (logging.getLogger(), logging.getLogger("cli")) for h in logger.handlers}
    installed = [(handler, _WorkerFilter(handler)) for handler in handlers.values()]
    for handler, log_filter in installed:
        handler.addFilter(log_filter)
    try:
        yield
    finally:
        for handler, log_filter in installed:
            handler.removeFilter(log_filter)
