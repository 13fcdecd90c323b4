"""The simulated cluster's objects: what real reconciliation applied, what prune removed.

One inventory per cluster, kept in the store as a record of its own kind under the cluster's id (so deleting the
cluster or its resource group deletes it too). Objects are keyed by API group, kind, namespace and name, and
remember which kustomization applied them (``owner``: configuration id + kustomization name) and with what prune
setting. Every change is an event (``created``, ``configured``, ``pruned``, ``deleted``, ``orphaned``), so the
admin API (``GET /_emulator/inventory?cluster=<cluster id>``) shows what a reconciliation or a delete did.

Only real reconciliations (loopback git sources) touch the inventory; simulated ones apply nothing. Callers hold
``ctx.store.lock`` from ``load`` to ``save``.
"""
import time

from .common import now_iso

KIND = "clusterInventory"
SUFFIX = "/_emulator/inventory"
BASE_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease", "flux-system")
MAX_EVENTS = 1000
AGENT = ""  # the kustomization part of the owner of what the flux agent itself creates (source, Kustomizations)


def owner_key(configuration_id, kustomization=AGENT):
    return "{}|{}".format(configuration_id.lower(), kustomization)


def object_key(api_version, kind, namespace, name):
    group = api_version.split("/", 1)[0] if "/" in api_version else ""
    return "/".join((group, kind, namespace or "", name))


class Inventory:
    def __init__(self, store, cluster_id, body=None):
        self.store = store
        self.cluster_id = cluster_id
        self.body = body or {"objects": {}, "owners": {}, "events": [], "seq": 0}
        if body is None:
            for namespace in BASE_NAMESPACES:
                self._put({"apiVersion": "v1", "kind": "Namespace", "namespace": None, "name": namespace}, None,
                          None, log=False)

    @classmethod
    def load(cls, store, cluster_id):
        record = store.get(cluster_id + SUFFIX)
        return cls(store, cluster_id, record.body if record is not None else None)

    def save(self):
        self.store.put(self.cluster_id + SUFFIX, self.cluster_id + "/_emulator", KIND, self.body)

    # -- reading ---------------------------------------------------------------------------------------
    @property
    def objects(self):
        return self.body["objects"]

    def namespaces(self):
        return {o["name"] for o in self.objects.values() if o["kind"] == "Namespace" and not o.get("namespace")}

    def find(self, kind, namespace, name):
        """An object by kind, namespace and name, whatever its API group (Flux's kinds are unique)."""
        for entry in self.objects.values():
            if entry["kind"] == kind and (entry.get("namespace") or None) == (namespace or None) \
                    and entry["name"] == name:
                return entry
        return None

    def owned(self, owner):
        return [o for o in self.objects.values() if o.get("owner") == owner]

    def owners_of(self, configuration_id):
        prefix = owner_key(configuration_id, "")
        return {key: value for key, value in self.body["owners"].items() if key.startswith(prefix)}

    def view(self):
        """What the admin API shows: objects sorted, and the events in order."""
        objects = [{"apiVersion": o["apiVersion"], "kind": o["kind"], "namespace": o.get("namespace"),
                    "name": o["name"], "appliedBy": o.get("appliedBy")} for o in self.objects.values()]
        objects.sort(key=lambda o: (o["namespace"] or "", o["kind"], o["name"]))
        return {"cluster": self.cluster_id, "objects": objects, "events": list(self.body["events"])}

    # -- changes ---------------------------------------------------------------------------------------
    def ensure_namespace(self, name):
        """A namespace nobody prunes (the flux agent creates the configuration's namespace)."""
        if name not in self.namespaces():
            self._put({"apiVersion": "v1", "kind": "Namespace", "namespace": None, "name": name}, None, None)

    def apply(self, owner, applied_by, objects, prune):
        """Apply a kustomization's objects (server-side apply: create or configure). What the owner applied before
        and no longer builds is pruned (prune on) or left in the cluster, no longer tracked (prune off)."""
        self.body["owners"][owner] = {"prune": bool(prune), "appliedBy": applied_by}
        keys = set()
        for obj in objects:
            keys.add(self._put(obj, owner, applied_by))
        for entry in _namespaces_last(self.owned(owner)):
            key = object_key(entry["apiVersion"], entry["kind"], entry.get("namespace"), entry["name"])
            if key not in keys:
                self._let_go(key, entry, prune)

    def release(self, owner, prune=None):
        """The owner (a kustomization, or the agent's own objects) is gone: prune or orphan what it applied."""
        settings = self.body["owners"].pop(owner, None) or {}
        prune = settings.get("prune", True) if prune is None else prune
        for entry in _namespaces_last(self.owned(owner)):
            self._let_go(object_key(entry["apiVersion"], entry["kind"], entry.get("namespace"), entry["name"]),
                         entry, prune, action="deleted" if owner.endswith("|" + AGENT) else "pruned")

    def _put(self, obj, owner, applied_by, log=True):
        key = object_key(obj["apiVersion"], obj["kind"], obj.get("namespace"), obj["name"])
        old = self.objects.get(key)
        entry = dict(old or {})
        entry.update({"apiVersion": obj["apiVersion"], "kind": obj["kind"], "namespace": obj.get("namespace"),
                      "name": obj["name"], "digest": obj.get("digest"), "facts": obj.get("facts"),
                      "owner": owner, "appliedBy": applied_by})
        self.objects[key] = entry
        if log and (old is None or old.get("digest") != entry["digest"] or old.get("owner") != owner):
            self._event("created" if old is None else "configured", entry, applied_by)
        return key

    def _let_go(self, key, entry, prune, action="pruned"):
        if key not in self.objects:  # already gone with its namespace
            return
        if not prune:
            entry["owner"] = entry["appliedBy"] = None
            self._event("orphaned", entry, None)
            return
        by = entry.get("appliedBy")
        del self.objects[key]
        self._event(action, entry, by)
        if entry["kind"] == "Namespace" and not entry.get("namespace"):  # Kubernetes deletes what it holds
            for inner_key, inner in list(self.objects.items()):
                if inner.get("namespace") == entry["name"]:
                    del self.objects[inner_key]
                    self._event("deleted", inner, by, "namespace '{}' was deleted".format(entry["name"]))

    def _event(self, action, entry, by, why=None):
        self.body["seq"] += 1
        event = {"seq": self.body["seq"], "time": now_iso(time.time()), "action": action, "kind": entry["kind"],
                 "namespace": entry.get("namespace"), "name": entry["name"], "by": by}
        if why:
            event["why"] = why
        events = self.body["events"]
        events.append(event)
        del events[:-MAX_EVENTS]


def _namespaces_last(entries):
    """The order Flux deletes in: a namespace after what it holds."""
    return sorted(entries, key=lambda e: e["kind"] == "Namespace" and not e.get("namespace"))
