"""The GitOps tutorial offline, then "know before you push" with a real git server: the real `az` against the
local emulator (make demo).

Starts an emulator in .build/demo (fresh each run) and a git server on 127.0.0.1 (git's own http-backend over
HTTPS, with basic auth and a private CA) serving the project's sample repository (demo/sample-repo on `main`, and
the same with a planted mistake on `planted-mistake`), prepares an isolated az environment logged in through the
emulator's managed-identity endpoint, and runs the commands as a user would type them:

1. the tutorial, whose source is github.com: the emulator never contacts it, so its Flux status is simulated;
2. `flux validate` of the sample repository (exit 0) and of the planted mistake (exit 1, with file and line), a
   configuration created from it, which the emulator fetches and builds for real — `flux show` and
   `deployed-object list` show statuses that come from the repository's content — then the mistake pushed anyway
   (what validate would have caught), and the delete that prunes what was applied;
3. clean-up.

Exits non-zero at the first command that does not end as expected. Nothing leaves this machine.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.harness.git_repos import MISTAKE_BRANCH, SampleRepository  # noqa: E402 - after the path
from tests.harness.git_servers import GitHttpsServer  # noqa: E402

PY = sys.executable
AZ = os.path.join(os.path.dirname(PY), "az")
DEMO = os.path.join(ROOT, ".build", "demo")
DATA = os.path.join(DEMO, "emulator")
CONFIG = os.path.join(DEMO, "azure-config")
GIT = os.path.join(DEMO, "git")  # the repositories, the server's CA and the token, as a CI job would have them
GIT_USER, GIT_TOKEN = "flux-reader", "demo-token-0f1e2d3c"

RG, ARC = "flux-demo-rg", "flux-demo-arc"
ARC_ARGS = f"-g {RG} -c {ARC} -t connectedClusters"
CONFIG_NAME = "gitops-demo"
SAMPLE = "sample-app"
SAMPLE_K = ("-k name=infra path=./infrastructure prune=true "
            "-k name=apps path=./apps/staging prune=true depends_on=infra")

TUTORIAL = [
    ("Who am I? (logged in through the emulator's managed identity endpoint)",
     "az account show --query \"{subscription:id, tenant:tenantId, user:user.type}\" -o table"),
    ("A resource group for the demo", f"az group create -n {RG} -l eastus -o table"),
    ("The GitOps resource provider must be registered once per subscription",
     "az provider register --namespace Microsoft.KubernetesConfiguration --wait"),
    (None, "az provider show -n Microsoft.KubernetesConfiguration --query registrationState -o tsv"),
    ("The cluster (in Azure: az connectedk8s connect; here the emulator seeds it)",
     f"az resource show --ids /subscriptions/{{subscription}}/resourceGroups/{RG}/providers/Microsoft.Kubernetes/"
     f"connectedClusters/{ARC} --query \"{{name:name, type:type, connectivity:properties.connectivityStatus}}\" "
     "-o table"),
    ("Create the flux configuration of the tutorial (installs microsoft.flux on the cluster first). Its source is "
     "github.com, which the emulator never contacts: the Flux status of this configuration is SIMULATED",
     f"az k8s-configuration flux create {ARC_ARGS} -n {CONFIG_NAME} --namespace {CONFIG_NAME} --scope cluster "
     "-u https://github.com/fluxcd/flux2-kustomize-helm-example --branch main "
     "--kustomization name=infra path=./infrastructure prune=true "
     "--kustomization name=apps path=./apps/staging prune=true dependsOn=[\"infra\"] "
     "--query \"{name:name, provisioningState:provisioningState, complianceState:complianceState}\""),
    ("Wait until Flux reports the configuration compliant",
     f"az k8s-configuration flux wait {ARC_ARGS} -n {CONFIG_NAME} --custom \"complianceState=='Compliant'\" "
     "--interval 1"),
    (None, f"az k8s-configuration flux show {ARC_ARGS} -n {CONFIG_NAME} -o table"),
    (None, f"az k8s-configuration flux show {ARC_ARGS} -n {CONFIG_NAME} --query kustomizations.apps.dependsOn -o tsv"),
    ("All configurations of the cluster", f"az k8s-configuration flux list {ARC_ARGS} -o table"),
    ("Its kustomizations", f"az k8s-configuration flux kustomization list {ARC_ARGS} -n {CONFIG_NAME} -o table"),
    ("What Flux deployed (simulated: a revision derived from the URL, no objects)",
     f"az k8s-configuration flux deployed-object list {ARC_ARGS} -n {CONFIG_NAME} -o table"),
    (None, f"az k8s-configuration flux deployed-object show {ARC_ARGS} -n {CONFIG_NAME} "
           f"--object-name {CONFIG_NAME}-apps --object-namespace {CONFIG_NAME} --object-kind Kustomization "
           "--query \"{kind:kind, complianceState:complianceState, appliedBy:appliedBy.name}\""),
    ("Turn on Flux's image automation controllers on the existing flux extension",
     f"az k8s-extension create {ARC_ARGS} --name flux --extension-type microsoft.flux "
     "--config image-automation-controller.enabled=true image-reflector-controller.enabled=true -o table"),
    (None, f"az k8s-extension show {ARC_ARGS} -n flux --query configurationSettings"),
    (None, f"az k8s-extension list {ARC_ARGS} -o table"),
]

# {url}, {auth}, {commit}: the loopback git server's repository, its credentials (files under .build/demo/git) and
# the commit of main
KNOW_BEFORE_YOU_PUSH = [
    ("Validate before you push: the sample repository over the loopback git server, with the credentials Flux "
     "will use. Nothing is sent to Azure (no -c/-n): the source is fetched, every kustomization built with "
     "kustomize, and the kustomizations checked against each other",
     f"az k8s-configuration flux validate -u {{url}} --branch main {{auth}} {SAMPLE_K} -o table"),
    ("The same repository with a planted mistake (branch planted-mistake: a YAML indentation error): caught "
     "here, with file and line, before anything reaches the cluster (exit code 1)",
     f"az k8s-configuration flux validate -u {{url}} --branch {MISTAKE_BRANCH} {{auth}} {SAMPLE_K} -o table", 1),
    ("Create a configuration from it. The emulator's Flux fetches this loopback source and builds it for real",
     f"az k8s-configuration flux create {ARC_ARGS} -n {SAMPLE} --namespace {SAMPLE} -u {{url}} --branch main "
     f"{{auth}} {SAMPLE_K} --query \"{{name:name, provisioningState:provisioningState}}\""),
    (None, f"az k8s-configuration flux wait {ARC_ARGS} -n {SAMPLE} --custom \"complianceState=='Compliant'\" "
           "--interval 1"),
    ("The revision Flux reports is the commit on the git server ({commit})",
     f"az k8s-configuration flux show {ARC_ARGS} -n {SAMPLE} --query sourceSyncedCommitId -o tsv"),
    ("What Flux deployed, from the repository's content: the kustomizations, the HelmReleases they apply (and "
     "their charts), the Helm repositories",
     f"az k8s-configuration flux deployed-object list {ARC_ARGS} -n {SAMPLE} -o table"),
    (None, f"az k8s-configuration flux deployed-object show {ARC_ARGS} -n {SAMPLE} --object-kind HelmRelease "
           "--object-name podinfo --object-namespace podinfo "
           "--query \"{appliedBy:appliedBy.name, helmReleaseProperties:helmReleaseProperties}\""),
    ("The simulated cluster: what the kustomizations applied (the emulator's admin API)", "inventory"),
    ("Push the mistake without validating (here: point the configuration at that branch)",
     f"az k8s-configuration flux update {ARC_ARGS} -n {SAMPLE} --branch {MISTAKE_BRANCH} "
     "--query \"{name:name, provisioningState:provisioningState}\""),
    ("Flux finds out only now: apps does not build (what apps applied before stays in the cluster)",
     f"az k8s-configuration flux wait {ARC_ARGS} -n {SAMPLE} --custom \"complianceState=='Non-Compliant'\" "
     "--interval 1"),
    (None, f"az k8s-configuration flux show {ARC_ARGS} -n {SAMPLE} "
           f"--query \"statuses[?name=='{SAMPLE}-apps'].statusConditions[0].{{reason:reason, message:message}}\" "
           "-o table"),
    ("Delete it: prune removes what its kustomizations applied",
     f"az k8s-configuration flux delete {ARC_ARGS} -n {SAMPLE} --yes"),
    (None, "inventory-events"),
]

CLEAN_UP = [
    ("Clean up: the tutorial's configuration, then the extension",
     f"az k8s-configuration flux delete {ARC_ARGS} -n {CONFIG_NAME} --yes"),
    (None, f"az k8s-extension delete {ARC_ARGS} -n flux --yes"),
    (None, f"az k8s-configuration flux list {ARC_ARGS} -o table"),
]


def emulator(*args):
    """Run the emulator's CLI quietly; its output is returned (shown only when it fails)."""
    done = subprocess.run([PY, "-m", "k8s_configuration_emulator", *args], cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"demo: emulator {args[0]} failed")
    return done.stdout


