"""The emulator as a subprocess, with its admin API as methods."""
import json
import os
import subprocess
import sys

import requests

from k8s_configuration_emulator.cli import wait_ready

from . import REPO_ROOT, stop_process


class Emulator:
    def __init__(self, data_dir, operation_seconds=0.2, retry_after=1, extra_args=(), code_dir=REPO_ROOT):
        self.data_dir = str(data_dir)
        self.code_dir = code_dir  # the tree whose k8s_configuration_emulator runs (the bench compares two)
        self.operation_seconds = operation_seconds
        self.retry_after = retry_after
        self.extra_args = list(extra_args)
        self.port = 0
        self.proc = None
        self.info = None
        self._session = None

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self):
        argv = [sys.executable, "-m", "k8s_configuration_emulator", "start", "--data-dir", self.data_dir,
                "--port", str(self.port), "--operation-seconds", str(self.operation_seconds),
                "--retry-after", str(self.retry_after)] + self.extra_args
        os.makedirs(self.data_dir, exist_ok=True)
        info_file = os.path.join(self.data_dir, "emulator.json")
        if os.path.exists(info_file):
            os.remove(info_file)
        with open(os.path.join(self.data_dir, "emulator.log"), "ab") as log:
            self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         cwd=self.code_dir)
        self.info = wait_ready(self.data_dir, self.proc)
        self.port = int(self.info["url"].rsplit(":", 1)[1])  # a restart keeps the port (az's cloud points at it)
        return self

    def stop(self):
        stop_process(self.proc)
        self.proc = None
        if self._session is not None:
            self._session.close()
            self._session = None

    def restart(self):
        self.stop()
        return self.start()

    # -- coordinates -----------------------------------------------------------------------------
    @property
    def url(self):
        return self.info["url"]

    @property
    def ca_bundle(self):
        return self.info["ca_bundle"]

    @property
    def identity_endpoint(self):
        return self.info["identity_endpoint"]

    @property
    def identity_header(self):
        return self.info["identity_header"]

    @property
    def subscription_id(self):
        return self.info["subscription_id"]

    @property
    def tenant_id(self):
        return self.info["tenant_id"]

    @property
    def admin_headers(self):
        """The admin API's secret: the identity header's value."""
        return {"X-IDENTITY-HEADER": self.identity_header}

    def portal_login_url(self):
        """A new one-time login link for the portal page."""
        return self.admin("POST", "portal-login")["url"]

    @property
    def session(self):
        if self._session is None:
            self._session = requests.Session()
            self._session.trust_env = False  # never a proxy
            self._session.verify = self.ca_bundle
        return self._session

    # -- admin API -------------------------------------------------------------------------------
    def admin(self, method, path, json=None):  # noqa: A002 - mirrors requests' keyword
        resp = self.session.request(method, self.url + "/_emulator/" + path.lstrip("/"), json=json, timeout=30,
                                    headers=self.admin_headers)
        if resp.status_code >= 400:
            raise AssertionError("admin {} {} -> {}: {}".format(method, path, resp.status_code, resp.text))
        return resp.json() if resp.content else None

    def add_cluster(self, rg, name, cluster_type="connectedClusters", service_principal=False, location="eastus"):
        return self.admin("POST", "clusters", {"resource_group": rg, "name": name, "cluster_type": cluster_type,
                                               "service_principal": service_principal, "location": location})

    def add_faults(self, rules):
        return self.admin("POST", "faults", rules)

    def clear_faults(self):
        return self.admin("DELETE", "faults")

    def faults(self):
        return self.admin("GET", "faults")

    def requests(self, since=None):
        return self.admin("GET", "requests?since={}".format(since or 0))["requests"]

    def mark(self):
        return self.admin("GET", "requests/mark")["mark"]

    def settings(self):
        return self.admin("GET", "settings")

    def set_operation_seconds(self, seconds):
        return self.admin("POST", "settings", {"operation_seconds": seconds})

    def set_retry_after(self, seconds):
        return self.admin("POST", "settings", {"retry_after": seconds})

    def set_page_size(self, size):
        return self.admin("POST", "settings", {"page_size": size})

    def set_provider_state(self, namespace, state):
        return self.admin("PUT", "providers/" + namespace, {"state": state})

    def fail_next_extension_install(self, extension_type="microsoft.flux", code="ExtensionOperationFailed",
                                    message="Helm installation failed: timed out waiting for the condition"):
        return self.admin("POST", "extension-install-failures",
                          {"extension_type": extension_type, "code": code, "message": message})

    def reset(self):
        return self.admin("POST", "reset")

    def __repr__(self):
        return "Emulator({})".format(self.info["url"] if self.info else "stopped")


def dump(obj):
    return json.dumps(obj, indent=2, sort_keys=True)


def tenant_subscriptions(emulator):
    """The subscriptions ARM lists: the emulator's own, then those fleets were created in (add-clusters
    --subscription), in the order they were added."""
    from k8s_configuration_emulator.store import Store
    from k8s_configuration_emulator.subscriptions import subscription_ids
    return subscription_ids(Store(emulator.data_dir))
