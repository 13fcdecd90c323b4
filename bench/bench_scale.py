"""4. Scale: `flux list` over 10/100/1,000 configurations (pages of 100) and `flux deployed-object list` over
10/100/5,000 statuses: wall time and peak memory of the az process, to show the growth."""
import statistics

from common import mib, ms
from seed import Seeder

RUNS = 3
LIST_SIZES = (10, 100, 1000)
STATUS_SIZES = (10, 100, 5000)


def _measure(bench, args):
    runs = [bench.az(args) for _ in range(RUNS)]
    return (statistics.median(r.seconds for r in runs), max(r.maxrss_kb for r in runs), runs[0].requests,
            runs[0].stdout)


def run(bench):
    seeder = Seeder(bench.emulator)
    page_size = bench.emulator.settings()["page_size"]
    rows, failures = [], []
    base = None
    for n in LIST_SIZES:
        cluster = seeder.cluster(with_flux=True)
        seeder.configuration(cluster, "cfg-template")
        seeder.copies(cluster, "cfg-template", n - 1)
        seconds, rss, requests, stdout = _measure(bench, "k8s-configuration flux list {} -o json".format(
            cluster["args"]))
        import json
        got = len(json.loads(stdout))
        if got != n:
            failures.append("flux list over {} configurations returned {}".format(n, got))
        gets = len([r for r in requests if r["method"] == "GET"])
        base = base or (seconds, rss)
        rows.append(("4 scale", "`flux list`, {:,} configurations ({} GET, pages of {})".format(n, gets, page_size),
                     "{} / {}".format(ms(seconds), mib(rss)), "",
                     "x{:.2f} time, x{:.2f} memory vs 10".format(seconds / base[0], rss / base[1])))
    base = None
    for n in STATUS_SIZES:
        cluster = seeder.cluster(with_flux=True)
        seeder.configuration(cluster, "wide")
        seeder.widen(cluster, "wide", n - 1)  # statuses = the source + one per kustomization
        seconds, rss, requests, stdout = _measure(bench, "k8s-configuration flux deployed-object list {} -n wide "
                                                  "-o json".format(cluster["args"]))
        import json
        got = len(json.loads(stdout))
        if got != n:
            failures.append("deployed-object list over {} statuses returned {}".format(n, got))
        base = base or (seconds, rss)
        rows.append(("4 scale", "`flux deployed-object list`, {:,} statuses ({} GET)".format(
            n, len([r for r in requests if r["method"] == "GET"])),
            "{} / {}".format(ms(seconds), mib(rss)), "",
            "x{:.2f} time, x{:.2f} memory vs 10".format(seconds / base[0], rss / base[1])))
    return rows, [], failures
