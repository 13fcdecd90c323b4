"""Load benchmark of the local emulator: is it fast enough not to be what other benchmarks measure?

Starts a private emulator (temp data dir, free port), creates a cluster with microsoft.flux and a few flux
configurations, then runs N concurrent client processes for D seconds (default 8 clients, 10 s). Each client keeps
one HTTPS connection (requests.Session, as az's clients do) and cycles through GET routes, with every fifth request
a PUT of its own configuration (mix=mixed). Prints per-route p50/p99 latency and throughput, and the server-side
time of each request from the emulator's request log.

With --baseline, the same load also runs against the emulator of an earlier commit (its k8s_configuration_emulator
extracted with `git archive` into a temp dir, run on this venv), in alternating rounds so that both see the same
machine load, and both reports are printed, "after" (this tree) then "before". --baseline auto is the emulator
before issue 10: the parent of the commit that added k8s_configuration_emulator/registry.py (Werkzeug's server with
keepalive.py, routing by path index).

    .venv/bin/python bench/emulator_load.py [--clients 8] [--seconds 10] [--mix get|put|mixed] [--baseline auto|REV]
"""
import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from tests.harness.arm import ArmClient, cluster_path, rp_path  # noqa: E402
from tests.harness.emulator import Emulator  # noqa: E402

MAX_SECONDS = 60
ROUNDS = 4  # with a baseline: rounds per emulator, alternating which goes first
PACKAGE = "k8s_configuration_emulator"
BASELINE_MARKER = PACKAGE + "/registry.py"  # auto baseline: the parent of the commit that added it


def percentile(values, pct):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100.0 * (len(ordered) - 1))))]


def setup(emu):
    arm = ArmClient(emu)
    emu.add_cluster("bench-rg", "bench-cluster")
    cluster = cluster_path(emu.subscription_id, "bench-rg", "bench-cluster")
    resp = arm.put(rp_path(cluster, "extensions", "flux"), {"properties": {"extensionType": "microsoft.flux"}},
                   "2025-03-01")
    arm.wait(resp)
    for i in range(5):
        arm.wait(arm.put(rp_path(cluster, "fluxConfigurations", "seed-{}".format(i)), config_body("main"),
                         "2025-04-01"))
    return arm, cluster


def config_body(branch):
    return {"properties": {"scope": "cluster", "namespace": "bench", "sourceKind": "GitRepository",
                           "gitRepository": {"url": "https://github.com/Azure/gitops-flux2-kustomize-helm-mt",
                                             "repositoryRef": {"branch": branch}},
                           "kustomizations": {"infra": {"path": "./infrastructure"},
                                              "apps": {"path": "./apps", "dependsOn": ["infra"]}}}}


def client(index, arm_token, emu_info, cluster, mix, seconds, queue):
    """One client process (separate processes: the clients' own GIL must not be what is measured)."""
    import requests
    emu = Emulator.__new__(Emulator)
    emu.info = emu_info
    deadline = time.perf_counter() + seconds
    session = requests.Session()
    session.trust_env = False
    session.verify = emu.ca_bundle
    headers = {"Authorization": "Bearer " + arm_token}
    own = rp_path(cluster, "fluxConfigurations", "client-{}".format(index))
    gets = [("GET cluster", cluster, "2024-01-01"),
            ("GET extension", rp_path(cluster, "extensions", "flux"), "2025-03-01"),
            ("GET flux config", rp_path(cluster, "fluxConfigurations", "seed-0"), "2025-04-01"),
            ("GET flux list", rp_path(cluster, "fluxConfigurations"), "2025-04-01")]
    local = {}
    n = 0
    while time.perf_counter() < deadline:
        n += 1
        if mix == "get" or (mix == "mixed" and n % 5):
            route, path, version = gets[n % len(gets)]
            method, body = "GET", None
        else:
            route, path, version = "PUT flux config", own, "2025-04-01"
            method, body = "PUT", config_body("b{}".format(n))
        started = time.perf_counter()
        resp = session.request(method, emu.url + path, params={"api-version": version}, json=body,
                               headers=headers, timeout=30)
        elapsed = (time.perf_counter() - started) * 1000
        if method == "PUT":
            # forceDelete between PUTs keeps the resource free of in-flight operations (no 409s)
            session.delete(emu.url + own, params={"api-version": version, "forceDelete": "true"},
                           headers=headers, timeout=30)
        ok = resp.status_code < 400
        local.setdefault(route, []).append((elapsed, ok))
    queue.put(local)


