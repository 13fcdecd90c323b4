import pytest
from azure.cli.core.azclierror import InvalidArgumentValueError

from azext_k8s_configuration.validation.durations import MAX_SECONDS, format_duration, parse_duration


@pytest.mark.parametrize("text, seconds", [
    ("1s", 1), ("45s", 45), ("10m", 600), ("1h", 3600), ("1h30m", 5400), ("1h2m5s", 3725),
    ("2m30s", 150), ("1h5s", 3605), ("90m", 5400), ("0h1s", 1), ("000010m", 600), ("100h", 360000),
    ("0m60s", 60),
])
def test_valid_durations(text, seconds):
    assert parse_duration(text, "--timeout") == seconds


@pytest.mark.parametrize("text", [
    "", "10", "1d", "1.5h", "5m30", "1h30mfoo", "30s1m", "m", "h", "1H", "1 h", " 1h", "1h ", "1h\n",
    "-1h", "+1h", "1m1h", "1s1s", "1h1h", "0s", "0h0m0s", "0", "1ms", "1us", "1ns", "P1D", "PT10M",
    "1h30", "١h", "1hm", "\t", "10 m",
])
def test_invalid_durations_name_the_option(text):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_duration(text, "--sync-interval")
    assert "--sync-interval" in err.value.error_msg
    assert err.value.recommendations


def test_message_matches_documented_wording():
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_duration("1.5h", "--sync-interval")
    assert err.value.error_msg == ("--sync-interval '1.5h' is not a valid duration. Use Go duration format "
                                   "with whole units, e.g. 10m, 1h30m, 45s.")


def test_zero_is_refused_with_its_own_message():
    with pytest.raises(InvalidArgumentValueError, match="longer than zero"):
        parse_duration("0m", "--timeout")


def test_overflowing_duration_refused():
    assert parse_duration(f"{MAX_SECONDS}s", "--timeout") == MAX_SECONDS
    with pytest.raises(InvalidArgumentValueError, match="too long"):
        parse_duration(f"{MAX_SECONDS + 1}s", "--timeout")


@pytest.mark.parametrize("value", [None, 10, 1.5])
def test_non_string_values(value):
    with pytest.raises(InvalidArgumentValueError):
        parse_duration(value, "--timeout")


@pytest.mark.parametrize("seconds, text", [
    (0, "0s"), (1, "1s"), (59, "59s"), (60, "1m"), (600, "10m"), (3600, "1h"), (3605, "1h5s"),
    (3725, "1h2m5s"), (5400, "1h30m"), (86400, "24h"), (-5, "0s"),
])
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_format_none_is_none():
    assert format_duration(None) is None


@pytest.mark.parametrize("seconds", [1, 59, 60, 61, 3599, 3600, 3601, 86399, 123456])
def test_round_trip(seconds):
    assert parse_duration(format_duration(seconds), "--timeout") == seconds


def test_the_example_in_the_hint_names_the_option():
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_duration("1d", "--sync-interval")
    assert err.value.recommendations[0].endswith("e.g. --sync-interval 10m")
