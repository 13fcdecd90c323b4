"""A minimal ARM client for emulator tests: a bearer token from the identity endpoint, plain requests."""
import time

import requests

API = {"fluxConfigurations": "2025-04-01", "extensions": "2025-03-01", "sourceControlConfigurations": "2024-11-01",
       "extensionTypes": "2024-11-01-preview"}


class ArmClient:
    def __init__(self, emulator):
        self.emulator = emulator
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.verify = emulator.ca_bundle
        self._token = None

    @property
    def token(self):
        if self._token is None:
            resp = self.session.get(self.emulator.identity_endpoint,
                                    params={"api-version": "2019-08-01", "resource": self.emulator.url + "/"},
                                    headers={"X-IDENTITY-HEADER": self.emulator.identity_header}, timeout=10)
            resp.raise_for_status()
            self._token = resp.json()["access_token"]
        return self._token

    def request(self, method, path, api_version=None, json=None, params=None, auth=True, headers=None,
                **kwargs):  # noqa: A002
        url = path if path.startswith("https://") else self.emulator.url + path
        params = dict(params or {})
        if api_version:
            params["api-version"] = api_version
        hdrs = dict(headers or {})
        if auth:
            hdrs["Authorization"] = "Bearer " + self.token
        return self.session.request(method, url, json=json, params=params, headers=hdrs, timeout=30, **kwargs)

    def get(self, path, api_version=None, **kw):
        return self.request("GET", path, api_version, **kw)

    def put(self, path, body, api_version=None, **kw):
        return self.request("PUT", path, api_version, json=body, **kw)

    def patch(self, path, body, api_version=None, **kw):
        return self.request("PATCH", path, api_version, json=body, **kw)

    def delete(self, path, api_version=None, **kw):
        return self.request("DELETE", path, api_version, **kw)

    def wait(self, resp, timeout=30):
        """Follow Azure-AsyncOperation until the operation ends; return the final status document."""
        url = resp.headers["Azure-AsyncOperation"]
        deadline = time.time() + timeout
        while time.time() < deadline:
            doc = self.get(url).json()
            if doc.get("status") not in ("InProgress", "Accepted", "Creating", "Updating", "Deleting"):
                return doc
            time.sleep(0.05)
        raise AssertionError("operation did not finish: " + url)


def cluster_path(subscription_id, rg, cluster, cluster_type="connectedClusters"):
    rp = {"connectedclusters": "Microsoft.Kubernetes", "managedclusters": "Microsoft.ContainerService",
          "provisionedclusters": "Microsoft.HybridContainerService",
          "appliances": "Microsoft.ResourceConnector"}[cluster_type.lower()]
    return "/subscriptions/{}/resourceGroups/{}/providers/{}/{}/{}".format(subscription_id, rg, rp, cluster_type,
                                                                          cluster)


def rp_path(cluster, collection, name=None):
    path = cluster + "/providers/Microsoft.KubernetesConfiguration/" + collection
    return path + "/" + name if name else path
