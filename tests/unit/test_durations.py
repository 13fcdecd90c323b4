"""Durations follow Go's time.ParseDuration exactly (what Flux reads), in whole seconds (what the service holds)."""
import pytest
from azure.cli.core.azclierror import InvalidArgumentValueError

from azext_k8s_configuration.validation.durations import (
    MAX_SECONDS,
    format_duration,
    go_nanoseconds,
    parse_duration,
    parse_seconds_or_duration,
)

# Go's own answers (time.ParseDuration), in nanoseconds: every unit, fractions, any order, signs, the int64 edges.
GO_ACCEPTS = [
    ("0", 0), ("-0", 0), ("+0", 0), ("5s", 5 * 10 ** 9), ("30s", 30 * 10 ** 9), ("1478s", 1478 * 10 ** 9),
    ("-5s", -5 * 10 ** 9), ("+5s", 5 * 10 ** 9), ("-0s", 0), ("5.0s", 5 * 10 ** 9), ("5.6s", 5_600_000_000),
    ("5.s", 5 * 10 ** 9), (".5s", 500_000_000), ("1.004s", 1_004_000_000), ("100.00100s", 100_001_000_000),
    ("10ns", 10), ("11us", 11_000), ("12µs", 12_000), ("12μs", 12_000), ("13ms", 13_000_000),
    ("14s", 14 * 10 ** 9), ("15m", 15 * 60 * 10 ** 9), ("16h", 16 * 3600 * 10 ** 9),
    ("3h30m", 12600 * 10 ** 9), ("10.5s4m", 250_500_000_000), ("-2m3.4s", -123_400_000_000),
    ("1h2m3s4ms5us6ns", 3_723_004_005_006), ("39h9m14.425s", 140_954_425_000_000),
    ("52763797000ns", 52_763_797_000), ("0.3333333333333333333h", 20 * 60 * 10 ** 9),
    ("9007199254740993ns", 9_007_199_254_740_993), ("9223372036854775807ns", 2 ** 63 - 1),
    ("9223372036854775.807us", 2 ** 63 - 1), ("9223372036s854ms775us807ns", 2 ** 63 - 1),
    ("-9223372036854775808ns", -2 ** 63), ("-2562047h47m16.854775808s", -2 ** 63),
    ("0.100000000000000000000h", 360 * 10 ** 9), ("0.830103483285477580700h", 2_988_372_539_827),
    ("1.5h", 5400 * 10 ** 9), ("30s1m", 90 * 10 ** 9), ("1m1h", 3660 * 10 ** 9), ("1s1s", 2 * 10 ** 9),
    ("000010m", 600 * 10 ** 9),
]
GO_REFUSES = ["", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "10", "5m30", "1h30mfoo", "1H", "1 h", " 1h", "1h ",
              "1h\n", "m", "h", "00", "P1D", "PT10M", "١h", "1hm", "\t", "10 m", "1h30", "1e3s", "1_0s", "--1s",
              "+-1s", "1,5h", "1.5.h", "9223372036854775808ns", "-9223372036854775809ns", "9223372036854776us",
              "3000000h", "9223372036854775.808us", "9223372036854ms775us808ns"]


@pytest.mark.parametrize("text, nanoseconds", GO_ACCEPTS)
def test_go_accepts(text, nanoseconds):
    assert go_nanoseconds(text) == nanoseconds


@pytest.mark.parametrize("text", GO_REFUSES)
def test_go_refuses(text):
    with pytest.raises(ValueError):
        go_nanoseconds(text)


@pytest.mark.parametrize("text, seconds", [
    ("1s", 1), ("45s", 45), ("10m", 600), ("1h", 3600), ("1h30m", 5400), ("1h2m5s", 3725), ("2m30s", 150),
    ("1h5s", 3605), ("90m", 5400), ("0h1s", 1), ("000010m", 600), ("100h", 360000), ("0m60s", 60),
    ("1.5h", 5400), ("30s1m", 90), ("1m1h", 3660), ("1s1s", 2), ("+1h", 3600), ("2000ms", 2), ("1.5m", 90),
    (".5m", 30), ("3000000000ns", 3), ("1000000us", 1), ("1000000µs", 1), ("0.25h", 900), ("1.m", 60),
])
def test_valid_durations(text, seconds):
    assert parse_duration(text, "--timeout") == seconds


@pytest.mark.parametrize("text", GO_REFUSES[:-6])
def test_what_go_refuses_names_the_option(text):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_duration(text, "--sync-interval")
    assert err.value.error_msg.startswith(f"--sync-interval '{text}' is not a valid duration")
    assert err.value.recommendations


