"""3. `flux create` with microsoft.flux installed: wall time, the exact request sequence and why each request
is there, no request twice (but the configuration's GET: before the PUT and after the operation), and the delay
between the server finishing the operation and az returning."""
import collections
import re
import statistics

from common import ms
from seed import Seeder

RUNS = 5
SLOW_OPERATION_SECONDS = 1.5   # second measurement: a real wait, so the Retry-After polling shows

WHY = [  # (method, path regex) -> why the request is needed
    ("GET", r"^/subscriptions/[^/]+/providers/Microsoft\.KubernetesConfiguration$",
     "REFERENCE §6.1: provider registered? (else: the exact `az provider register` command)"),
    ("GET", r"/providers/Microsoft\.Kubernetes/connectedClusters/[^/]+$",
     "§6.2: the cluster exists (clear 'cluster not found'); AKS must use a managed identity"),
    ("GET", r"/sourceControlConfigurations$", "§6.3: no Flux v1 configurations (cannot run beside Flux v2)"),
    ("GET", r"/extensions$", "§6.4: find microsoft.flux under any name, and its state"),
    ("PUT", r"/fluxConfigurations/[^/]+$", "§6.5: create the configuration (201 + Azure-AsyncOperation)"),
    ("GET", r"/fluxConfigurations/[^/]+/operations/[^/]+$",
     "follow the async operation to its end (honouring Retry-After)"),
    ("GET", r"/fluxConfigurations/[^/]+$", "before the PUT: what a replace would remove (§11, a 404 for a new "
     "name); after the operation: the final state, the command's output"),
]
# The one URL flux create reads twice, for two reasons (WHY): before its PUT and once the operation has ended.
READ_TWICE = re.compile(r"/fluxConfigurations/[^/]+$", re.IGNORECASE)


def _allowed(method, path):
    return 2 if method == "GET" and READ_TWICE.search(path) else 1


def why(request):
    for method, pattern, reason in WHY:
        if request["method"] == method and re.search(pattern, request["path"], re.IGNORECASE):
            return reason
    return "UNEXPECTED"


def short(path):
    path = re.sub(r"^/subscriptions/[^/]+", "/subscriptions/{sub}", path)
    path = re.sub(r"/resourceGroups/[^/]+", "/resourceGroups/{rg}", path, flags=re.IGNORECASE)
    path = re.sub(r"/connectedClusters/[^/]+", "/connectedClusters/{cluster}", path, flags=re.IGNORECASE)
    path = re.sub(r"/operations/[0-9a-f-]+", "/operations/{id}", path)
    path = re.sub(r"/fluxConfigurations/[^/]+", "/fluxConfigurations/{name}", path)
    return path.replace("/providers/Microsoft.KubernetesConfiguration", "/providers/M.KC")


def duplicates(requests, ignore_polls=False):
    keys = collections.Counter(
        (r["method"], r["path"].lower(), r["query"]) for r in requests
        if not (ignore_polls and "/operations/" in r["path"].lower()))
    return [key for key, n in keys.items() if n > _allowed(key[0], key[1])]


_WIRE = re.compile(r'urllib3\.connectionpool: https?://\S+ "(\w+) (\S+) HTTP/1\.1" (\d+)')


def wire_requests(stderr):
    """Every HTTP request az made, identity endpoint included, from its --debug log (urllib3 lines)."""
    return [(m.group(1), m.group(2).split("?", 1)[0], int(m.group(3))) for m in _WIRE.finditer(stderr)]


def completion_to_return(seeder, run):
    """Seconds from the operation's end in the emulator to the az process being reaped."""
    polls = [r for r in run.requests if "/operations/" in r["path"].lower()]
    if not polls:
        return None
    row = seeder.operation_ended(polls[-1]["path"].rsplit("/", 1)[1])
    return run.ended_at - row[0] if row and row[0] else None


def create(bench, cluster, name, extra=""):
    return bench.az("k8s-configuration flux create {} -n {} --namespace {} {} -u "
                    "https://github.com/fluxcd/flux2-kustomize-helm-example --branch main "
                    "-k name=infra path=./infrastructure prune=true "
                    "-k name=apps path=./apps/staging prune=true dependsOn=[\"infra\"]".format(
                        cluster["args"], name, name, extra))


