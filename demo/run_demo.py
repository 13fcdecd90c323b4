"""The GitOps tutorial, offline: the real `az` against the local emulator (make demo).

Starts an emulator in .build/demo (fresh each run), prepares an isolated az environment logged in through
the emulator's managed-identity endpoint, runs the tutorial's commands as a user would type them, and stops
the emulator. Exits non-zero at the first command that fails.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = sys.executable
AZ = os.path.join(os.path.dirname(PY), "az")
DATA = os.path.join(ROOT, ".build", "demo", "emulator")
CONFIG = os.path.join(ROOT, ".build", "demo", "azure-config")

RG, ARC = "flux-demo-rg", "flux-demo-arc"
ARC_ARGS = f"-g {RG} -c {ARC} -t connectedClusters"
CONFIG_NAME = "gitops-demo"

STEPS = [
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
    ("Create the flux configuration of the tutorial (installs microsoft.flux on the cluster first)",
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
    ("What Flux deployed", f"az k8s-configuration flux deployed-object list {ARC_ARGS} -n {CONFIG_NAME} -o table"),
    (None, f"az k8s-configuration flux deployed-object show {ARC_ARGS} -n {CONFIG_NAME} "
           f"--object-name {CONFIG_NAME}-apps --object-namespace {CONFIG_NAME} --object-kind Kustomization "
           "--query \"{kind:kind, complianceState:complianceState, appliedBy:appliedBy.name}\""),
    ("Turn on Flux's image automation controllers on the existing flux extension",
     f"az k8s-extension create {ARC_ARGS} --name flux --extension-type microsoft.flux "
     "--config image-automation-controller.enabled=true image-reflector-controller.enabled=true -o table"),
    (None, f"az k8s-extension show {ARC_ARGS} -n flux --query configurationSettings"),
    (None, f"az k8s-extension list {ARC_ARGS} -o table"),
    ("Clean up: the configuration (prune removes what it deployed), then the extension",
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
    env["AZURE_EXTENSION_DIR"] = os.path.join(ROOT, ".build", "extensions")
    return env


def run(env, command):
    print(f"\n$ {command}", flush=True)
    argv = shlex.split(command)
    argv[0] = AZ
    result = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise SystemExit(f"demo: command failed with exit code {result.returncode}: {command}")


def main():
    shutil.rmtree(os.path.dirname(DATA), ignore_errors=True)
    os.makedirs(DATA)
    emulator("start", "--data-dir", DATA, "--detach", "--operation-seconds", "3",
             "--no-kubernetesconfiguration-registered")
    print("Local ARM emulator started (a simulation of Azure Resource Manager and Flux; see "
          "k8s_configuration_emulator/README.md).", flush=True)
    try:
        emulator("add-cluster", "--data-dir", DATA, "-g", RG, "-n", ARC, "-t", "connectedClusters")
        env = az_environment()
        with open(os.path.join(DATA, "emulator.json"), encoding="utf-8") as f:
            subscription = json.load(f)["subscription_id"]
        started = time.monotonic()
        for title, command in STEPS:
            if title:
                print(f"\n# {title}", flush=True)
            run(env, command.replace("{subscription}", subscription))
        print(f"\nDemo finished in {time.monotonic() - started:.0f} s: every command above ran with the real "
              "az against the local emulator; nothing left this machine.")
    finally:
        emulator("stop", "--data-dir", DATA)


if __name__ == "__main__":
    main()
