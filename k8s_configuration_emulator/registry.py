"""The resource types of Microsoft.KubernetesConfiguration, registered in one place.

Routing builds its RP routes from the registry and the LRO engine asks it how an operation of a resource ends;
neither imports the resource modules. Each resource module describes its type with a ``ResourceType`` and
``resource_types`` lists them. A type says where it lives (its ``scope``: under a cluster, or under a location of
the subscription), which api-versions it answers, and how it is served:

* stored types (the default): GET reads the store and ``render``s the record; lists are paged from the store;
* computed, read-only types (e.g. a catalog): ``read(ctx, target)`` -> body or None and
  ``list_all(ctx, target)`` -> [body] instead of the store;
* ``put`` / ``patch`` / ``delete``: fn(ctx, req, target) -> (status, body, headers); a method a type leaves out
  is answered 405 (a type with none of them is read-only);
* ``lro``: its mutations are ARM long-running operations, with ``.../{name}/operations/{id}`` status documents;
  ``gate`` (postpone or fail an operation before it ends), ``on_finish`` (kind-specific touches when a create or
  update ends) and ``on_delete`` (when a delete succeeds, before the record goes), all fn(ctx, op, record);
* ``children``: types nested under one resource of this type (``.../{name}/{child collection}[/{child_name}]``).
"""
from .providers import KUBERNETES_CONFIGURATION
from .scopes import CLUSTER


def _store_body(_ctx, record):
    return record.body


class ResourceType:
    def __init__(self, collection, api_versions, kind=None, scope=CLUSTER, render=_store_body, render_owned=None,
                 render_is_stable=None, missing=None,
                 read=None, list_all=None, put=None, patch=None, delete=None, lro=False, gate=None,
                 on_finish=None, on_delete=None, children=()):
        self.collection = collection        # as ARM spells it in paths: "fluxConfigurations"
        self.api_versions = list(api_versions)
        self.kind = kind                    # the store's kind for its records (None: not stored)
        self.scope = scope
        self.render = render                # fn(ctx, record) -> the body clients see
        # the same for a record read for that call alone (it may change it in place: no copy)
        self.render_owned = render_owned or render
        # fn(ctx, record, now) -> whether render gives the same body until the record changes (default: yes)
        self.render_is_stable = render_is_stable or (lambda _ctx, _record, _now: True)
        self.missing = missing              # fn(target) -> the ArmError answering a missing resource
        self.read = read
        self.list_all = list_all
        self.put, self.patch, self.delete = put, patch, delete
        self.lro = lro
        self.gate = gate
        self.on_finish = on_finish
        self.on_delete = on_delete
        self.parent = None
        self.children = list(children)
        for child in self.children:
            child.parent = self
            child.scope = scope

    @property
    def type_name(self):
        """Microsoft.KubernetesConfiguration/fluxConfigurations (children: .../extensionTypes/versions)."""
        names = [self.collection]
        parent = self.parent
        while parent is not None:
            names.insert(0, parent.collection)
            parent = parent.parent
        return "{}/{}".format(KUBERNETES_CONFIGURATION, "/".join(names))

    @property
    def provider_type(self):
        """The resourceType the provider listing names (location-scoped types: locations/...)."""
        return self.scope.provider_type(self.collection)

    def __repr__(self):
        return "ResourceType({})".format(self.type_name)


class Registry:
    def __init__(self, types):
        self.types = list(types)  # top-level types, in the order the provider lists them
        everything = []
        pending = list(self.types)
        while pending:
            rtype = pending.pop(0)
            everything.append(rtype)
            pending.extend(rtype.children)
        self._all = everything
        self._by_kind = {t.kind: t for t in everything if t.kind}
        self._by_collection = {}
        for rtype in self.types:  # a collection served at two scopes (extensionTypes): the first one registered
            self._by_collection.setdefault(rtype.collection.lower(), rtype)

    def __iter__(self):
        return iter(self.types)

    def all(self):
        """Every type, children included."""
        return list(self._all)

    def by_kind(self, kind):
        return self._by_kind.get(kind)

    def find(self, collection):
        """The top-level type of that collection name (any case), or None."""
        return self._by_collection.get((collection or "").lower())
