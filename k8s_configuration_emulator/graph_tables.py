"""The emulated Resource Graph's tables, read from the same store ARM reads: ``resources`` (the clusters) and
``kubernetesconfigurationresources`` (every resource type of Microsoft.KubernetesConfiguration stored under a
cluster: fluxConfigurations, extensions, sourceControlConfigurations). As Resource Graph stores them, ``type`` is
lower-cased and ``properties`` is what an ARM GET returns (the simulated Flux status included)."""
import time

from .kql_eval import TABLE_SCHEMA, Table
from .scopes import CLUSTER

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


def cluster_rows(ctx):
    return [_row(record.body, ctx.tenant_id) for _, record in ctx.store.list_kind(CLUSTER_KIND)]


def configuration_rows(ctx):
    rows = []
    for rtype in ctx.types.all():
        if rtype.kind is None or rtype.scope is not CLUSTER or rtype.parent is not None:
            continue
        for _, record in ctx.store.list_kind(rtype.kind):
            rows.append(_row(rtype.render(ctx, record), ctx.tenant_id))
    return rows


TABLES = {"resources": cluster_rows, "kubernetesconfigurationresources": configuration_rows}


class Snapshot:
    """The tables as the graph sees them: read from the store at most every ``lag`` seconds (0: at every query),
    as the real service's data trails ARM by seconds to minutes."""

    def __init__(self):
        self._taken = {}  # table -> (time, rows)

    def tables(self, ctx, lag, subscriptions):
        wanted = None if subscriptions is None else {s.lower() for s in subscriptions}

        def table(name):
            def load():
                taken = self._taken.get(name)
                now = time.time()
                if taken is None or lag <= 0 or now - taken[0] >= lag:
                    taken = (now, TABLES[name](ctx))
                    if lag > 0:
                        self._taken[name] = taken
                rows = taken[1] if wanted is None else \
                    [r for r in taken[1] if r["subscriptionId"].lower() in wanted]
                return Table(TABLE_SCHEMA, rows)
            return load
        return {name: table(name) for name in TABLES}
