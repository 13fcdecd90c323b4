"""`flux wait` and `k8s-extension wait` with the real az (REFERENCE §11): one condition at a time — several are refused
before any request, never one met while another is ignored — and --timeout/--interval in seconds or Go durations."""
from itertools import combinations

import pytest
from flux_helpers import tutorial_create

CONDITIONS = ["--created", "--updated", "--deleted", "--exists", "--custom \"complianceState=='Non-Compliant'\""]
WAITS = ["k8s-configuration flux wait {c} -n gitops-demo", "k8s-extension wait {c} -n flux"]


@pytest.mark.parametrize("first, second", list(combinations(CONDITIONS, 2)),
                         ids=lambda option: option.split()[0])
@pytest.mark.parametrize("wait", WAITS, ids=["flux", "extension"])
def test_two_conditions_are_refused_before_any_request(az, cluster, wait, first, second):
    result = az(f"{wait.format(c=cluster.args)} {first} {second} --timeout 6", check=False)
    assert result.exit_code == 1, result.stderr
    named = f"{first.split()[0]} and {second.split()[0]}"
    assert f"Pass one wait condition, not several: {named} were given together." in result.stderr, result.stderr
    assert result.requests == []


def test_waits_take_go_durations_and_refuse_fractions_of_a_second(az, cluster):
    az(tutorial_create(cluster), check=True)
    for wait in WAITS:
        command = wait.format(c=cluster.args)
        az(f"{command} --created --interval 1s --timeout 10m", check=True)
        az(f"{command} --exists --interval 2000ms --timeout 1.5h", check=True)
        refused = az(f"{command} --created --interval 500ms", check=False)
        assert refused.exit_code == 1 and refused.requests == [], refused.stderr
        assert "--interval '500ms' is not a whole number of seconds: the service holds durations in whole seconds" \
            in refused.stderr
    timed_out = az(f"{WAITS[0].format(c=cluster.args)} --custom \"complianceState=='Non-Compliant'\" "
                   "--interval 1s --timeout 0.05m", check=False)
    assert timed_out.exit_code == 1 and "Timed out after 3 s" in timed_out.stderr, timed_out.stderr
