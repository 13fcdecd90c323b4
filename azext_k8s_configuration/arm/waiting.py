"""`wait` commands: poll a resource until a condition holds (REFERENCE §8, §11).

The options are azure-cli's generic ones (--created, --updated, --deleted, --exists, --custom, --interval,
--timeout), but the outcome is a contract a script can trust: exit 0 only when the condition was met; exit 1 when
the timeout passes (saying the last state seen, or that the resource never appeared) or when the resource is
Failed (with the service's own message); exit 3 when its cluster, resource group or subscription does not exist.
"""
from dataclasses import dataclass

from azure.cli.core.azclierror import (
    AzureResponseError,
    InvalidArgumentValueError,
    MutuallyExclusiveArgumentError,
    RequiredArgumentMissingError,
)

from ..validation.durations import parse_seconds_or_duration
from .output import to_output
from .waiter import poll

DEFAULT_INTERVAL_SECONDS = 5
DEFAULT_TIMEOUT_SECONDS = 3600
CONDITIONS = "--created, --updated, --deleted, --exists or --custom JMESPATH"


@dataclass(frozen=True)
class Condition:
    """The one condition a wait is for (check() refuses none, or several)."""
    created: bool = False
    updated: bool = False
    deleted: bool = False
    exists: bool = False
    custom: str = None

    def given(self):
        """The condition options given, as typed (--custom counts even when empty)."""
        return [f"--{name}" for name in ("created", "updated", "deleted", "exists") if getattr(self, name)] + \
            (["--custom"] if self.custom is not None else [])

    def check(self):
        """Raise a typed error, before anything is sent, unless exactly one valid condition was given: with several,
        one could be met while another is ignored (az's generic wait takes one, too)."""
        given = self.given()
        if not given:
            raise RequiredArgumentMissingError("Say what to wait for: no wait condition was given.",
                                               f"Pass one of {CONDITIONS}.")
        if len(given) > 1:
            raise MutuallyExclusiveArgumentError(
                f"Pass one wait condition, not several: {_joined(given)} were given together.",
                "Wait for one at a time (run wait once per condition), or test several fields in one --custom "
                "query, e.g. --custom \"provisioningState=='Succeeded' && complianceState=='Compliant'\".")
        if self.custom is not None:
            _refuse_bad_query(self.custom)

    def met_by(self, shown):
        """True when the resource as `show` prints it (None: absent) satisfies the condition."""
        if shown is None:
            return self.deleted
        if self.exists:
            return True
        if (self.created or self.updated) and state_of(shown).lower() == "succeeded":
            return True
        if self.custom:
            from jmespath import search
            return bool(search(self.custom, shown))
        return False

    def describe(self):
        if self.custom is not None:
            return f'--custom "{self.custom}"'
        return self.given()[0]


def _joined(options):
    return ", ".join(options[:-1]) + " and " + options[-1]


def _refuse_bad_query(query):
    from jmespath import compile as compile_jmespath
    from jmespath.exceptions import JMESPathError
    try:
        compile_jmespath(query)
    except JMESPathError as error:
        raise InvalidArgumentValueError(f"--custom is not a valid JMESPath query: {error}",
                                        "E.g. --custom \"complianceState=='Compliant'\".") from None


def poll_seconds(interval, timeout):
    """--interval and --timeout in seconds (None: the default), from plain seconds or Go durations; refused with a
    typed error, before anything is sent, when they are not 1 second or more."""
    return (DEFAULT_INTERVAL_SECONDS if interval is None else parse_seconds_or_duration(interval, "--interval"),
            DEFAULT_TIMEOUT_SECONDS if timeout is None else parse_seconds_or_duration(timeout, "--timeout"))


def state_of(shown):
    return str(shown.get("provisioningState") or "")


def wait_until(cmd, what, read, condition, interval, timeout, failure_of, show_command):
    """Poll read() (the resource, or None when it alone is absent) every `interval` seconds until `condition`
    holds; raise a typed error on Failed (failure_of(resource) says why) or when `timeout` seconds pass.
    Returns None, as az's wait does. A delete that is running may show any state: --deleted waits through it.
    The caller runs condition.check() and poll_seconds() first, before any request."""
    seen = _Seen()

    def met(found):
        shown = to_output(found) if found is not None else None
        seen.present = shown is not None
        if condition.met_by(shown):
            return True
        if shown is not None:
            seen.last = shown
            if state_of(shown).lower() == "failed" and not condition.deleted:
                details = failure_of(found) or "the service gave no error message"
                raise AzureResponseError(f"{what} is Failed: {details}", f"See it with `{show_command}`.")
        return False

    poll(cmd, read, met, interval, progress=lambda _found: f"Waiting for {what}", timeout=timeout,
         timed_out=lambda _found: _timed_out(what, condition, timeout, seen.last, seen.present, show_command),
         still=lambda _found, seconds: ("Still waiting for %s (%s, %ds)...", what, _seen(seen.last, seen.present),
                                        seconds))


class _Seen:
    """What a wait saw last: the last resource read (as `show` prints it), and whether the latest read found it."""
    last = None
    present = False


def _seen(last, present):
    if last is None:
        return "not there"
    if not present:
        return "gone"
    seen = f"provisioningState {state_of(last) or 'unknown'}"
    if last.get("complianceState"):
        seen += f", complianceState {last['complianceState']}"
    return seen


def _timed_out(what, condition, timeout, last, present, show_command):
    if last is None:
        message = f"Timed out after {timeout} s waiting for {what} ({condition.describe()}): it never appeared."
    else:
        message = (f"Timed out after {timeout} s waiting for {what} ({condition.describe()}); last seen: "
                   f"{_seen(last, present)}.")
    return AzureResponseError(message, f"See its current state with `{show_command}`; wait longer with --timeout.")
