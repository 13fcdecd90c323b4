"""8. Rollout: one configuration onto 1,000 clusters with `flux apply -f FILE --clusters-file` (issue 19), ARM's
throttling on with its documented buckets (reads 250 + 25/s, writes 200 + 10/s, deletes 200 + 10/s) and
microsoft.flux absent everywhere (2 writes per cluster: the extension, the configuration), operations lasting
OPERATION_SECONDS; against the shell loop people run today (`flux create` per cluster) on a 50-cluster subset.

The floor: what the buckets allow for the requests the rollout makes — max((writes - 200) / 10, (reads - 250) / 25)
seconds — and what the operations allow (each cluster waits for two operations, each ending no sooner than the first
poll, Retry-After after it starts: ceil(clusters / workers) x 2 x max(operation time, Retry-After)). The writes alone
(2 per cluster) give (2,000 - 200) / 10 = 180 s; the reads the single-cluster apply needs (its GET, the cluster, the
Flux v1 check, the extensions list, the operations' polls and final reads) weigh more.

Goals: wall time <= 1.25 x the floor; 429s <= 2 % of writes; az's peak memory <= 150 MiB."""
import math
import os
import subprocess
import sys
import tempfile
import time

from common import REPO_ROOT, mib

CLUSTERS, LOOP_CLUSTERS = 1000, 50
WORKERS = 32
OPERATION_SECONDS = 1.0
BUCKETS = {"writes": (200, 10.0), "reads": (250, 25.0)}
CONFIG = """name: fleet-config
namespace: fleet-config
gitRepository:
  url: https://github.com/Azure/gitops-flux2-kustomize-helm-mt
  repositoryRef:
    branch: main
kustomizations:
  infra:
    path: ./infrastructure
  apps:
    path: ./apps/staging
    dependsOn: [infra]
"""


def _fleet(bench, count, prefix):
    rg = prefix + "-rg"
    done = subprocess.run([sys.executable, "-m", "k8s_configuration_emulator", "add-clusters", "--data-dir",
                           bench.emulator.data_dir, "--count", str(count), "--prefix", prefix, "-g", rg],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=600)
    if done.returncode != 0:
        raise RuntimeError("add-clusters failed: " + done.stderr[-2000:])
    return [f"/subscriptions/{bench.emulator.subscription_id}/resourceGroups/{rg}/providers/Microsoft.Kubernetes/"
            f"connectedClusters/{prefix}-{i:04d}" for i in range(1, count + 1)]


def _counts(requests):
    ok = [r for r in requests if r["status"] != 429]
    reads = sum(1 for r in ok if r["method"] in ("GET", "HEAD"))
    writes = sum(1 for r in ok if r["method"] in ("PUT", "PATCH", "POST"))
    return reads, writes, sum(1 for r in requests if r["status"] == 429)


def run(bench):
    rows, notes, failures = [], [], []
    before = bench.emulator.settings()
    retry_after = before["retry_after"]
    bench.emulator.admin("POST", "settings", {"throttle": True, "operation_seconds": OPERATION_SECONDS,
                                              "throttle_writes": "200/10", "throttle_reads": "250/25",
                                              "throttle_deletes": "200/10"})
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = os.path.join(tmp, "config.yaml")
            with open(config, "w", encoding="utf-8") as f:
                f.write(CONFIG)
            clusters_file = os.path.join(tmp, "clusters.txt")
            with open(clusters_file, "w", encoding="utf-8") as f:
                f.write("\n".join(_fleet(bench, CLUSTERS, "rollout")) + "\n")
            loop_ids = _fleet(bench, LOOP_CLUSTERS, "loop")
            rollout = bench.az(["k8s-configuration", "flux", "apply", "-f", config, "--clusters-file", clusters_file,
                                "--max-parallel", str(WORKERS), "-o", "json"], check=False)
            time.sleep(20)  # the buckets fill again before the loop
            loop_seconds = 0.0
            for cluster_id in loop_ids:
                rg, name = cluster_id.split("/")[4], cluster_id.rsplit("/", 1)[1]
                loop_seconds += bench.az(["k8s-configuration", "flux", "create", "-g", rg, "-c", name, "-t",
                                          "connectedClusters", "-n", "fleet-config", "--namespace", "fleet-config",
                                          "-u", "https://github.com/Azure/gitops-flux2-kustomize-helm-mt",
                                          "--branch", "main", "-k", "name=infra", "path=./infrastructure",
                                          "-k", "name=apps", "path=./apps/staging", "depends_on=infra"],
                                         log_requests=False).seconds
    finally:
        bench.emulator.admin("POST", "settings", {k: before[k] for k in ("throttle", "operation_seconds",
                                                                        "throttle_writes", "throttle_reads",
                                                                        "throttle_deletes")})
    if rollout.exit_code != 0:
        failures.append("the rollout exited {}: {}".format(rollout.exit_code, rollout.stderr[-1500:]))
        return rows, notes, failures
    reads, writes, refused = _counts(rollout.requests)
    if writes != 2 * CLUSTERS:
        failures.append("the rollout wrote {} times, not {} (2 per cluster)".format(writes, 2 * CLUSTERS))
    write_floor = max(0.0, writes - BUCKETS["writes"][0]) / BUCKETS["writes"][1]
    read_floor = max(0.0, reads - BUCKETS["reads"][0]) / BUCKETS["reads"][1]
    operation_floor = math.ceil(CLUSTERS / WORKERS) * 2 * max(OPERATION_SECONDS, retry_after)
    floor = max(write_floor, read_floor, operation_floor)
    ratio = rollout.seconds / floor
    rows.append(("8 rollout", "`flux apply -f --clusters-file`, {:,} clusters, throttling on, {} workers "
                 "({:,} writes, {:,} reads)".format(CLUSTERS, WORKERS, writes, reads),
                 "{:.0f} s".format(rollout.seconds), "", ""))
    rows.append(("8 rollout", "the floor: writes {:.0f} s, reads {:.0f} s, operations {:.0f} s".format(
        write_floor, read_floor, operation_floor), "{:.0f} s (x{:.2f})".format(floor, ratio), "<= x1.25",
        "ok" if ratio <= 1.25 else "MISS"))
    share = refused / float(writes or 1)
    rows.append(("8 rollout", "429 answers / writes", "{} / {:,} ({:.1%})".format(refused, writes, share),
                 "<= 2 %", "ok" if share <= 0.02 else "MISS"))
    rows.append(("8 rollout", "peak memory of az", mib(rollout.maxrss_kb), "<= 150 MiB",
                 "ok" if rollout.maxrss_kb <= 150 * 1024 else "MISS"))
    scaled = loop_seconds / LOOP_CLUSTERS * CLUSTERS
    rows.append(("8 rollout", "shell loop of `flux create`: {} clusters in {:.0f} s, scaled to {:,}".format(
        LOOP_CLUSTERS, loop_seconds, CLUSTERS), "{:.0f} s".format(scaled), "", ""))
    rows.append(("8 rollout", "rollout vs the loop", "x{:.1f}".format(scaled / rollout.seconds), "", ""))
    summary = [line for line in rollout.stderr.splitlines() if line.startswith("Rollout of")]
    notes.append("rollout summary (stderr): " + (summary[-1] if summary else "(none)"))
    notes.append("reads per cluster: {:.1f} (the single-cluster apply's GET, the cluster, the Flux v1 check, the "
                 "extensions list, operation polls and final reads; provider registration once per subscription)"
                 .format(reads / CLUSTERS))
    return rows, notes, failures
