"""6. `flux validate` end to end with the real az: the sample repository (demo/sample-repo) over a loopback HTTPS
git server with basic auth and a private CA (target: under 2 s), and generated repositories of 100 and 1,000
manifests in 20 kustomizations, to show that the cost grows linearly with the manifests (kubectl kustomize when on
PATH, as users run it; and the YAML fallback, which shows the engine's own cost)."""
import json
import os
import statistics
import sys
import tempfile

from common import mib, ms

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.harness.git_repos import RepoBuilder, SampleRepository  # noqa: E402
from tests.harness.git_servers import GitHttpsServer  # noqa: E402

RUNS = 3
SAMPLE_TARGET_SECONDS = 2.0
KUSTOMIZATIONS = 20
SIZES = (100, 1000)
USER, TOKEN = "bench", "bench-token-0123456789"
CM = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\n  namespace: team-{k}\n  labels:\n"
      "    app: bench\ndata:\n  index: \"{i}\"\n  text: some configuration value {i}\n")


def generated_repository(path, manifests):
    """`manifests` ConfigMaps spread over KUSTOMIZATIONS directories, each with its kustomization.yaml and its
    namespace."""
    repo = RepoBuilder(path)
    files = {}
    per = manifests // KUSTOMIZATIONS
    for k in range(KUSTOMIZATIONS):
        names = [f"cm-{i}.yaml" for i in range(k * per, (k + 1) * per)]
        for name in names:
            files[f"k{k:02d}/{name}"] = CM.format(i=name[3:-5], k=k)
        files[f"k{k:02d}/ns.yaml"] = f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-{k}\n"
        files[f"k{k:02d}/kustomization.yaml"] = "resources:\n" + "".join(f"- {n}\n" for n in ["ns.yaml"] + names)
    repo.commit(files, f"{manifests} manifests")
    return repo


def _median(bench, args, env=None):
    runs = []
    for _ in range(RUNS):
        saved = dict(bench.env)
        bench.env.update(env or {})
        try:
            runs.append(bench.az(args, log_requests=False))
        finally:
            bench.env.clear()
            bench.env.update(saved)
    return statistics.median(r.seconds for r in runs), max(r.maxrss_kb for r in runs), runs[0]


def run(bench):
    rows, notes, failures = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        repos = os.path.join(tmp, "repos")
        SampleRepository(os.path.join(repos, "sample.git"))
        for n in SIZES:
            generated_repository(os.path.join(repos, f"gen{n}.git"), n)
        with GitHttpsServer(repos, os.path.join(tmp, "certs"), USER, TOKEN) as server:
            token = os.path.join(tmp, "token")
            with open(token, "w", encoding="utf-8") as f:
                f.write(TOKEN)
            auth = f"--https-user {USER} --https-key @{token} --https-ca-cert-file {server.ca_path}"
            seconds, rss, first = _median(
                bench, f"k8s-configuration flux validate -u {server.url('sample.git')} {auth} --branch main "
                       "-k name=infra path=./infrastructure -k name=apps path=./apps/staging depends_on=infra")
            if not json.loads(first.stdout)["valid"]:
                failures.append("flux validate of the sample repository was not valid")
            rows.append(("6 validate", "`flux validate` of the sample repository (HTTPS, 2 kustomizations, kubectl "
                         "kustomize)", f"{ms(seconds)} / {mib(rss)}", f"< {SAMPLE_TARGET_SECONDS:.0f} s",
                         "ok" if seconds < SAMPLE_TARGET_SECONDS else "MISS"))
            ks = " ".join(f"-k name=k{k:02d} path=./k{k:02d}" for k in range(KUSTOMIZATIONS))
            for label, env in (("kubectl kustomize", None), ("YAML fallback", {"PATH": tmp})):
                base = None
                for n in SIZES:
                    seconds, rss, first = _median(
                        bench, f"k8s-configuration flux validate -u {server.url(f'gen{n}.git')} {auth} --branch main "
                               f"{ks}", env)
                    objects = sum(len(k["objects"]) for k in json.loads(first.stdout)["kustomizations"])
                    if objects != n + KUSTOMIZATIONS:
                        failures.append(f"flux validate of {n} manifests reported {objects} objects")
                    base = base or (seconds, n)
                    growth = "" if n == base[1] else \
                        f"x{seconds / base[0]:.2f} time for x{n / base[1]:.0f} manifests"
                    rows.append(("6 validate", f"`flux validate`, {n:,} manifests in {KUSTOMIZATIONS} kustomizations "
                                 f"({label})", f"{ms(seconds)} / {mib(rss)}", "linear", growth))
    notes.append("flux validate: wall time of the whole az command (start-up, fetch over loopback HTTPS, builds, "
                 f"report), median of {RUNS}; the fixed part is az's start-up and one build per kustomization.")
    return rows, notes, failures
