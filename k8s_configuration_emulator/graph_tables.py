"""The emulated Resource Graph's tables, read from the same store ARM reads: ``resources`` (the clusters) and
``kubernetesconfigurationresources`` (every resource type of Microsoft.KubernetesConfiguration stored under a
cluster: fluxConfigurations, extensions, sourceControlConfigurations). As Resource Graph stores them, ``type`` is
lower-cased and ``properties`` is what an ARM GET returns (the simulated Flux status included)."""
import json
import threading
import time

from .kql_eval import TABLE_SCHEMA, Table
from .scopes import CLUSTER
from .store import Record

CLUSTER_KIND = "cluster"


def _row(body, tenant_id):
    parts = body["id"].split("/")
    row = {column: ("" if column_type == "string" else None) for column, column_type in TABLE_SCHEMA.items()}
    row.update({"id": body["id"], "name": body.get("name") or "", "type": (body.get("type") or "").lower(),
                "tenantId": tenant_id, "location": (body.get("location") or "").lower(),
                "resourceGroup": parts[4] if len(parts) > 4 else "",
                "subscriptionId": parts[2] if len(parts) > 2 else "",
                "properties": body.get("properties"), "tags": body.get("tags") or {},
                "identity": body.get("identity"), "sku": body.get("sku"), "plan": body.get("plan"),
                "extendedLocation": body.get("extendedLocation"), "kind": body.get("kind") or "",
                "managedBy": body.get("managedBy") or ""})
    return row


class RowCache:
    """Rows already made, by the stored text they were made from (and the operation time, which the simulated
    status depends on): a query re-reads the store but renders only what changed since the last one, as the real
    service answers from an index rather than from each resource. Only rows whose rendering does not depend on the
    time are kept (see ``ResourceType.render_is_stable``)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._rows = {}  # kind -> {(body text, meta text, operation seconds): row}

    def rows(self, ctx, rtype, kind):
        now = time.time()
        with self._lock:
            previous = self._rows.get(kind, {})
        kept, rows = {}, []
        for body_text, meta_text in ctx.store.list_kind_text(kind):
            key = (body_text, meta_text, ctx.operation_seconds)
            row = previous.get(key)
            if row is None:
                record = Record(json.loads(body_text), None, json.loads(meta_text) if meta_text else None, kind)
                stable = rtype is None or rtype.render_is_stable(ctx, record, now)
                row = _row(record.body if rtype is None else rtype.render_owned(ctx, record), ctx.tenant_id)
                if stable:
                    kept[key] = row
            else:
                kept[key] = row
            rows.append(row)
        with self._lock:
            self._rows[kind] = kept
        return rows


def cluster_rows(ctx, cache):
    return cache.rows(ctx, None, CLUSTER_KIND)


def configuration_rows(ctx, cache):
    rows = []
    for rtype in ctx.types.all():
        if rtype.kind is None or rtype.scope is not CLUSTER or rtype.parent is not None:
            continue
        rows += cache.rows(ctx, rtype, rtype.kind)
    return rows


TABLES = {"resources": cluster_rows, "kubernetesconfigurationresources": configuration_rows}


class Snapshot:
    """The tables as the graph sees them: read from the store at most every ``lag`` seconds (0: at every query),
    as the real service's data trails ARM by seconds to minutes."""

    def __init__(self):
        self._taken = {}  # table -> (time, rows)
        self._cache = RowCache()

    def tables(self, ctx, lag, subscriptions):
        wanted = None if subscriptions is None else {s.lower() for s in subscriptions}

        def table(name):
            def load():
                taken = self._taken.get(name)
                now = time.time()
                if taken is None or lag <= 0 or now - taken[0] >= lag:
                    taken = (now, TABLES[name](ctx, self._cache))
                    if lag > 0:
                        self._taken[name] = taken
                rows = taken[1] if wanted is None else \
                    [r for r in taken[1] if r["subscriptionId"].lower() in wanted]
                return Table(TABLE_SCHEMA, rows)
            return load
        return {name: table(name) for name in TABLES}