@pytest.mark.parametrize("text, why", [
    ("10", "each number needs a unit"), ("1d", "unknown unit 'd'"), ("1H", "unknown unit 'H'"),
    (".s", "a '.' needs digits"), ("", "it is empty"),
])
def test_the_message_says_why(text, why):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_duration(text, "--sync-interval")
    assert err.value.error_msg == (f"--sync-interval '{text}' is not a valid duration ({why}). Use a Go duration: "
                                   "numbers with units h, m, s (or ms, us, ns), e.g. 10m, 1h30m, 1.5h, 45s.")


@pytest.mark.parametrize("text", ["500ms", "1.5s", "1001ms", "1ns", "1us", "1ms", "0.1s", "1h0.5s", "999999999ns"])
def test_a_fraction_of_a_second_is_refused_because_the_service_holds_whole_seconds(text):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_duration(text, "--interval")
    assert err.value.error_msg == (f"--interval '{text}' is not a whole number of seconds: the service holds "
                                   "durations in whole seconds.")
    assert "Round it to whole seconds" in err.value.recommendations[0]


@pytest.mark.parametrize("text", ["0", "-0", "+0", "0s", "0h0m0s", "0.0h", "-1h", "-1s", "-500ms", "-0.5h"])
def test_zero_and_negative_are_refused_with_their_own_message(text):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_duration(text, "--timeout")
    assert err.value.error_msg == f"--timeout '{text}' must be longer than zero."


@pytest.mark.parametrize("text", [f"{MAX_SECONDS + 1}s", "9223372036854775808ns", "3000000h", "99999999999999999999h"])
def test_overflowing_duration_refused(text):
    assert parse_duration(f"{MAX_SECONDS}s", "--timeout") == MAX_SECONDS
    with pytest.raises(InvalidArgumentValueError, match="too long; the maximum is 2562047h47m16s"):
        parse_duration(text, "--timeout")


@pytest.mark.parametrize("value", [None, 10, 1.5])
def test_non_string_values(value):
    with pytest.raises(InvalidArgumentValueError):
        parse_duration(value, "--timeout")


# wait's --timeout/--interval: plain seconds as az's generic wait takes them, or whatever parse_duration accepts.
@pytest.mark.parametrize("text, seconds", [
    ("1", 1), ("600", 600), ("0600", 600), ("+5", 5), ("10m", 600), ("1.5h", 5400), ("90s", 90), ("2000ms", 2),
    (str(MAX_SECONDS), MAX_SECONDS),
])
def test_wait_takes_seconds_or_durations(text, seconds):
    assert parse_seconds_or_duration(text, "--timeout") == seconds


@pytest.mark.parametrize("text, says", [
    ("0", "must be 1 second or more"), ("-5", "must be 1 second or more"), ("00", "must be 1 second or more"),
    ("0s", "must be longer than zero"), ("500ms", "the service holds durations in whole seconds"),
    ("1.5", "is not a valid duration"), ("10 m", "is not a valid duration"), ("1d", "unknown unit 'd'"),
    ("", "is not a valid duration"), ("٣", "is not a valid duration"), (str(MAX_SECONDS + 1), "too long"),
])
def test_wait_refusals_name_the_option(text, says):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_seconds_or_duration(text, "--interval")
    assert err.value.error_msg.startswith(f"--interval '{text}'") and says in err.value.error_msg


def test_wait_recommendation_mentions_plain_seconds():
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_seconds_or_duration("ten", "--timeout")
    assert err.value.error_msg.endswith("; or whole seconds, e.g. 600.")


@pytest.mark.parametrize("seconds, text", [
    (0, "0s"), (1, "1s"), (59, "59s"), (60, "1m"), (600, "10m"), (3600, "1h"), (3605, "1h5s"),
    (3725, "1h2m5s"), (5400, "1h30m"), (86400, "24h"), (-5, "0s"),
])
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_format_none_is_none():
    assert format_duration(None) is None


@pytest.mark.parametrize("seconds", [1, 59, 60, 61, 3599, 3600, 3601, 86399, 123456, MAX_SECONDS])
def test_round_trip(seconds):
    assert parse_duration(format_duration(seconds), "--timeout") == seconds


def test_the_example_in_the_hint_names_the_option():
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_duration("1d", "--sync-interval")
    assert err.value.recommendations[0].endswith("e.g. --sync-interval 10m")
