"""Hypothesis settings and the example counter for the fuzz suite.

FUZZ_PROFILE=ci (default): 100 generated inputs per property (~2,600 in total), derandomized (the
same inputs every run).
FUZZ_PROFILE=full: 600 per property (~15,600 in total, >= 10,000), random seed (what `make fuzz` runs).
The total is printed at the end of the run ("fuzz: N generated inputs ...", also under pytest-xdist)
and, when FUZZ_REPORT names a file, written there as JSON.
"""
import json
import os
import sys

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "unit"))  # keygen, spec_schema

from fuzz_counter import ACCEPTED, COUNTS  # noqa: E402

PROFILE = os.environ.get("FUZZ_PROFILE", "ci")
_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                     HealthCheck.filter_too_much])
settings.register_profile("ci", max_examples=100, derandomize=True, **_COMMON)
settings.register_profile("full", max_examples=600, **_COMMON)
settings.load_profile(PROFILE)


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the counts to the controller
        workeroutput["fuzz_counts"] = dict(COUNTS)
        workeroutput["fuzz_accepted"] = dict(ACCEPTED)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):  # xdist controller
    output = getattr(node, "workeroutput", {})
    COUNTS.update(output.get("fuzz_counts", {}))
    ACCEPTED.update(output.get("fuzz_accepted", {}))


def pytest_terminal_summary(terminalreporter):
    if not COUNTS:
        return
    total = sum(COUNTS.values())
    terminalreporter.write_sep("-", f"fuzz: {total} generated inputs in {len(COUNTS)} properties "
                                    f"(FUZZ_PROFILE={PROFILE})")
    terminalreporter.write_line(f"  {'inputs':>6}  {'valid':>6}  property")
    for name, count in sorted(COUNTS.items()):
        terminalreporter.write_line(f"  {count:6d}  {ACCEPTED.get(name, 0):6d}  {name}")
    report = os.environ.get("FUZZ_REPORT")
    if report:
        with open(report, "w", encoding="utf-8") as handle:
            json.dump({"profile": PROFILE, "total": total, "properties": dict(COUNTS),
                       "accepted": dict(ACCEPTED)}, handle, indent=2)
