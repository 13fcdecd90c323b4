"""Go-style durations (``1h30m``, ``45s``) in whole seconds, the unit the wire uses."""
import re

from azure.cli.core.azclierror import InvalidArgumentValueError

from .examples import example

# ASCII digits only ("\d" would also accept other scripts' digits, which Go does not).
_DURATION = re.compile(r"(?:(?P<h>[0-9]+)h)?(?:(?P<m>[0-9]+)m)?(?:(?P<s>[0-9]+)s)?")
# Go's time.Duration is an int64 of nanoseconds: about 292 years.
MAX_SECONDS = (2 ** 63 - 1) // 10 ** 9

RECOMMENDATION = "Use Go duration format with whole units, e.g. 10m, 1h30m, 45s."


def parse_duration(value, option):
    """Return the number of seconds in ``value`` (e.g. ``'1h30m'`` -> 5400).

    ``option`` is the name shown in errors, e.g. ``'--sync-interval'`` or ``'-k timeout'``.
    Units must appear in the order h, m, s, each at most once; the total must be > 0.
    """
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    match = _DURATION.fullmatch(text)
    if not text or match is None:
        raise InvalidArgumentValueError(
            f"{option} '{text}' is not a valid duration. {RECOMMENDATION}",
            f"Pass {option} as hours/minutes/seconds, e.g. {example(option, '10m')}")
    hours, minutes, seconds = (int(match.group(g) or 0) for g in ("h", "m", "s"))
    total = hours * 3600 + minutes * 60 + seconds
    if total <= 0:
        raise InvalidArgumentValueError(
            f"{option} '{text}' must be longer than zero.",
            f"Pass a positive duration, e.g. {example(option, '10m')}")
    if total > MAX_SECONDS:
        raise InvalidArgumentValueError(
            f"{option} '{text}' is too long; the maximum is {format_duration(MAX_SECONDS)}.",
            f"Pass a shorter duration, e.g. {example(option, '24h')}")
    return total


def format_duration(seconds):
    """Format whole seconds as a Go duration: 3725 -> '1h2m5s', 600 -> '10m', 0 -> '0s'."""
    if seconds is None:
        return None
    seconds = int(seconds)
    if seconds <= 0:
        return "0s"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n]
    return "".join(parts)
