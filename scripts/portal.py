"""`make portal`: the emulator with the tutorial's state, in the background, and the portal page's login link.

Starts a fresh emulator in .build/portal (stopping the one a previous `make portal` left there), with the demo's
Arc cluster holding the tutorial's flux configuration (microsoft.flux installed first, as `flux create` does; its
source is github.com, never contacted: its status is simulated) and a second cluster without microsoft.flux, to
create a configuration on from the page. Everything goes through the emulator's ARM API, as az's requests do.
Prints the one-time login link: open it in a browser on this machine (the page answers on 127.0.0.1 only).
"""
import json
import os
import subprocess
import sys
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, ".build", "portal")
PY = sys.executable
RG = "flux-demo-rg"
CLUSTERS = ("flux-demo-arc", "flux-demo-arc2")
FLUX, EXTENSIONS = "2025-04-01", "2025-03-01"
TUTORIAL = {"properties": {
    "scope": "cluster", "namespace": "gitops-demo", "sourceKind": "GitRepository",
    "gitRepository": {"url": "https://github.com/fluxcd/flux2-kustomize-helm-example",
                      "repositoryRef": {"branch": "main"}, "syncIntervalInSeconds": 600, "timeoutInSeconds": 600},
    "kustomizations": {"infra": {"path": "./infrastructure", "prune": True},
                       "apps": {"path": "./apps/staging", "prune": True, "dependsOn": ["infra"]}}}}


def emulator(*args):
    done = subprocess.run([PY, "-m", "k8s_configuration_emulator", *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("emulator {} failed: {}".format(args[0], done.stderr.strip()))
    return done.stdout


def main():
    emulator("stop", "--data-dir", DATA)
    if os.path.isdir(DATA):
        import shutil
        shutil.rmtree(DATA)
    info = json.loads(emulator("start", "--data-dir", DATA, "--detach", "--operation-seconds", "2"))
    for name in CLUSTERS:
        emulator("add-cluster", "--data-dir", DATA, "-g", RG, "-n", name)
    session = requests.Session()
    session.trust_env = False  # loopback, never a proxy
    session.verify = info["ca_bundle"]
    token = session.get(info["identity_endpoint"], params={"api-version": "2019-08-01",
                                                           "resource": "https://management.core.windows.net/"},
                        headers={"X-IDENTITY-HEADER": info["identity_header"]}, timeout=30).json()["access_token"]
    session.headers["Authorization"] = "Bearer " + token
    cluster = "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Kubernetes/connectedClusters/{}".format(
        info["subscription_id"], RG, CLUSTERS[0])
    rp = cluster + "/providers/Microsoft.KubernetesConfiguration/"
    wait(session, info, session.put(info["url"] + rp + "extensions/flux", params={"api-version": EXTENSIONS},
                                    json={"properties": {"extensionType": "microsoft.flux",
                                                         "autoUpgradeMinorVersion": True},
                                          "identity": {"type": "SystemAssigned"}}, timeout=30))
    wait(session, info, session.put(info["url"] + rp + "fluxConfigurations/gitops-demo",
                                    params={"api-version": FLUX}, json=TUTORIAL, timeout=30))
    print("Emulator running in the background (data dir {}), with the tutorial's configuration 'gitops-demo' on "
          "{} and a cluster without microsoft.flux ({}).".format(os.path.relpath(DATA, ROOT), CLUSTERS[0],
                                                                 CLUSTERS[1]))
    print("\nPortal page: open this one-time login link in a browser on this machine:\n\n  {}\n".format(
        info["portal_url"]))
    print("A new link (the session ends when the emulator stops): .venv/bin/python -m k8s_configuration_emulator "
          "portal-link --data-dir {}".format(os.path.relpath(DATA, ROOT)))
    print("Stop it: .venv/bin/python -m k8s_configuration_emulator stop --data-dir {}".format(
        os.path.relpath(DATA, ROOT)))


def wait(session, info, resp):
    if resp.status_code not in (200, 201):
        sys.exit("ARM answered {}: {}".format(resp.status_code, resp.text))
    url = resp.headers["Azure-AsyncOperation"]
    for _ in range(120):
        time.sleep(0.5)
        status = session.get(url, timeout=30).json()["status"]
        if status != "InProgress":
            if status != "Succeeded":
                sys.exit("operation ended {}".format(status))
            return


if __name__ == "__main__":
    main()
