"""Fast set-up for benchmarks: clusters, microsoft.flux and flux configurations through the emulator's own
ARM API (one real PUT as a template), then bulk copies written straight into its SQLite store."""
import copy
import json
import os
import sqlite3
import time
import uuid

from tests.harness.arm import API, ArmClient, cluster_path, rp_path

FLUX_TYPE = "Microsoft.KubernetesConfiguration/fluxConfigurations"


def config_body(namespace="bench", kustomizations=None):
    return {"properties": {
        "scope": "cluster", "namespace": namespace, "sourceKind": "GitRepository",
        "gitRepository": {"url": "https://github.com/fluxcd/flux2-kustomize-helm-example",
                          "repositoryRef": {"branch": "main"}},
        "kustomizations": kustomizations or {
            "infra": {"path": "./infrastructure", "prune": True},
            "apps": {"path": "./apps/staging", "prune": True, "dependsOn": ["infra"]}}}}


class Seeder:
    def __init__(self, emulator):
        self.emulator = emulator
        self.arm = ArmClient(emulator)

    def cluster(self, with_flux=True, prefix="bench"):
        suffix = uuid.uuid4().hex[:8]
        rg, name = "{}-rg-{}".format(prefix, suffix), "{}-{}".format(prefix, suffix)
        self.emulator.add_cluster(rg, name)
        path = cluster_path(self.emulator.subscription_id, rg, name)
        if with_flux:
            resp = self.arm.put(rp_path(path, "extensions", "flux"),
                                {"properties": {"extensionType": "microsoft.flux", "autoUpgradeMinorVersion": True}},
                                API["extensions"])
            assert resp.status_code in (200, 201), resp.text
            assert self.arm.wait(resp)["status"] == "Succeeded"
        return {"rg": rg, "name": name, "path": path,
                "args": "-g {} -c {} -t connectedClusters".format(rg, name)}

    def configuration(self, cluster, name, body=None):
        resp = self.arm.put(rp_path(cluster["path"], "fluxConfigurations", name), body or config_body(),
                            API["fluxConfigurations"])
        assert resp.status_code in (200, 201), resp.text
        assert self.arm.wait(resp)["status"] == "Succeeded"
        return rp_path(cluster["path"], "fluxConfigurations", name)

    def copies(self, cluster, template_name, count, prefix="cfg-"):
        """count more configurations like template_name, written straight into the store (one transaction)."""
        template_id = rp_path(cluster["path"], "fluxConfigurations", template_name)
        with self._db() as db:
            parent_lc, kind, body, secrets, meta = db.execute(
                "SELECT parent_lc, kind, body, secrets, meta FROM resources WHERE id_lc = ?",
                (template_id.lower(),)).fetchone()
            body = json.loads(body)
            rows = []
            for i in range(count):
                name = "{}{:05d}".format(prefix, i)
                copy_body = copy.deepcopy(body)
                copy_body["id"] = body["id"].rsplit("/", 1)[0] + "/" + name
                copy_body["name"] = name
                rows.append((copy_body["id"].lower(), parent_lc, kind, json.dumps(copy_body), secrets, meta))
            db.execute("BEGIN")
            db.executemany("INSERT INTO resources (id_lc, parent_lc, kind, body, secrets, meta) "
                           "VALUES (?, ?, ?, ?, ?, ?)", rows)
            db.execute("COMMIT")

    def widen(self, cluster, name, kustomizations):
        """Give configuration `name` this many kustomizations (each one a deployed object), in the store."""
        rid = rp_path(cluster["path"], "fluxConfigurations", name).lower()
        with self._db() as db:
            body = json.loads(db.execute("SELECT body FROM resources WHERE id_lc = ?", (rid,)).fetchone()[0])
            template = dict(body["properties"]["kustomizations"]["infra"])
            wide = {}
            for i in range(kustomizations):
                k = "k{:05d}".format(i)
                wide[k] = dict(template, name=k, path="./apps/{}".format(k), dependsOn=[])
            body["properties"]["kustomizations"] = wide
            db.execute("UPDATE resources SET body = ? WHERE id_lc = ?", (json.dumps(body), rid))

    def _db(self):
        return _Db(os.path.join(self.emulator.data_dir, "state.db"))

    def operation_ended(self, operation_id):
        with self._db() as db:
            row = db.execute("SELECT ended, due, started FROM operations WHERE id = ?", (operation_id,)).fetchone()
        return row


class _Db:
    def __init__(self, path):
        self.path = path

    def __enter__(self):
        self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.conn.execute("PRAGMA busy_timeout=30000")
        return self.conn

    def __exit__(self, *exc):
        self.conn.close()


def wait_settled(seconds=0.1):
    time.sleep(seconds)