def az_environment():
    exports = emulator("az-env", "--data-dir", DATA, "--config-dir", CONFIG)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AZURE_") and k.upper() not in ("HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY")}
    for line in exports.splitlines():
        if line.startswith("export "):
            key, _, value = line[len("export "):].partition("=")
            env[key] = shlex.split(value)[0] if value else ""
    env["PATH"] = env["PATH"].replace("$PATH", os.environ.get("PATH", ""))  # az-env: "<az's dir>:$PATH"
    env["AZURE_EXTENSION_DIR"] = os.path.join(ROOT, ".build", "extensions")
    return env


def run(env, command, expected=0):
    print(f"\n$ {command}", flush=True)
    argv = shlex.split(command)
    argv[0] = AZ
    result = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, cwd=ROOT)
    if result.returncode != expected:
        raise SystemExit(f"demo: command exited {result.returncode} (expected {expected}): {command}")
    if expected:
        print(f"(exit code {result.returncode}, as expected)", flush=True)


def admin(path):
    """GET the emulator's admin API (tests and the demo; not part of Azure)."""
    import requests

    with open(os.path.join(DATA, "emulator.json"), encoding="utf-8") as f:
        info = json.load(f)
    with requests.Session() as session:
        session.trust_env = False  # loopback, never a proxy
        resp = session.get(info["url"] + "/_emulator/" + path, verify=info["ca_bundle"], timeout=30,
                           headers={"X-IDENTITY-HEADER": info["identity_header"]})
    resp.raise_for_status()
    return resp.json()


