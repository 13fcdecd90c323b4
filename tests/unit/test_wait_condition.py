"""`wait` takes exactly one condition (never one met while another is ignored), and --timeout/--interval in seconds
or Go durations; both are refused before anything is sent (arm/waiting.py)."""
from itertools import combinations

import pytest
from azure.cli.core.azclierror import (
    InvalidArgumentValueError,
    MutuallyExclusiveArgumentError,
    RequiredArgumentMissingError,
)

from azext_k8s_configuration.arm.waiting import (
    DEFAULT_INTERVAL_SECONDS,
    DEFAULT_TIMEOUT_SECONDS,
    Condition,
    poll_seconds,
)

QUERY = "complianceState=='Non-Compliant'"
OPTIONS = {"--created": {"created": True}, "--updated": {"updated": True}, "--deleted": {"deleted": True},
           "--exists": {"exists": True}, "--custom": {"custom": QUERY}}
SEVERAL = [names for size in range(2, len(OPTIONS) + 1) for names in combinations(OPTIONS, size)]


def condition_of(names):
    return Condition(**{key: value for name in names for key, value in OPTIONS[name].items()})


@pytest.mark.parametrize("names", SEVERAL, ids=" ".join)
def test_several_conditions_are_refused_naming_each(names):
    with pytest.raises(MutuallyExclusiveArgumentError) as err:
        condition_of(names).check()
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    assert err.value.error_msg == f"Pass one wait condition, not several: {listed} were given together."
    assert "--custom" in err.value.recommendations[0]


def test_an_empty_custom_query_counts_as_a_condition():
    with pytest.raises(MutuallyExclusiveArgumentError, match="--created and --custom"):
        Condition(created=True, custom="").check()
    with pytest.raises(InvalidArgumentValueError, match="--custom is not a valid JMESPath query"):
        Condition(custom="").check()


def test_no_condition_is_refused_listing_them():
    with pytest.raises(RequiredArgumentMissingError) as err:
        Condition().check()
    assert "no wait condition was given" in err.value.error_msg
    assert "--created, --updated, --deleted, --exists or --custom" in err.value.recommendations[0]


@pytest.mark.parametrize("name", OPTIONS)
def test_one_condition_is_taken(name):
    condition = condition_of([name])
    condition.check()
    assert condition.describe() == (f'--custom "{QUERY}"' if name == "--custom" else name)


SUCCEEDED_COMPLIANT = {"provisioningState": "Succeeded", "complianceState": "Compliant"}
CREATING = {"provisioningState": "Creating", "complianceState": "Pending"}


@pytest.mark.parametrize("name, shown, met", [
    ("--created", SUCCEEDED_COMPLIANT, True), ("--created", CREATING, False), ("--created", None, False),
    ("--updated", SUCCEEDED_COMPLIANT, True), ("--updated", CREATING, False),
    ("--deleted", None, True), ("--deleted", SUCCEEDED_COMPLIANT, False),
    ("--exists", CREATING, True), ("--exists", None, False),
    ("--custom", SUCCEEDED_COMPLIANT, False), ("--custom", {"complianceState": "Non-Compliant"}, True),
    ("--custom", None, False),
])
def test_the_one_condition_decides(name, shown, met):
    assert condition_of([name]).met_by(shown) is met


@pytest.mark.parametrize("interval, timeout, seconds", [
    (None, None, (DEFAULT_INTERVAL_SECONDS, DEFAULT_TIMEOUT_SECONDS)), ("1", "6", (1, 6)),
    ("30s", "10m", (30, 600)), ("2000ms", "1.5h", (2, 5400)), ("5", "1h30m", (5, 5400)),
])
def test_poll_seconds_take_seconds_or_go_durations(interval, timeout, seconds):
    assert poll_seconds(interval, timeout) == seconds


@pytest.mark.parametrize("interval, timeout, says", [
    ("500ms", None, "--interval '500ms' is not a whole number of seconds: the service holds durations in whole"),
    (None, "1.5s", "--timeout '1.5s' is not a whole number of seconds"),
    ("0", None, "--interval '0' must be 1 second or more"), (None, "-5", "--timeout '-5' must be 1 second or more"),
    (None, "10x", "--timeout '10x' is not a valid duration (unknown unit 'x')"),
    (None, "0s", "--timeout '0s' must be longer than zero"),
])
def test_poll_seconds_refusals_name_the_option(interval, timeout, says):
    with pytest.raises(InvalidArgumentValueError) as err:
        poll_seconds(interval, timeout)
    assert says in err.value.error_msg
