"""Clusters made to fail on purpose (admin API ``cluster-failures``), so that fleet rollouts meet real failures:

* ``extension-install``: every extension install on the cluster (a PUT that creates one) ends ``Failed`` with the
  error given (default ``ExtensionOperationFailed``, as a Helm install that times out reports it);
* ``reconciliation``: Flux fails on the cluster: its flux configurations provision (``Succeeded``) but, once the
  simulated ``Pending`` window is over, their source is ``Non-Compliant`` (``GitOperationFailed``, the message given
  or "authentication required") and every kustomization ``Non-Compliant`` (``ArtifactFailed``, "Source artifact not
  found"); an operation that waits for reconciliation fails.

Unlike ``operation-failures`` (the next operation, once), these hold until cleared. Kept in the store (settings)
and in memory: a flux configuration's status consults them on every read."""
import threading

KINDS = ("extension-install", "reconciliation")
DEFAULT_ERRORS = {
    "extension-install": {"code": "ExtensionOperationFailed",
                          "message": "Helm installation failed: timed out waiting for the condition "
                                     "(injected by the emulator)."},
    "reconciliation": {"code": "GitOperationFailed", "message": "authentication required"},
}
SETTING = "cluster_failures"


class ClusterFailures:
    def __init__(self, store):
        self._store = store
        self._lock = threading.Lock()
        self._by_cluster = store.setting(SETTING, {}) or {}  # cluster id (lower) -> {kind: error}

    def add(self, cluster_id, kind, code=None, message=None):
        if kind not in KINDS:
            raise ValueError("fail must be one of " + ", ".join(KINDS))
        if not cluster_id or not isinstance(cluster_id, str):
            raise ValueError("cluster (a cluster resource id) is required")
        error = dict(DEFAULT_ERRORS[kind])
        error.update({k: v for k, v in (("code", code), ("message", message)) if v})
        with self._lock:
            self._by_cluster.setdefault(cluster_id.rstrip("/").lower(), {})[kind] = error
            self._store.set_setting(SETTING, self._by_cluster)
        return self.list()

    def clear(self):
        with self._lock:
            self._by_cluster = {}
            self._store.set_setting(SETTING, None)

    def list(self):
        with self._lock:
            return {cluster: dict(kinds) for cluster, kinds in self._by_cluster.items()}

    def error(self, cluster_id, kind):
        """The error a cluster is made to fail with for ``kind``, or None."""
        if not self._by_cluster:
            return None
        found = self._by_cluster.get(cluster_id.lower())
        return dict(found[kind], details=[]) if found and kind in found else None


def cluster_of(resource_id):
    """The cluster id of a Microsoft.KubernetesConfiguration resource under it."""
    index = resource_id.lower().find("/providers/microsoft.kubernetesconfiguration/")
    return resource_id if index < 0 else resource_id[:index]
