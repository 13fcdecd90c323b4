"""Go durations (``1h30m``, ``1.5h``, ``90s``) in whole seconds, the unit the wire uses.

The syntax is exactly that of Go's ``time.ParseDuration`` (what Flux reads): a sequence of decimal numbers, each
with a unit (``ns``, ``us``/``µs``, ``ms``, ``s``, ``m``, ``h``), in any order, with an optional sign, e.g. ``10m``,
``1h30m``, ``1.5h``, ``30s1m``, ``2000ms``. The service holds whole seconds: a duration with a fraction of a second
(``500ms``, ``1.5s``) is refused, saying so; zero and negative durations are refused too.
`wait`'s --timeout/--interval also take plain seconds (``600``), as az's generic wait does.
"""
import re

from azure.cli.core.azclierror import InvalidArgumentValueError

from .examples import example

_NANOSECONDS_PER_SECOND = 10 ** 9
_UNITS = {"ns": 1, "us": 10 ** 3, "\u00b5s": 10 ** 3, "\u03bcs": 10 ** 3, "ms": 10 ** 6,
          "s": _NANOSECONDS_PER_SECOND, "m": 60 * _NANOSECONDS_PER_SECOND, "h": 3600 * _NANOSECONDS_PER_SECOND}
_UINT63 = 1 << 63
# Go's time.Duration is an int64 of nanoseconds: about 292 years.
MAX_SECONDS = (_UINT63 - 1) // _NANOSECONDS_PER_SECOND
# ASCII digits only ("\d" would also accept other scripts' digits, which Go does not).
_PLAIN_SECONDS = re.compile(r"[+-]?[0-9]+")

RECOMMENDATION = "Use a Go duration: numbers with units h, m, s (or ms, us, ns), e.g. 10m, 1h30m, 1.5h, 45s."


class _Invalid(ValueError):
    """Go refuses the text; the message says why (Go's own reasons: missing unit, unknown unit, invalid)."""


class _Overflow(ValueError):
    """Go refuses the text: it does not fit an int64 of nanoseconds."""


def go_nanoseconds(text):
    """Go's time.ParseDuration, step for step: the signed number of nanoseconds ``text`` stands for.
    Raises _Invalid or _Overflow where Go returns an error."""
    rest, negative = text, False
    if rest[:1] in ("-", "+"):
        negative, rest = rest[0] == "-", rest[1:]
    if rest == "0":
        return 0
    if not rest:
        raise _Invalid("it is empty" if not text else "a sign needs a number and a unit after it")
    total = 0
    while rest:
        if not (rest[0] == "." or _is_digit(rest[0])):
            raise _Invalid(f"'{rest[0]}' where a number was expected")
        whole, rest, had_whole = _leading_int(rest)
        fraction, scale, had_fraction = 0, 1.0, False
        if rest[:1] == ".":
            fraction, scale, rest, had_fraction = _leading_fraction(rest[1:])
        if not had_whole and not had_fraction:
            raise _Invalid("a '.' needs digits")
        unit_length = next((i for i, c in enumerate(rest) if c == "." or _is_digit(c)), len(rest))
        unit, rest = rest[:unit_length], rest[unit_length:]
        if not unit:
            raise _Invalid("each number needs a unit")
        if unit not in _UNITS:
            raise _Invalid(f"unknown unit '{unit}'")
        per_unit = _UNITS[unit]
        if whole > _UINT63 // per_unit:
            raise _Overflow()
        value = whole * per_unit
        if fraction > 0:
            # Go computes the fraction in float64 (nanosecond-exact for fractions of an hour); so do we, the same way
            value += int(float(fraction) * (float(per_unit) / scale))
            if value > _UINT63:
                raise _Overflow()
        total += value
        if total > _UINT63:
            raise _Overflow()
    if negative:
        return -total
    if total > _UINT63 - 1:
        raise _Overflow()
    return total


def _is_digit(character):
    return "0" <= character <= "9"


def _leading_int(text):
    value, i = 0, 0
    while i < len(text) and _is_digit(text[i]):
        if value > _UINT63 // 10:
            raise _Overflow()
        value = value * 10 + int(text[i])
        if value > _UINT63:
            raise _Overflow()
        i += 1
    return value, text[i:], i > 0


def _leading_fraction(text):
    """The digits after a '.': their value and scale (10 ** digits kept), as Go keeps them (it stops adding
    precision on overflow, without an error)."""
    value, scale, i, overflow = 0, 1.0, 0, False
    while i < len(text) and _is_digit(text[i]):
        if not overflow:
            if value > (_UINT63 - 1) // 10:
                overflow = True
            else:
                bigger = value * 10 + int(text[i])
                if bigger > _UINT63:
                    overflow = True
                else:
                    value, scale = bigger, scale * 10
        i += 1
    return value, scale, text[i:], i > 0


def parse_duration(value, option):
    """Return the number of seconds in ``value`` (e.g. ``'1h30m'`` -> 5400, ``'1.5h'`` -> 5400).

    ``option`` is the name shown in errors, e.g. ``'--sync-interval'`` or ``'-k timeout'``.
    Whatever Go's time.ParseDuration accepts, as long as it is a whole number of seconds greater than zero.
    """
    return _seconds(_text_of(value), option, RECOMMENDATION, f"as a Go duration, e.g. {example(option, '10m')}")


def parse_seconds_or_duration(value, option):
    """`wait`'s --timeout and --interval: plain whole seconds (``600``, as az's generic wait takes) or a Go duration
    (``10m``); returns seconds, 1 or more."""
    text = _text_of(value)
    how = f"as seconds or a Go duration, e.g. {example(option, '600')} or {example(option, '10m')}"
    if _PLAIN_SECONDS.fullmatch(text):
        seconds = int(text)
        if seconds <= 0:
            raise InvalidArgumentValueError(f"{option} '{text}' must be 1 second or more.", f"Pass {option} {how}")
        if seconds > MAX_SECONDS:
            raise _too_long(text, option)
        return seconds
    return _seconds(text, option, RECOMMENDATION[:-1] + "; or whole seconds, e.g. 600.", how)


def _text_of(value):
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _seconds(text, option, recommendation, how):
    try:
        nanoseconds = go_nanoseconds(text)
    except _Overflow:
        raise _too_long(text, option) from None
    except _Invalid as why:
        raise InvalidArgumentValueError(f"{option} '{text}' is not a valid duration ({why}). {recommendation}",
                                        f"Pass {option} {how}") from None
    if nanoseconds <= 0:
        raise InvalidArgumentValueError(f"{option} '{text}' must be longer than zero.", f"Pass {option} {how}")
    seconds, rest = divmod(nanoseconds, _NANOSECONDS_PER_SECOND)
    if rest:
        rounded = format_duration(max(seconds, 1))
        raise InvalidArgumentValueError(
            f"{option} '{text}' is not a whole number of seconds: the service holds durations in whole seconds.",
            f"Round it to whole seconds, e.g. {example(option, rounded)}")
    return seconds


def _too_long(text, option):
    return InvalidArgumentValueError(f"{option} '{text}' is too long; the maximum is {format_duration(MAX_SECONDS)}.",
                                     f"Pass a shorter duration, e.g. {example(option, '24h')}")


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
