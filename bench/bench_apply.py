"""`flux apply -f` on one cluster: the requests it sends against those of the create and update it replaces
(REFERENCE.md §12): absent -> no more than flux create's (the read that tells create from update is the one flux
create makes to warn about what it replaces); a change -> flux update's; unchanged -> the one read, nothing
written."""
import os
import tempfile

from seed import Seeder

TUTORIAL = ("-u https://github.com/fluxcd/flux2-kustomize-helm-example --branch main "
            "-k name=infra path=./infrastructure prune=true -k name=apps path=./apps/staging prune=true "
            "dependsOn=[\\\"infra\\\"]")
WRITES = ("PUT", "PATCH", "DELETE")


def _writes(run):
    return [r for r in run.requests if r["method"] in WRITES]


def run(bench):
    seeder = Seeder(bench.emulator)
    cluster = seeder.cluster(with_flux=True)
    other = seeder.cluster(with_flux=True)
    args = cluster["args"]
    create = bench.az(f"k8s-configuration flux create {args} -n bench-apply --namespace bench-apply {TUTORIAL}")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "bench-apply.yaml")
        bench.az(f"k8s-configuration flux export {args} -n bench-apply --file {path}")
        applied_create = bench.az(f"k8s-configuration flux apply {other['args']} -f {path}")
        unchanged = bench.az(f"k8s-configuration flux apply {other['args']} -f {path}")
        update = bench.az(f"k8s-configuration flux update {args} -n bench-apply --branch release")
        applied_update = bench.az(f"k8s-configuration flux apply {other['args']} -f {path} --branch release")

    failures = []
    pairs = [("absent: create", create, applied_create), ("changed: update --branch", update, applied_update)]
    rows = []
    for label, replaced, applied in pairs:
        ok = len(applied.requests) <= len(replaced.requests) and len(_writes(applied)) == len(_writes(replaced))
        if not ok:
            failures.append(f"flux apply ({label}) sent {len(applied.requests)} requests, {len(_writes(applied))} "
                            f"writes; the command it replaces {len(replaced.requests)}, {len(_writes(replaced))}")
        rows.append(("apply", f"requests, {label}", f"{len(applied.requests)} ({len(_writes(applied))} write)",
                     f"<= {len(replaced.requests)} (flux {label.split(': ')[1].split()[0]})",
                     "PASS" if ok else "FAIL"))
    ok = len(unchanged.requests) == 1 and not _writes(unchanged)
    if not ok:
        failures.append(f"flux apply (unchanged) sent {len(unchanged.requests)} requests")
    rows.append(("apply", "requests, unchanged", f"{len(unchanged.requests)} ({len(_writes(unchanged))} write)",
                 "1 read, 0 writes", "PASS" if ok else "FAIL"))
    return rows, [], failures, []
