"""Helpers for emulator tests that talk to the RP directly: a cluster's RP paths, sample bodies."""
from .arm import API, cluster_path, rp_path


class ClusterPaths:
    def __init__(self, arm, cluster):
        self.arm = arm
        self.cluster = cluster
        self.path = cluster_path(arm.emulator.subscription_id, cluster.rg, cluster.name, cluster.cluster_type)

    def rp(self, collection, name=None):
        return rp_path(self.path, collection, name)

    def put(self, collection, name, body, **kw):
        return self.arm.put(self.rp(collection, name), body, API[collection], **kw)

    def patch(self, collection, name, body, **kw):
        return self.arm.patch(self.rp(collection, name), body, API[collection], **kw)

    def get(self, collection, name=None, **kw):
        return self.arm.get(self.rp(collection, name), API[collection], **kw)

    def delete(self, collection, name, **kw):
        return self.arm.delete(self.rp(collection, name), API[collection], **kw)

    def install_flux(self, settings=None, name="flux"):
        body = {"properties": {"extensionType": "microsoft.flux", "autoUpgradeMinorVersion": True}}
        if settings:
            body["properties"]["configurationSettings"] = settings
        resp = self.put("extensions", name, body)
        assert resp.status_code == 201, resp.text
        assert self.arm.wait(resp)["status"] == "Succeeded"
        return resp


def git_config(url="https://github.com/Azure/gitops-flux2-kustomize-helm-mt", branch="main", **extra):
    props = {"scope": "cluster", "namespace": "cluster-config", "sourceKind": "GitRepository", "suspend": False,
             "gitRepository": {"url": url, "timeoutInSeconds": 600, "syncIntervalInSeconds": 600,
                               "repositoryRef": {"branch": branch}},
             "kustomizations": {"infra": {"path": "./infrastructure", "prune": True},
                                "apps": {"path": "./apps/staging", "prune": True, "dependsOn": ["infra"]}}}
    props.update(extra)
    return {"properties": props}
