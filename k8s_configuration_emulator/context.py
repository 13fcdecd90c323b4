"""The emulator's shared state for one process: store, runtime settings, faults, request log, the resource-type
registry, the LRO engine and the portal page's logins."""
import os
import secrets

from . import DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID
from .cluster_failures import ClusterFailures
from .faults import FaultRules
from .graph import ResourceGraph, parse_quota
from .lro import Lro
from .portal_auth import PortalAuth
from .reqlog import RequestLog
from .resource_types import REGISTRY
from .store import Store
from .throttle import DOCUMENTED, Throttle, parse_bucket

KEY_FILE = "token.key"
# Runtime settings: name -> default. Changeable at start (flags) and at run time (admin API); persisted.
DEFAULTS = {"operation_seconds": 3.0, "retry_after": 1, "page_size": 100,
            "graph_quota": "15/5", "graph_lag_seconds": 0.0,
            "throttle": False, "throttle_reads": DOCUMENTED["reads"], "throttle_writes": DOCUMENTED["writes"],
            "throttle_deletes": DOCUMENTED["deletes"]}


class Context:
    def __init__(self, data_dir, overrides=None, types=REGISTRY):
        self.data_dir = os.path.abspath(data_dir)
        self.store = Store(self.data_dir)
        self.subscription_id = DEFAULT_SUBSCRIPTION_ID
        self.tenant_id = DEFAULT_TENANT_ID
        self.token_key = _load_or_create(os.path.join(self.data_dir, KEY_FILE), lambda: secrets.token_bytes(32))
        self.identity_header = self.store.setting("identity_header") or secrets.token_hex(16)
        self.store.set_setting("identity_header", self.identity_header)
        self.settings = {}
        for name, default in DEFAULTS.items():
            value = (overrides or {}).get(name)
            self.set(name, value if value is not None else self.store.setting(name, default))
        self.faults = FaultRules()
        self.cluster_failures = ClusterFailures(self.store)  # clusters made to fail (admin cluster-failures)
        self.reqlog = RequestLog()
        self.url = None  # set once the server is bound
        self.pid = os.getpid()  # the emulator's process (the server's master when it has one)
        self.types = types  # registry.Registry of the resource types served
        self.lro = Lro(self)
        self.graph = ResourceGraph()  # Resource Graph's quota, result pages and snapshot
        self.portal = PortalAuth()  # login codes and sessions of the portal page
        self.throttle = Throttle()  # ARM's token buckets (used when the "throttle" setting is on)

    def set(self, name, value):
        if name not in DEFAULTS:
            raise KeyError(name)
        if isinstance(DEFAULTS[name], bool):
            value = value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
        else:
            value = type(DEFAULTS[name])(value)
        if name == "graph_quota":
            parse_quota(value)  # ValueError unless QUERIES/SECONDS
        if name.startswith("throttle_"):
            parse_bucket(value)  # ValueError unless SIZE/RATE
        self.settings[name] = value
        self.store.set_setting(name, value)

    @property
    def port(self):
        """The port the server listens on (None until it is bound)."""
        return int(self.url.rsplit(":", 1)[1]) if self.url else None

    @property
    def operation_seconds(self):
        return self.settings["operation_seconds"]

    @property
    def retry_after(self):
        return self.settings["retry_after"]

    @property
    def page_size(self):
        return self.settings["page_size"]


def _load_or_create(path, make):
    if os.path.exists(path):
        with open(path, "rb") as f:
            return f.read()
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(value)
    return value