class Subject:
    """One emulator under load, with what was measured on it."""

    def __init__(self, label, code_dir, data_dir):
        self.label = label
        self.emu = Emulator(data_dir, operation_seconds=0.05, code_dir=code_dir)
        self.results, self.server, self.wall = {}, [], 0.0

    def start(self):
        self.emu.start()
        arm, self.cluster = setup(self.emu)
        self.token = arm.token
        return self

    def load(self, clients, mix, seconds):
        mark = self.emu.mark()
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        procs = [ctx.Process(target=client, args=(i, self.token, self.emu.info, self.cluster, mix, seconds, queue))
                 for i in range(clients)]
        started = time.perf_counter()
        for p in procs:
            p.start()
        for _ in procs:
            for route, samples in queue.get(timeout=seconds + 60).items():
                self.results.setdefault(route, []).extend(samples)
        for p in procs:
            p.join(10)
        self.wall += time.perf_counter() - started
        self.server += [r for r in self.emu.requests(since=mark) if r["method"] in ("GET", "PUT")]

    def report(self):
        lines = ["{:<18} {:>8} {:>8} {:>9} {:>9} {:>9}".format("route", "requests", "errors", "p50 ms", "p99 ms",
                                                                 "req/s")]
        for route in sorted(self.results):
            samples = self.results[route]
            latencies = [s[0] for s in samples]
            errors = sum(1 for s in samples if not s[1])
            lines.append("{:<18} {:>8} {:>8} {:>9.2f} {:>9.2f} {:>9.1f}".format(
                route, len(samples), errors, statistics.median(latencies), percentile(latencies, 99),
                len(samples) / self.wall))
        gets = [s for route, samples in self.results.items() if route.startswith("GET") for s in samples]
        if gets:
            latencies = [s[0] for s in gets]
            lines.append("{:<18} {:>8} {:>8} {:>9.2f} {:>9.2f} {:>9.1f}".format(
                "GET (all)", len(gets), sum(1 for s in gets if not s[1]), statistics.median(latencies),
                percentile(latencies, 99), len(gets) / self.wall))
        total = sum(len(v) for v in self.results.values())
        lines.append("{:<18} {:>8} {:>8} {:>9} {:>9} {:>9.1f}".format("total", total, "", "", "", total / self.wall))
        lines += ["", "server-side time per request (request log, excludes TLS handshake and client):"]
        for method in ("GET", "PUT"):
            lat = [r["latency_ms"] for r in self.server if r["method"] == method]
            if lat:
                lines.append("  {:<4} n={:<6} p50 {:6.2f} ms   p99 {:6.2f} ms".format(
                    method, len(lat), statistics.median(lat), percentile(lat, 99)))
        return lines


def baseline_revision(spec):
    """The commit whose emulator is the baseline: REV as given, or (auto) before issue 10's emulator changes."""
    if spec != "auto":
        return _git("rev-parse", "--short", spec)
    added = _git("log", "--diff-filter=A", "--format=%H", "--", BASELINE_MARKER).split()
    if not added:
        raise SystemExit("--baseline auto: no commit adds {} in this history".format(BASELINE_MARKER))
    return _git("rev-parse", "--short", added[-1] + "^")


def extract(revision, into):
    """The emulator package of that commit, as files under into (nothing else of the repository)."""
    os.makedirs(into)
    archive = os.path.join(into, "emulator.tar")
    with open(archive, "wb") as out:
        subprocess.run(["git", "archive", "--format=tar", revision, PACKAGE], cwd=REPO, stdout=out, check=True,
                       timeout=60)
    with tarfile.open(archive) as tar:
        tar.extractall(into, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    os.remove(archive)
    return into


def _git(*args):
    done = subprocess.run(["git"] + list(args), cwd=REPO, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise SystemExit("git {} failed: {}".format(" ".join(args), done.stderr.strip()))
    return done.stdout.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0, help="per emulator")
    parser.add_argument("--mix", choices=["get", "put", "mixed"], default="mixed")
    parser.add_argument("--baseline", help="also load the emulator of this commit ('auto': before issue 10)")
    args = parser.parse_args(argv)
    seconds = min(args.seconds, MAX_SECONDS)
    with tempfile.TemporaryDirectory(prefix="emulator-bench-") as tmp:
        subjects = [Subject("after: this tree", REPO, os.path.join(tmp, "after"))]
        if args.baseline:
            revision = baseline_revision(args.baseline)
            code = extract(revision, os.path.join(tmp, "code-" + revision))
            subjects.append(Subject("before: {} (git archive)".format(revision), code, os.path.join(tmp, "before")))
        rounds = ROUNDS if len(subjects) > 1 else 1
        try:
            for subject in subjects:
                subject.start()
            for i in range(rounds):
                for subject in (subjects if i % 2 == 0 else subjects[::-1]):
                    subject.load(args.clients, args.mix, seconds / rounds)
        finally:
            for subject in subjects:
                subject.emu.stop()
    print("emulator load: {} clients, {:.0f} s per emulator{}, mix={}, {} cores".format(
        args.clients, seconds, " in {} alternating rounds".format(rounds) if rounds > 1 else "", args.mix,
        os.cpu_count()))
    for subject in subjects:
        if len(subjects) > 1:
            print("== {} ==".format(subject.label))
        print("\n".join(subject.report()))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
