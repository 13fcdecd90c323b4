"""Run the emulator: certificates, state, the WSGI app served over TLS by gunicorn, emulator.json.

gunicorn does the HTTP/1.1 work: TLS (each handshake in a worker thread), keep-alive (idle connections wait in its
poller, not in a thread, and close after IDLE_TIMEOUT), chunked request bodies, ``Expect: 100-continue``, and
request targets such as ``//metadata/endpoints`` (what ``az cloud register`` sends). Its master process binds the
port and supervises one worker process (gthread: WORKER_THREADS threads), which holds all of the emulator's state
(SQLite connections, the LRO ticker, faults, the request log). The master's pid is the emulator's pid
(emulator.json, /_emulator/health): stopping it stops the worker.
"""
import json
import os
import socket

from gunicorn.app.base import BaseApplication

from .certs import ensure_certificates
from .context import Context
from .providers import KUBERNETES_CONFIGURATION

INFO_FILE = "emulator.json"
HOST = "127.0.0.1"
IDLE_TIMEOUT = 30  # seconds an idle keep-alive connection stays open
WORKER_THREADS = 32  # requests served at once (a "delay" fault holds one thread for its delay)
LISTEN_BACKLOG = 128  # connections waiting to be accepted
SHUTDOWN_SECONDS = 2  # on stop: how long requests in flight may finish
PORT_SETTING = "port"  # the port the emulator last listened on, kept in the data dir's state


def info_path(data_dir):
    return os.path.join(data_dir, INFO_FILE)


def recorded_port(data_dir):
    """The port the last run on this data dir listened on (None for a fresh data dir)."""
    from .store import DB_FILE, Store
    if not os.path.exists(os.path.join(data_dir, DB_FILE)):
        return None
    return Store(data_dir).setting(PORT_SETTING)


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds (TIME_WAIT is fine)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def build(data_dir, overrides=None, faults_file=None, seed_file=None, kc_registered=None):
    """The emulator's state (in the process that serves requests): context, provider state, faults, seed."""
    from .seed import apply_seed

    ctx = Context(data_dir, overrides)
    if not ctx.store.setting("initialized"):
        ctx.store.set_provider_state(KUBERNETES_CONFIGURATION,
                                     "Registered" if kc_registered in (None, True) else "NotRegistered")
        ctx.store.set_setting("initialized", True)
    elif kc_registered is not None:
        ctx.store.set_provider_state(KUBERNETES_CONFIGURATION, "Registered" if kc_registered else "NotRegistered")
    if faults_file:
        with open(faults_file, encoding="utf-8") as f:
            ctx.faults.add(json.load(f))
    if seed_file:
        apply_seed(ctx, seed_file)
    return ctx


def write_info(ctx, ca):
    """emulator.json: how callers find the running emulator (written once it can answer), with a one-time login
    link to the portal page."""
    from .portal import login_url
    info = {"url": ctx.url, "ca_bundle": ca, "pid": ctx.pid, "identity_header": ctx.identity_header,
            "identity_endpoint": ctx.url + "/msi/token", "subscription_id": ctx.subscription_id,
            "tenant_id": ctx.tenant_id, "data_dir": ctx.data_dir, "portal_url": login_url(ctx)}
    path = info_path(ctx.data_dir)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2)
    os.replace(tmp, path)
    return info


class _Gunicorn(BaseApplication):
    """gunicorn's documented way to run an application from code (a "custom application")."""

    def __init__(self, options, load):
        self._options = options
        self._load = load
        super().__init__()

    def load_config(self):
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        return self._load()


def serve(data_dir, port=0, overrides=None, faults_file=None, seed_file=None, kc_registered=None):
    from .app import create_app

    data_dir = os.path.abspath(data_dir)
    os.makedirs(data_dir, exist_ok=True)
    path = info_path(data_dir)
    if os.path.exists(path):
        os.remove(path)
    ca, cert, key = ensure_certificates(data_dir)
    pid = os.getpid()  # the master's
    served = {}

    def load():  # in the worker process
        ctx = build(data_dir, overrides, faults_file, seed_file, kc_registered)
        ctx.pid = pid
        served["ctx"] = ctx
        return create_app(ctx)

    def post_worker_init(worker):  # the worker, its app loaded, before it accepts requests
        ctx = served["ctx"]
        port = worker.sockets[0].getsockname()[1]
        ctx.url = "https://{}:{}".format(HOST, port)
        ctx.store.set_setting(PORT_SETTING, port)
        ctx.lro.settle()  # operations that came due while we were stopped
        ctx.lro.run_ticker()
        info = write_info(ctx, ca)
        print("k8s-configuration emulator listening on {} (data dir {})".format(ctx.url, ctx.data_dir), flush=True)
        print("portal page (one-time login link): {}".format(info["portal_url"]), flush=True)

    options = {
        "bind": "{}:{}".format(HOST, port), "workers": 1, "worker_class": "gthread", "threads": WORKER_THREADS,
        "keepalive": IDLE_TIMEOUT, "backlog": LISTEN_BACKLOG, "graceful_timeout": SHUTDOWN_SECONDS,
        "certfile": cert, "keyfile": key, "post_worker_init": post_worker_init,
        "accesslog": None, "errorlog": "-", "loglevel": "warning",  # the emulator keeps its own request log
        "control_socket_disable": True, "proc_name": "k8s-configuration-emulator",
    }
    try:
        _Gunicorn(options, load).run()
    finally:
        try:  # the worker leaves through here too: only the master's own file is removed
            with open(path, encoding="utf-8") as f:
                if json.load(f).get("pid") == os.getpid():
                    os.remove(path)
        except (OSError, ValueError):
            pass