def show_inventory(cluster_id, events_only=False):
    view = admin(f"inventory?cluster={cluster_id}")
    print("\n(emulator) GET /_emulator/inventory?cluster=.../" + ARC, flush=True)
    if events_only:
        rows = [(e["action"], e["kind"], e["namespace"] or "", e["name"], e["by"] or e.get("why") or "")
                for e in view["events"] if e["action"] in ("pruned", "deleted", "orphaned")]
        _table(("Event", "Kind", "Namespace", "Name", "By"), rows)
        return
    rows = [(o["kind"], o["namespace"] or "", o["name"], o["appliedBy"]) for o in view["objects"]
            if (o["appliedBy"] or "").startswith(SAMPLE + "/")]
    _table(("Kind", "Namespace", "Name", "AppliedBy"), rows)


def _table(header, rows):
    widths = [max(len(str(v)) for v in column) for column in zip(header, *rows)] if rows else [len(h) for h in header]
    for row in [header, tuple("-" * w for w in widths)] + list(rows):
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip(), flush=True)


def start_git_server():
    """The sample repository (main, and planted-mistake) on a git server over HTTPS on 127.0.0.1."""
    repos = os.path.join(GIT, "repos")
    os.makedirs(repos)
    sample = SampleRepository(os.path.join(repos, "sample.git"))
    server = GitHttpsServer(repos, os.path.join(GIT, "certs"), GIT_USER, GIT_TOKEN).start()
    for name, data in (("token.txt", GIT_TOKEN.encode()), ("ca.pem", server.ca_pem)):
        fd = os.open(os.path.join(GIT, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
    rel = os.path.relpath(GIT, ROOT)
    auth = f"--https-user {GIT_USER} --https-key @{rel}/token.txt --https-ca-cert-file {rel}/ca.pem"
    return server, sample, {"url": server.url("sample.git"), "auth": auth, "commit": sample.main}


def main():
    shutil.rmtree(DEMO, ignore_errors=True)
    os.makedirs(DATA)
    server, sample, values = start_git_server()
    print(f"Git server on {server.url('')} (git http-backend over HTTPS, basic auth, its own CA) serving "
          f"demo/sample-repo: branch main ({sample.main[:12]}) and branch {MISTAKE_BRANCH} "
          f"({sample.mistake[:12]}).", flush=True)
    try:
        emulator("start", "--data-dir", DATA, "--detach", "--operation-seconds", "3",
                 "--no-kubernetesconfiguration-registered")
        print("Local ARM emulator started (a simulation of Azure Resource Manager and Flux; a loopback git source "
              "is fetched and built for real; see k8s_configuration_emulator/README.md).", flush=True)
        try:
            _steps(values)
        finally:
            emulator("stop", "--data-dir", DATA)
    finally:
        server.stop()


def _steps(values):
    emulator("add-cluster", "--data-dir", DATA, "-g", RG, "-n", ARC, "-t", "connectedClusters")
    env = az_environment()
    with open(os.path.join(DATA, "emulator.json"), encoding="utf-8") as f:
        subscription = json.load(f)["subscription_id"]
    cluster_id = f"/subscriptions/{subscription}/resourceGroups/{RG}/providers/Microsoft.Kubernetes/" \
                 f"connectedClusters/{ARC}"
    started = time.monotonic()
    print("\n## 1. The tutorial (github.com: simulated by the emulator)", flush=True)
    _run_steps(env, TUTORIAL, {"subscription": subscription}, cluster_id)
    print("\n## 2. Know before you push: a real git server on loopback, fetched and built for real", flush=True)
    _run_steps(env, KNOW_BEFORE_YOU_PUSH, values, cluster_id)
    print("\n## 3. Clean up", flush=True)
    _run_steps(env, CLEAN_UP, {}, cluster_id)
    print(f"\nDemo finished in {time.monotonic() - started:.0f} s: every command above ran with the real az "
          "against the local emulator and a git server on 127.0.0.1; nothing left this machine.")
    print("\nThe same, seen in Azure's portal style: `make portal` starts an emulator with the tutorial's state and "
          "prints a one-time login link to its GitOps page (https://127.0.0.1:PORT/portal/) to open in a browser.")


def _run_steps(env, steps, values, cluster_id):
    for title, command, *expected in steps:
        if title:
            print(f"\n# {_fill(title, values)}", flush=True)
        if command in ("inventory", "inventory-events"):
            show_inventory(cluster_id, events_only=command == "inventory-events")
            continue
        run(env, _fill(command, values), *expected)


def _fill(text, values):
    """Put the run's values ({subscription}, {url}, {auth}, {commit}) in a step (other braces are az's)."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


if __name__ == "__main__":
    main()
