"""Load benchmark of the local emulator: is it fast enough not to be what other benchmarks measure?

Starts a private emulator (temp data dir, free port), creates a cluster with microsoft.flux and a few flux
configurations, then runs N concurrent clients for D seconds (default 8 clients, 10 s). Each client opens a
new HTTPS connection per request — the emulator's server closes connections after each response, as the
werkzeug server does — cycling through GET routes and PUT/PATCH of its own configuration. Prints per-route
p50/p99 latency and throughput. Not asserted anywhere; numbers go into README.

    .venv/bin/python bench/emulator_load.py [--clients 8] [--seconds 10] [--mix get|put|mixed]
"""
import argparse
import os
import statistics
import sys
import tempfile
import multiprocessing
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.harness.arm import ArmClient, cluster_path, rp_path  # noqa: E402
from tests.harness.emulator import Emulator  # noqa: E402

MAX_SECONDS = 60


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
            # forceDelete between PUTs keeps the resource free of in-flight operations (no 409s)
        started = time.perf_counter()
        resp = session.request(method, emu.url + path, params={"api-version": version}, json=body,
                               headers=headers, timeout=30)
        elapsed = (time.perf_counter() - started) * 1000
        if method == "PUT":
            session.delete(emu.url + own, params={"api-version": version, "forceDelete": "true"},
                           headers=headers, timeout=30)
        ok = resp.status_code < 400
        local.setdefault(route, []).append((elapsed, ok))
    queue.put(local)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--mix", choices=["get", "put", "mixed"], default="mixed")
    args = parser.parse_args(argv)
    seconds = min(args.seconds, MAX_SECONDS)
    with tempfile.TemporaryDirectory(prefix="emulator-bench-") as tmp:
        emu = Emulator(os.path.join(tmp, "data"), operation_seconds=0.05).start()
        try:
            arm, cluster = setup(emu)
            token = arm.token
            mark = emu.mark()
            ctx = multiprocessing.get_context("fork")
            queue = ctx.Queue()
            procs = [ctx.Process(target=client, args=(i, token, emu.info, cluster, args.mix, seconds, queue))
                     for i in range(args.clients)]
            started = time.perf_counter()
            for p in procs:
                p.start()
            results = {}
            for _ in procs:
                for route, samples in queue.get(timeout=seconds + 60).items():
                    results.setdefault(route, []).extend(samples)
            for p in procs:
                p.join(10)
            wall = time.perf_counter() - started
            server = [r for r in emu.requests(since=mark) if r["method"] in ("GET", "PUT")]
        finally:
            emu.stop()
    total = sum(len(v) for v in results.values())
    print("emulator load: {} clients, {:.0f} s, mix={}, {} cores".format(args.clients, seconds, args.mix,
                                                                          os.cpu_count()))
    print("{:<18} {:>8} {:>8} {:>9} {:>9} {:>9}".format("route", "requests", "errors", "p50 ms", "p99 ms",
                                                         "req/s"))
    for route in sorted(results):
        samples = results[route]
        latencies = [s[0] for s in samples]
        errors = sum(1 for s in samples if not s[1])
        print("{:<18} {:>8} {:>8} {:>9.2f} {:>9.2f} {:>9.1f}".format(
            route, len(samples), errors, statistics.median(latencies), percentile(latencies, 99),
            len(samples) / wall))
    print("{:<18} {:>8} {:>8} {:>9} {:>9} {:>9.1f}".format("total", total, "", "", "", total / wall))
    print()
    print("server-side time per request (request log, excludes TLS handshake and client):")
    for method in ("GET", "PUT"):
        lat = [r["latency_ms"] for r in server if r["method"] == method]
        if lat:
            print("  {:<4} n={:<6} p50 {:6.2f} ms   p99 {:6.2f} ms".format(method, len(lat), statistics.median(lat),
                                                                         percentile(lat, 99)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
