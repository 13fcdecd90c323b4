"""2. Reads: `az k8s-configuration flux show` against `az rest --method get` of the same URL (the floor)."""
from common import interleaved_medians, ms
from seed import Seeder

from tests.harness.arm import API

RUNS = 11
RATIO_TARGET = 1.2


def run(bench):
    seeder = Seeder(bench.emulator)
    cluster = seeder.cluster()
    path = seeder.configuration(cluster, "bench-read")
    url = "{}{}?api-version={}".format(bench.emulator.url, path, API["fluxConfigurations"])
    show = "k8s-configuration flux show {} -n bench-read".format(cluster["args"])
    rest = ["rest", "--method", "get", "--url", url]
    # each command is one GET; check it before timing so the ratio compares like with like
    counts = {name: len([r for r in bench.az(args).requests if r["method"] == "GET"])
              for name, args in (("show", show), ("rest", rest))}
    medians, _ = interleaved_medians(bench, {"show": show, "rest": rest}, RUNS)
    ratio = medians["show"] / medians["rest"]
    rows = [
        ("2 reads", "`az rest --method get` of the resource URL ({} GET)".format(counts["rest"]),
         ms(medians["rest"]), "", ""),
        ("2 reads", "`az k8s-configuration flux show` ({} GET)".format(counts["show"]), ms(medians["show"]),
         "", ""),
        ("2 reads", "ratio flux show / az rest", "{:.2f}x".format(ratio), "<= {}x".format(RATIO_TARGET),
         "PASS" if ratio <= RATIO_TARGET else "MISS"),
    ]
    failures = []
    if counts["show"] != 1:
        failures.append("flux show made {} GET requests, expected 1".format(counts["show"]))
    return rows, [], failures