def run(bench):
    seeder = Seeder(bench.emulator)
    cluster = seeder.cluster(with_flux=True)
    retry_after = bench.emulator.settings()["retry_after"]
    bench.emulator.set_operation_seconds(0)
    runs = [create(bench, cluster, "bench-create-{}".format(i)) for i in range(RUNS)]
    wall = statistics.median(r.seconds for r in runs)
    first = runs[0]
    failures = []
    for r in runs:
        for method, path, query in duplicates(r.requests):
            failures.append("flux create sent {} {}?{} more than once".format(method, short(path), query))
        unexpected = [x for x in r.requests if why(x) == "UNEXPECTED"]
        for x in unexpected:
            failures.append("flux create sent an unexpected request: {} {}".format(x["method"], short(x["path"])))
    # the emulator's log has ARM calls only; az's --debug log shows the identity endpoint too
    debug = create(bench, cluster, "bench-create-debug", "--debug")
    wire = wire_requests(debug.stderr)
    tokens = len([w for w in wire if "/msi/token" in w[1]])
    wire_dups = [k for k, n in collections.Counter(w[:2] for w in wire if "/operations/" not in w[1]).items()
                 if n > _allowed(k[0], k[1])]
    for method, path in wire_dups:
        failures.append("flux create sent {} {} more than once (--debug log)".format(method, short(path)))
    lag0 = statistics.median(v for v in (completion_to_return(seeder, r) for r in runs) if v is not None)

    bench.emulator.set_operation_seconds(SLOW_OPERATION_SECONDS)
    try:
        slow = create(bench, cluster, "bench-create-slow")
    finally:
        bench.emulator.set_operation_seconds(0)
    for method, path, query in duplicates(slow.requests, ignore_polls=True):
        failures.append("flux create (slow operation) sent {} {}?{} more than once".format(method, short(path),
                                                                                           query))
    lag = completion_to_return(seeder, slow)
    polls = len([r for r in slow.requests if "/operations/" in r["path"].lower()])
    if lag is None or lag > retry_after:
        failures.append("flux create returned {} after the operation ended; target <= one Retry-After ({} s)"
                        .format("?" if lag is None else ms(lag), retry_after))

    rows = [
        ("3 create", "`flux create` wall time, operation time 0 (median of {})".format(RUNS), ms(wall), "", ""),
        ("3 create", "requests sent (operation time 0)", str(len(first.requests)),
         "no duplicates (the configuration's GET: before the PUT, after the operation)",
         "PASS" if not duplicates(first.requests) else "FAIL"),
        ("3 create", "HTTP requests incl. identity endpoint (from --debug)", "{} ({} token)".format(
            len(wire), tokens), "no duplicates", "PASS" if not wire_dups else "FAIL"),
        ("3 create", "operation end -> az returned (operation time 0)", ms(lag0),
         "<= {} s (Retry-After)".format(retry_after), "PASS" if lag0 <= retry_after else "MISS"),
        ("3 create", "operation end -> az returned (operation {} s, {} polls)".format(SLOW_OPERATION_SECONDS,
                                                                                       polls),
         "?" if lag is None else ms(lag), "<= {} s (Retry-After)".format(retry_after),
         "PASS" if lag is not None and lag <= retry_after else "MISS"),
    ]
    lines = ["| # | request | status | ms (server) | why it is needed |", "|---|---|---|---|---|"]
    for i, r in enumerate(first.requests, 1):
        lines.append("| {} | `{} {}` | {} | {:.1f} | {} |".format(i, r["method"], short(r["path"]), r["status"],
                                                                 r["latency_ms"], why(r)))
    lines.append("")
    lines.append("Before these, az fetches its access token: {} request(s) to the identity endpoint (seen in the "
                 "`--debug` log; the emulator does not log identity calls).".format(tokens))
    section = ("`flux create` request sequence (microsoft.flux installed, operation time 0)", "\n".join(lines))
    return rows, [], failures, [section]
